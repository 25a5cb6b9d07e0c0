"""The "Sync" page of the main window: the panel plus the controller that syncs in the background.

Built once per sign-in (see ``ui/pages.py``); from then on it runs the scheduler on its timer
for the whole session and reports every run to the window's status bar through
``MainWindow.set_sync_state`` — found via ``self.window()``, so the shell needs no wiring.
"""
from __future__ import annotations

from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from sync.engine import SyncEngine
from sync.scheduler import SyncScheduler
from sync.summary import SyncSummary
from ui.qt import QVBoxLayout, QWidget
from ui.sync.controller import SyncController
from ui.sync.panel import SyncPanel


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, user: CurrentUser, *, scheduler: SyncScheduler | None = None) -> None:
        super().__init__()
        self.panel = SyncPanel(ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.controller = SyncController(scheduler or SyncScheduler(SyncEngine(ctx)), on_state=self._to_shell,
                                         parent=self)
        self.controller.summary_ready.connect(self.panel.show_summary)
        self.panel.sync_requested.connect(self.controller.sync_now)
        self.controller.start()

    def _to_shell(self, online, pending, last_ok) -> None:
        window = self.window()
        if window is not self and hasattr(window, "set_sync_state"):
            window.set_sync_state(online, pending, last_ok)

    def last_summary(self) -> SyncSummary | None:
        return self.controller.scheduler.last
