"""The main window's status bar: who is signed in, which window, sync state, and a lock button."""
from __future__ import annotations

import datetime as dt

from desktop.config import Config
from desktop.domain.accounts import CurrentUser
from desktop.domain.hall_clock import hall_clock
from ui.events import SyncState
from ui.qt import QCoreApplication, QLabel, QPushButton, QStatusBar, Signal


def role_label(role: str) -> str:
    labels = {"clerk": QCoreApplication.translate("Roles", "Clerk"),
              "supervisor": QCoreApplication.translate("Roles", "Supervisor"),
              "admin": QCoreApplication.translate("Roles", "Administrator")}
    return labels.get(role, role)


class ShellStatusBar(QStatusBar):
    lock_clicked = Signal()

    def __init__(self, config: Config, user: CurrentUser) -> None:
        super().__init__()
        self.setObjectName("shellStatusBar")
        self.user_label = QLabel(self.tr("%1 (%2)").replace("%1", user.label).replace("%2", role_label(user.role)))
        self.user_label.setObjectName("statusUser")
        self.window_label = QLabel(self.tr("Window %1").replace("%1", config.hall.window_id))
        self.window_label.setObjectName("statusWindow")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("statusSync")
        self.notice_label = QLabel()  # e.g. next year's holiday arrangement missing (supervisors, IT)
        self.notice_label.setObjectName("statusNotice")
        self.notice_label.setStyleSheet("color: #a05a00;")
        self.notice_label.setVisible(False)
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setToolTip(self.tr("Lock the screen now (Ctrl+L)"))
        self.lock_button.clicked.connect(self.lock_clicked)
        self.addWidget(self.user_label)
        self.addWidget(self.window_label)
        self.addWidget(self.notice_label, 1)
        self.addPermanentWidget(self.sync_label)
        self.addPermanentWidget(self.lock_button)
        self.set_sync_state(None, 0, None)

    def show_notice(self, text: str | None) -> None:
        """A standing warning for the signed-in supervisor or IT (the full text as tooltip)."""
        self.notice_label.setText(text.split("：")[0] if text else "")
        self.notice_label.setToolTip(text or "")
        self.notice_label.setVisible(bool(text))

    def show_sync_state(self, state: SyncState) -> None:
        """Subscribed to the event hub's ``sync_state_changed``."""
        self.set_sync_state(state.online, state.pending + state.parked, state.last_ok)

    def set_sync_state(self, online: bool | None, pending: int, last_ok: dt.datetime | None) -> None:
        """Show connectivity, the number of records waiting to be sent and the last good sync.

        ``online`` is None when the state is unknown (no server configured or not checked yet).
        ``last_ok`` is naive UTC like every timestamp in the store; it is shown in local time.
        """
        if online is None:
            state = self.tr("Sync: not connected")
        elif online:
            state = self.tr("Online")
        else:
            state = self.tr("Offline")
        parts = [state, self.tr("%n waiting to send", "", pending)]
        if last_ok is not None:
            local = hall_clock().local(last_ok)
            parts.append(self.tr("last sync %1").replace("%1", local.strftime("%m-%d %H:%M")))
        self.sync_label.setText(" · ".join(parts))
        self.sync_label.setProperty("online", online)
