"""Sign-in at the counter: username and password, Enter submits, refusals shown in the dialog."""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.config import Config
from ui.messages import explain, is_user_error
from ui.operations.accounts import SignedIn, SignIn
from ui.qt import (
    QCoreApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

if TYPE_CHECKING:
    from ui.operations.runner import OperationRunner


def hall_heading(config: Config, parent: QWidget) -> QLabel:
    """The big "一窗通 · hall · window" line shared by the sign-in and set-up dialogs."""
    window = QCoreApplication.translate("Shell", "Window %1").replace("%1", config.hall.window_id)
    label = QLabel(QCoreApplication.translate("Shell", "OneWindow") + "\n" + config.hall.name + " · " + window, parent)
    label.setObjectName("hallHeading")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def store_status_label(parent: QWidget) -> QLabel:
    """Where the sign-in and set-up dialogs say they are waiting for the database to open."""
    label = QLabel(parent)
    label.setObjectName("storeStatus")
    label.setStyleSheet("color: palette(mid);")
    return label


class LoginDialog(QDialog):
    """Shown before the store is open (``runner`` None): typing works at once, and a sign-in
    asked for meanwhile goes ahead as soon as :meth:`set_runner` hands over the opened store."""

    signed_in = Signal(object)  # ui.operations.accounts.SignedIn

    def __init__(self, runner: OperationRunner | None, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._sign_in_when_open = False
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("OneWindow — Sign in"))

        self.username = QLineEdit()
        self.username.setObjectName("loginUsername")
        self.username.setMaxLength(32)
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.status = store_status_label(self)
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAutoDefault(False)

        form = QFormLayout()
        form.addRow(self.tr("&Username:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hall_heading(config, self))
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.setTabOrder(self.sign_in_button, self.quit_button)

        self.sign_in_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        self.username.setFocus()

    def submit(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self.show_error(self.tr("Please enter your username."))
            self.username.setFocus()
            return
        if not password:
            self.show_error(self.tr("Please enter your password."))
            self.password.setFocus()
            return
        self.sign_in_button.setEnabled(False)
        self.error.clear()
        if self.runner is None:
            self._sign_in_when_open = True
            self.status.setText(self.tr("Opening the database, one moment…"))
            return
        self.runner.run(SignIn(username, password), owner=self, on_done=self._succeeded, on_error=self._failed)

    def set_runner(self, runner: OperationRunner) -> None:
        """The store is open: sign in now if the clerk already asked to."""
        self.runner = runner
        self.status.clear()
        if self._sign_in_when_open:
            self._sign_in_when_open = False
            self.submit()

    def _succeeded(self, signed: SignedIn) -> None:
        self.sign_in_button.setEnabled(True)
        self.password.clear()
        self.accept()
        self.signed_in.emit(signed)

    def _failed(self, error: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        if not is_user_error(error):
            from ui.messages import show_error

            show_error(self, error)
            return
        self.show_error(explain(error))
        self.password.clear()
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
