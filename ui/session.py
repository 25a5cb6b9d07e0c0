"""Who is at the counter: first-run set-up or sign-in, the main window, sign-out and back.

The controller owns the sequence and nothing else; each step is its own dialog or window.
It emits ``finished`` when the person quits (from the sign-in dialog or by closing the main
window), and the app leaves its event loop then.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from desktop.services.auth import AuthService, CurrentUser
from desktop.services.context import AppContext
from ui.qt import QDialog, QObject, Signal

log = logging.getLogger("onewindow.ui.session")


class SessionController(QObject):
    finished = Signal()
    window_shown = Signal(object)  # MainWindow, after each sign-in

    def __init__(self, ctx: AppContext, *, apply_language: Callable[[str], None] | None = None,
                 window_options: dict | None = None, maximize: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.auth = AuthService(ctx)
        self._apply_language = apply_language
        self._window_options = window_options or {}
        self._maximize = maximize
        self.dialog: QDialog | None = None
        self.window = None  # MainWindow once signed in
        self.user: CurrentUser | None = None

    def start(self) -> None:
        """Show first-run set-up on an empty database, otherwise the sign-in dialog."""
        if self._apply_language is not None:
            # Language is applied before any window is built, so a change saved in
            # Settings takes effect at the next sign-in.
            self._apply_language(self.ctx.config.ui.language)
        if self.auth.has_users():
            from ui.login_dialog import LoginDialog

            self.dialog = LoginDialog(self.auth, self.ctx.config)
        else:
            from ui.first_run_dialog import FirstRunDialog

            log.info("no accounts yet: first-run set-up")
            self.dialog = FirstRunDialog(self.auth, self.ctx.config)
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
        if self.window is None or self.user is None:
            return
        self.auth.logout(self.user)
        log.info("signed out %s", self.user.username)
        window, self.window, self.user = self.window, None, None
        self.start()  # the sign-in dialog exists before the window goes, so the app never looks closed
        window.close_for_logout()
        window.deleteLater()

    def _window_closed(self) -> None:
        if self.user is not None:
            self.auth.logout(self.user)
            log.info("main window closed; signed out %s", self.user.username)
        self.window, self.user = None, None
        self.finished.emit()
