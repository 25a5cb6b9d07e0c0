"""The lock screen: only the signed-in user's password reopens the session; anyone else signs out.

It is modal over the main window, which hides its pages behind a cover meanwhile, so a
half-typed application stays intact but out of sight of the next person at the counter.
"""
from __future__ import annotations

from desktop.domain.accounts import CurrentUser
from ui.operations.accounts import CheckPassword
from ui.operations.runner import OperationRunner
from ui.qt import (
    QDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


class LockDialog(QDialog):
    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, ops: OperationRunner, user: CurrentUser, parent: QWidget) -> None:
        super().__init__(parent)
        self.ops = ops
        self.user = user
        self.setObjectName("lockDialog")
        self.setWindowTitle(self.tr("Session locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)

        heading = QLabel(self.tr("The session of %1 is locked.").replace("%1", user.label))
        heading.setObjectName("lockHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        hint = QLabel(self.tr("Enter your password to continue. Someone else? Switch user (Ctrl+U): "
                              "this signs %1 out.").replace("%1", user.label))
        hint.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(self.tr("Switch user (Ctrl+U)"))
        self.switch_button.setObjectName("switchUserButton")
        self.switch_button.setAutoDefault(False)
        # The next clerk at the counter gets in from the keyboard too (the password field has it).
        QShortcut(QKeySequence("Ctrl+U"), self, activated=self.switch_button.click)

        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

        self.unlock_button.clicked.connect(self._try_unlock)
        self.password.returnPressed.connect(self._try_unlock)
        self.switch_button.clicked.connect(self._switch_user)
        self.password.setFocus()

    def _try_unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.error.setText(self.tr("Please enter your password."))
            return
        self.unlock_button.setEnabled(False)
        self.ops.run(CheckPassword(password), owner=self, on_done=self._checked)

    def _checked(self, ok: bool) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        if not ok:
            self.error.setText(self.tr("The password is not correct."))
            self.password.setFocus()
            return
        self.accept()
        self.unlocked.emit()

    def _switch_user(self) -> None:
        self.accept()
        self.switch_user.emit()

    def reject(self) -> None:
        """Escape and the window's close button must not open a locked session."""
