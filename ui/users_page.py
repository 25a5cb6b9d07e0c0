"""User accounts (admins): list, add, disable/enable, reset a password — all through AuthService.

Every change is an operation with the signed-in admin as the actor, so the service checks the
role and the audit trail names who did it.
"""
from __future__ import annotations

import datetime as dt

from ui.composition import Workspace
from ui.labels import local_time
from ui.operations.accounts import ListUsers, SetUserActive
from ui.qt import (
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QPushButton,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from ui.status_bar import role_label
from ui.tables import read_only_rows
from ui.user_dialogs import AddUserDialog, ResetPasswordDialog


def _local(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    return local_time(when)


class UsersPage(QWidget):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.user = ws.user
        self.ops = ws.ops
        self.setObjectName("usersPage")
        self.rows: list[dict] = []

        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels([self.tr("Username"), self.tr("Name"), self.tr("Role"),
                                              self.tr("Status"), self.tr("Last sign-in")])
        self.table = QTableView()
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        read_only_rows(self.table)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(110)
        header.setStretchLastSection(True)

        self.add_button = QPushButton(self.tr("Add user… (Ctrl+N)"))
        self.add_button.setObjectName("addUserButton")
        self.toggle_button = QPushButton(self.tr("Disable"))
        self.toggle_button.setObjectName("toggleActiveButton")
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.setObjectName("resetPasswordButton")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.toggle_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

        self.add_button.clicked.connect(self.add_user)
        add = QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_user)
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.setFocusProxy(self.table)
        self.refresh()

    def refresh(self) -> None:
        self.ops.run(ListUsers(), owner=self, on_done=self._show_rows)

    def _show_rows(self, rows: list[dict]) -> None:
        selected = self.selected_username()
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        now = self.ws.now()
        for row in rows:
            if not row["active"]:
                status = self.tr("Disabled")
            elif row["locked_until"] and row["locked_until"] > now:
                status = self.tr("Locked until %1").replace("%1", _local(row["locked_until"]))
            else:
                status = self.tr("Active")
            items = [QStandardItem(text) for text in (row["username"], row["display_name"], role_label(row["role"]),
                                                      status, _local(row["last_login_at"]))]
            self.model.appendRow(items)
        if selected:
            self.select(selected)
        self._update_buttons()

    def select(self, username: str) -> bool:
        for index, row in enumerate(self.rows):
            if row["username"] == username:
                self.table.selectRow(index)
                return True
        return False

    def selected_row(self) -> dict | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.rows[indexes[0].row()] if indexes else None

    def selected_username(self) -> str | None:
        row = self.selected_row()
        return row["username"] if row else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.toggle_button.setEnabled(row is not None)
        self.reset_button.setEnabled(row is not None)
        self.toggle_button.setText(self.tr("Enable") if row and not row["active"] else self.tr("Disable"))

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self.ops, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def toggle_active(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        username, active = row["username"], not row["active"]
        self.ops.run(SetUserActive(username, active), owner=self, on_done=lambda _: self.refresh())

    def reset_password(self) -> ResetPasswordDialog | None:
        username = self.selected_username()
        if username is None:
            return None
        dialog = ResetPasswordDialog(username, self.ops, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog
