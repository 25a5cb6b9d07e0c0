"""Dialogs of the user admin page: add an account, set a new password.

Both check the password twice here and leave every other rule (username shape, strength,
duplicates, permissions) to ``AuthService``, whose refusals are shown inside the dialog.
"""
from __future__ import annotations

from desktop.domain.accounts import ROLES, check_password_strength
from ui.messages import explain, is_user_error
from ui.operations.accounts import CreateUser, ResetPassword
from ui.operations.base import Operation
from ui.operations.runner import OperationRunner
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from ui.status_bar import role_label


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _AccountDialog(QDialog):
    """Shared frame: a form, an error line, OK/Cancel; OK runs the dialog's operation."""

    def __init__(self, ops: OperationRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("accountError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def _passwords_ok(self, password: QLineEdit, confirm: QLineEdit) -> bool:
        if reason := check_password_strength(password.text()):
            self.error.setText(reason)
            return False
        if password.text() != confirm.text():
            self.error.setText(self.tr("The two passwords do not match."))
            return False
        return True

    def _run(self, operation: Operation) -> None:
        self.buttons.setEnabled(False)
        self.ops.run(operation, owner=self, on_done=self._done, on_error=self._failed)

    def _done(self, _result: object) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if is_user_error(error):
            self.error.setText(explain(error))
            return
        from ui.messages import show_error

        show_error(self, error)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class AddUserDialog(_AccountDialog):
    def __init__(self, ops: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.setObjectName("addUserDialog")
        self.setWindowTitle(self.tr("Add user"))
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.username.setMaxLength(32)
        self.display_name = QLineEdit()
        self.display_name.setObjectName("newDisplayName")
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.password = _password_field("newPassword")
        self.confirm = _password_field("newConfirm")
        self.form.addRow(self.tr("&Username:"), self.username)
        self.form.addRow(self.tr("&Display name:"), self.display_name)
        self.form.addRow(self.tr("&Role:"), self.role)
        self.form.addRow(self.tr("&Password:"), self.password)
        self.form.addRow(self.tr("Re&peat password:"), self.confirm)
        self.username.setFocus()  # typing starts with the new account's name

    def submit(self) -> None:
        if not self._passwords_ok(self.password, self.confirm):
            return
        username, display = self.username.text().strip(), self.display_name.text().strip()
        role, password = self.role.currentData(), self.password.text()
        self._run(CreateUser(username, password, role, display))


class ResetPasswordDialog(_AccountDialog):
    def __init__(self, username: str, ops: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.username = username
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("New password for %1").replace("%1", username))
        self.password = _password_field("resetPassword")
        self.confirm = _password_field("resetConfirm")
        self.form.addRow(self.tr("&New password:"), self.password)
        self.form.addRow(self.tr("Re&peat password:"), self.confirm)
        self.password.setFocus()

    def submit(self) -> None:
        if not self._passwords_ok(self.password, self.confirm):
            return
        self._run(ResetPassword(self.username, self.password.text()))
