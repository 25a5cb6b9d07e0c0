"""First start on a fresh database: create the administrator account, then sign them in."""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.config import Config
from desktop.domain.accounts import check_password_strength
from ui.login_dialog import hall_heading, store_status_label
from ui.messages import explain, is_user_error
from ui.operations.accounts import CreateFirstAdmin, SignedIn
from ui.qt import (
    QCoreApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

if TYPE_CHECKING:
    from ui.operations.runner import OperationRunner


class FirstRunDialog(QDialog):
    """Like the sign-in dialog, shown before the store is open; creating the account waits for it."""

    signed_in = Signal(object)  # ui.operations.accounts.SignedIn

    def __init__(self, runner: OperationRunner | None, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._create_when_open = False
        self.setObjectName("firstRunDialog")
        self.setWindowTitle(self.tr("OneWindow — First-time set-up"))

        intro = QLabel(self.tr("No accounts exist yet. Create the administrator account for this counter; "
                               "the administrator can then add the clerks' accounts."))
        intro.setWordWrap(True)
        self.username = QLineEdit("admin")
        self.username.setObjectName("setupUsername")
        self.username.setMaxLength(32)
        self.display_name = QLineEdit()
        self.display_name.setObjectName("setupDisplayName")
        self.display_name.setPlaceholderText(self.tr("e.g. Zhang Wei"))
        self.password = QLineEdit()
        self.password.setObjectName("setupPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("setupConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.strength.setObjectName("setupStrength")
        self.strength.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("setupError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.status = store_status_label(self)
        self.create_button = QPushButton(self.tr("Create and sign in"))
        self.create_button.setObjectName("createAdminButton")
        self.create_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.setAutoDefault(False)

        form = QFormLayout()
        form.addRow(self.tr("&Username:"), self.username)
        form.addRow(self.tr("&Display name:"), self.display_name)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow("", self.strength)
        form.addRow(self.tr("&Repeat password:"), self.confirm)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hall_heading(config, self))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)
        for first, second in ((self.username, self.display_name), (self.display_name, self.password),
                              (self.password, self.confirm), (self.confirm, self.create_button),
                              (self.create_button, self.quit_button)):
            self.setTabOrder(first, second)

        self.password.textChanged.connect(self._update_strength)
        self.create_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        self._update_strength("")
        self.display_name.setFocus()
        self.setup_allowed = config.security.allow_first_run_setup
        if not self.setup_allowed:
            self._lock(intro)

    def _lock(self, intro: QLabel) -> None:
        """An installed PC without an administrator: IT creates one; nobody at the counter can."""
        intro.setText(QCoreApplication.translate(
            "FirstRunLock",
            "This PC has no administrator account yet, and creating one here is switched off. "
            "IT creates it on this PC with:\n"
            "onewindow users add admin --role admin --password-stdin\n"
            "(or sets [security] allow_first_run_setup = true in the provisioning file), then starts "
            "OneWindow again."))
        intro.setObjectName("setupLocked")
        for widget in (self.username, self.display_name, self.password, self.confirm, self.create_button):
            widget.setEnabled(False)
        self.strength.clear()
        self.quit_button.setDefault(True)
        self.quit_button.setFocus()

    def _update_strength(self, text: str) -> None:
        reason = check_password_strength(text)
        if not text:
            self.strength.setText(self.tr("At least 8 characters, with both letters and digits."))
            self.strength.setStyleSheet("color: palette(mid);")
        elif reason:
            self.strength.setText(reason)
            self.strength.setStyleSheet("color: #b00020;")
        else:
            self.strength.setText(self.tr("Password strength is fine."))
            self.strength.setStyleSheet("color: #1b7f3b;")

    def submit(self) -> None:
        if not self.setup_allowed:
            return
        username = self.username.text().strip()
        display_name = self.display_name.text().strip()
        password = self.password.text()
        if reason := check_password_strength(password):
            self.error.setText(reason)
            self.password.setFocus()
            return
        if password != self.confirm.text():
            self.error.setText(self.tr("The two passwords do not match."))
            self.confirm.clear()
            self.confirm.setFocus()
            return
        self.error.clear()
        self.create_button.setEnabled(False)
        if self.runner is None:
            self._create_when_open = True
            self.status.setText(self.tr("Opening the database, one moment…"))
            return
        self.runner.run(CreateFirstAdmin(username, password, display_name), owner=self,
                        on_done=self._succeeded, on_error=self._failed)

    def set_runner(self, runner: OperationRunner) -> None:
        """The store is open: create the account now if the administrator already asked to."""
        self.runner = runner
        self.status.clear()
        if self._create_when_open:
            self._create_when_open = False
            self.submit()

    def _succeeded(self, signed: SignedIn) -> None:
        self.accept()
        self.signed_in.emit(signed)

    def _failed(self, error: BaseException) -> None:
        self.create_button.setEnabled(True)
        if is_user_error(error):
            self.error.setText(explain(error))
            return
        from ui.messages import show_error

        show_error(self, error)
