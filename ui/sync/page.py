"""The "Sync" page of the main window: what the last run said, and the cases the platform refused.

The background sync itself belongs to the session (``Workspace.sync``), not to this page; the
page shows each run's summary and offers "Sync now" and the retries.
"""
from __future__ import annotations

from ui.composition import Workspace
from ui.qt import QVBoxLayout, QWidget
from ui.sync.panel import SyncPanel


class SyncPage(QWidget):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.controller = ws.sync
        self.panel = SyncPanel(ws, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.controller.summary_ready.connect(self.panel.show_summary)
        self.panel.sync_requested.connect(self.controller.sync_now)
        if self.controller.last is not None:
            self.panel.show_summary(self.controller.last)
