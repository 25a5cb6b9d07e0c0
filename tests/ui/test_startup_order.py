"""Start-up shows the sign-in dialog before the store is open: typing works at once, signing in
waits for the store, and a damaged or too-new database is still explained before anyone signs in."""
from __future__ import annotations

import argparse
import logging
import sqlite3

import pytest

from desktop.services.context import AppContext
from ui.session import SessionController
from ui.startup_checks import StoreOpener

from .conftest import PASSWORD

pytestmark = pytest.mark.gui


class Recorder:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def error(self, title, text):
        self.shown.append(("error", text))

    def info(self, title, text):
        self.shown.append(("info", text))

    def confirm(self, title, text):
        self.shown.append(("confirm", text))
        return False


@pytest.fixture
def opening(qtbot, config):
    """A controller whose store is still opening (no context yet), as ``ui.app.run`` makes it."""
    controller = SessionController(config=config)
    yield controller
    for widget in (controller.window, controller.dialog):
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def make_too_new(config) -> None:
    ctx = AppContext.open(config)
    ctx.close()
    with sqlite3.connect(config.db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()


def test_a_sign_in_asked_for_while_the_store_opens_goes_ahead_once_it_is_open(qtbot, opening, ctx, clerk):
    opening.start()
    dialog = opening.dialog
    assert dialog.objectName() == "loginDialog" and dialog.isVisible() and dialog.runner is None
    dialog.username.setText("clerk1")
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert opening.window is None and not dialog.sign_in_button.isEnabled()
    assert dialog.status.text() == "Opening the database, one moment…"

    opening.store_opened(ctx, has_users=True)
    assert opening.window is not None and opening.user.username == "clerk1"


def test_a_wrong_password_typed_before_the_store_opened_is_still_refused(qtbot, opening, ctx, clerk):
    opening.start()
    dialog = opening.dialog
    dialog.username.setText("clerk1")
    dialog.password.setText("not-the-password1")
    dialog.submit()
    opening.store_opened(ctx, has_users=True)
    assert opening.window is None and dialog.error.text() and dialog.status.text() == ""
    assert dialog.sign_in_button.isEnabled()


def test_a_missing_database_file_starts_with_set_up_which_creates_the_admin_once_the_store_is_open(
        qtbot, opening, config):
    assert not config.db_path.exists()
    opening.start()
    dialog = opening.dialog
    assert dialog.objectName() == "firstRunDialog"
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD)
    dialog.submit()
    assert opening.window is None
    ctx = AppContext.open(config)
    try:
        opening.store_opened(ctx, has_users=False)
        assert opening.dialog is None and opening.user.username == "admin" and opening.user.role == "admin"
    finally:
        opening.window.close_for_logout()
        opening.window.deleteLater()
        opening.window = None
        ctx.close()


def test_a_database_without_accounts_switches_the_sign_in_dialog_to_set_up(qtbot, opening, ctx):
    finished = []
    opening.finished.connect(lambda: finished.append(True))
    opening.start()
    guessed = opening.dialog
    assert guessed.objectName() == "loginDialog"
    opening.store_opened(ctx, has_users=False)
    assert opening.dialog.objectName() == "firstRunDialog" and opening.dialog.isVisible()
    assert not guessed.isVisible() and finished == []


def test_a_too_new_database_is_explained_and_nothing_opens(qtbot, config):
    make_too_new(config)
    prompts = Recorder()
    opener = StoreOpener(config, prompts)
    events = []
    opener.failing.connect(lambda: events.append("failing"))
    opener.opened.connect(lambda *_: events.append("opened"))
    opener.stopped.connect(lambda: events.append("stopped"))
    opener.start()
    assert events == ["failing", "stopped"] and opener.ctx is None and opener.unexpected is None
    (kind, text), = prompts.shown
    assert kind == "error" and "9999_future" in text


def test_the_app_with_a_too_new_database_stops_with_exit_code_1_before_anyone_signs_in(qtbot, config, tmp_path):
    from ui.app import run

    make_too_new(config)
    prompts = Recorder()
    args = argparse.Namespace(config=None, data_dir=config.data_dir, demo=False)
    try:
        assert run(args, prompts=prompts) == 1
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_onewindow", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert [kind for kind, _ in prompts.shown] == ["error"]
