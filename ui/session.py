"""Who is at the counter: first-run set-up or sign-in, the main window, sign-out and back.

The controller owns the sequence and nothing else; each step is its own dialog or window.
It emits ``finished`` when the person quits (from the sign-in dialog or by closing the main
window), and the app leaves its event loop then.

At start-up the dialog comes first and the store is opened behind it (``ui/app.py``): the
controller is then made without a context, guesses the dialog from whether the database file
exists, and :meth:`store_opened` hands it the opened store (switching to set-up if the
database turns out to hold no accounts). Until then the dialog takes typing but not sign-in.

Each sign-in gets a fresh :class:`ui.composition.Workspace` (services, event hub, operations,
devices, sync) built by the composition root and dropped at sign-out.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.config import Config
from desktop.domain.accounts import CurrentUser
from ui.composition import Overrides, Workspace, sign_in_runner
from ui.operations.accounts import HasUsers, RecordSession, SignedIn
from ui.qt import QDialog, QObject, Signal

if TYPE_CHECKING:
    from desktop.services.context import AppContext
    from ui.operations.runner import OperationRunner

log = logging.getLogger("onewindow.ui.session")


class SessionController(QObject):
    finished = Signal()
    window_shown = Signal(object)  # MainWindow, after each sign-in

    def __init__(self, ctx: AppContext | None = None, *, config: Config | None = None,
                 apply_language: Callable[[str], None] | None = None,
                 window_options: dict | None = None, maximize: bool = False,
                 overrides: Overrides | None = None) -> None:
        super().__init__()
        if ctx is None and config is None:
            raise ValueError("SessionController needs an opened context or, while it opens, the config")
        self.ctx = ctx
        self._config = config
        self.overrides = overrides or Overrides()
        self.runner: OperationRunner | None = sign_in_runner(ctx, self.overrides, self) if ctx is not None else None
        self._apply_language = apply_language
        self._window_options = window_options or {}
        self._maximize = maximize
        self.dialog: QDialog | None = None
        self.window = None  # MainWindow once signed in
        self.workspace: Workspace | None = None
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
        if self.runner is None:
            # While the store is still opening, a missing file stands for "no accounts"; store_opened checks.
            self._show_dialog(first_run=not self.config.db_path.exists())
            return
        self.runner.run(HasUsers(), owner=self, on_done=lambda has_users: self._show_dialog(not has_users))

    def store_opened(self, ctx: AppContext, has_users: bool) -> None:
        """The store is open and checked: sign-in (or set-up) may go ahead."""
        self.ctx = ctx
        self.runner = sign_in_runner(ctx, self.overrides, self)
        if self.dialog is None:
            return  # the person quit while the store was opening
        if self._first_run == has_users:  # the guess was wrong: swap the dialog
            self.dialog.hide()  # not close(): that would reject it, and quit
            self.dialog.deleteLater()
            self._show_dialog(first_run=not has_users)
        elif not self.dialog.isVisible():
            self.dialog.show()  # it was hidden while a damaged store was explained
        self.dialog.set_runner(self.runner)

    def hide_dialog(self) -> None:
        """Out of the way while start-up explains why the store cannot be opened as it is."""
        if self.dialog is not None:
            self.dialog.hide()

    def _show_dialog(self, first_run: bool) -> None:
        self._first_run = first_run
        if first_run:
            from ui.first_run_dialog import FirstRunDialog

            log.info("no accounts yet: first-run set-up")
            self.dialog = FirstRunDialog(self.runner, self.config)
        else:
            from ui.login_dialog import LoginDialog

            self.dialog = LoginDialog(self.runner, self.config)
        self.dialog.signed_in.connect(self._signed_in)
        self.dialog.rejected.connect(self.finished)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _signed_in(self, signed: SignedIn) -> None:
        from ui.main_window import MainWindow

        assert self.ctx is not None
        user = signed.user
        log.info("signed in as %s (%s)", user.username, user.role)
        self.user = user
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.workspace = Workspace(self.ctx, user, signed.services, self.overrides)
        self.window = MainWindow(self.workspace, **self._window_options)
        self.workspace.setParent(self.window)  # dies with the window, after the pages that use it
        self.workspace.ops.window = self.window
        self.window.logout_requested.connect(self.logout)
        self.window.closed.connect(self._window_closed)
        if self._maximize:
            self.window.showMaximized()
        else:
            self.window.show()
        self.workspace.start()
        self.window_shown.emit(self.window)

    def logout(self) -> None:
        """End the session: audit it, drop the main window and its pages, ask for a sign-in."""
        if self.window is None or self.user is None:
            return
        log.info("signing out %s", self.user.username)
        window = self.window
        self._end_session()
        self.start()  # the sign-in dialog exists before the window goes, so the app never looks closed
        window.close_for_logout()
        window.deleteLater()  # and with it the workspace

    def _end_session(self) -> None:
        workspace = self.workspace
        if workspace is not None:
            workspace.ops.run(RecordSession("signed_out"))  # on the writer; it completes before the app exits
            workspace.close()
        self.window, self.workspace, self.user = None, None, None

    def _window_closed(self) -> None:
        if self.user is not None:
            log.info("main window closed; signing out %s", self.user.username)
        self._end_session()
        self.finished.emit()
