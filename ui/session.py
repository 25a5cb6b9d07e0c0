"""Who is at the counter: first-run set-up or sign-in, the main window, sign-out and back.

The controller owns the sequence and nothing else; each step is its own dialog or window.
It emits ``finished`` when the person quits (from the sign-in dialog or by closing the main
window), and the app leaves its event loop then.

At start-up the dialog comes first and the store is opened behind it (``ui/app.py``): the
controller is then made without a context, guesses the dialog from whether the database file
exists, and :meth:`store_opened` hands it the opened store (switching to set-up if the
database turns out to hold no accounts). Until then the dialog takes typing but not sign-in.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.config import Config
from desktop.domain.accounts import CurrentUser
from ui.qt import QDialog, QObject, Signal

if TYPE_CHECKING:
    from desktop.services.accounts.auth import AuthService
    from desktop.services.context import AppContext

log = logging.getLogger("onewindow.ui.session")


def auth_service(ctx: AppContext) -> AuthService:
    # Imported on use: it brings SQLAlchemy and the models, which load behind the first dialog.
    from desktop.services.accounts.auth import AuthService

    return AuthService(ctx)


class SessionController(QObject):
    finished = Signal()
    window_shown = Signal(object)  # MainWindow, after each sign-in

    def __init__(self, ctx: AppContext | None = None, *, config: Config | None = None,
                 apply_language: Callable[[str], None] | None = None,
                 window_options: dict | None = None, maximize: bool = False) -> None:
        super().__init__()
        if ctx is None and config is None:
            raise ValueError("SessionController needs an opened context or, while it opens, the config")
        self.ctx = ctx
        self._config = config
        self.auth: AuthService | None = auth_service(ctx) if ctx is not None else None
        self._apply_language = apply_language
        self._window_options = window_options or {}
        self._maximize = maximize
        self.dialog: QDialog | None = None
        self.window = None  # MainWindow once signed in
        self.user: CurrentUser | None = None
        self._first_run = False  # which dialog is up: set-up (True) or sign-in

    @property
    def config(self) -> Config:
        # The context's, once open: Settings may change it during a session.
        return self.ctx.config if self.ctx is not None else self._config  # type: ignore[return-value]

    def start(self) -> None:
        """Show first-run set-up on an empty database, otherwise the sign-in dialog."""
        if self._apply_language is not None:
            # Language is applied before any window is built, so a change saved in
            # Settings takes effect at the next sign-in.
            self._apply_language(self.config.ui.language)
        # While the store is still opening, a missing file stands for "no accounts"; store_opened checks.
        has_users = self.auth.has_users() if self.auth is not None else self.config.db_path.exists()
        self._show_dialog(first_run=not has_users)

    def store_opened(self, ctx: AppContext, has_users: bool) -> None:
        """The store is open and checked: sign-in (or set-up) may go ahead."""
        self.ctx = ctx
        self.auth = auth_service(ctx)
        if self.dialog is None:
            return  # the person quit while the store was opening
        if self._first_run == has_users:  # the guess was wrong: swap the dialog
            self.dialog.hide()  # not close(): that would reject it, and quit
            self.dialog.deleteLater()
            self._show_dialog(first_run=not has_users)
        elif not self.dialog.isVisible():
            self.dialog.show()  # it was hidden while a damaged store was explained
        self.dialog.set_auth(self.auth)

    def hide_dialog(self) -> None:
        """Out of the way while start-up explains why the store cannot be opened as it is."""
        if self.dialog is not None:
            self.dialog.hide()

    def _show_dialog(self, first_run: bool) -> None:
        self._first_run = first_run
        if first_run:
            from ui.first_run_dialog import FirstRunDialog

            log.info("no accounts yet: first-run set-up")
            self.dialog = FirstRunDialog(self.auth, self.config)
        else:
            from ui.login_dialog import LoginDialog

            self.dialog = LoginDialog(self.auth, self.config)
        self.dialog.signed_in.connect(self._signed_in)
        self.dialog.rejected.connect(self.finished)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _signed_in(self, user: CurrentUser) -> None:
        from ui.main_window import MainWindow

        log.info("signed in as %s (%s)", user.username, user.role)
        self.user = user
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.window = MainWindow(self.ctx, user, **self._window_options)
        self.window.logout_requested.connect(self.logout)
        self.window.closed.connect(self._window_closed)
        if self._maximize:
            self.window.showMaximized()
        else:
            self.window.show()
        self.window_shown.emit(self.window)

    def logout(self) -> None:
        """End the session: audit it, drop the main window and its pages, ask for a sign-in."""
        if self.window is None or self.user is None or self.auth is None:
            return
        self.auth.logout(self.user)
        log.info("signed out %s", self.user.username)
        window, self.window, self.user = self.window, None, None
        self.start()  # the sign-in dialog exists before the window goes, so the app never looks closed
        window.close_for_logout()
        window.deleteLater()

    def _window_closed(self) -> None:
        if self.user is not None and self.auth is not None:
            self.auth.logout(self.user)
            log.info("main window closed; signed out %s", self.user.username)
        self.window, self.user = None, None
        self.finished.emit()
