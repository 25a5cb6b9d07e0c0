"""First-run set-up, sign-in, refusals and sign-out, driven through the real dialogs and database."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from desktop.store.models import AuditEvent
from tests.ui.conftest import PASSWORD
from ui.qt import QLabel, Qt

pytestmark = pytest.mark.gui


def actions(ctx) -> list[str]:
    with ctx.db.session() as s:
        return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_first_run_creates_the_admin_and_lands_in_the_main_window(qtbot, ctx, session, auth):
    session.start()
    dialog = session.dialog
    assert dialog.objectName() == "firstRunDialog"
    dialog.display_name.setText("王管理")
    qtbot.keyClicks(dialog.password, "Start2024x")
    qtbot.keyClicks(dialog.confirm, "Start2024x")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert session.window is not None and session.window.isVisible()
    assert session.user.username == "admin" and session.user.role == "admin"
    assert [u["username"] for u in auth.list_users()] == ["admin"]
    assert session.window.status.user_label.text().startswith("王管理")
    assert actions(ctx)[-2:] == ["user.create", "login"]


def test_first_run_refuses_a_weak_or_mistyped_password_and_creates_nobody(qtbot, session, auth):
    session.start()
    dialog = session.dialog
    qtbot.keyClicks(dialog.password, "short")
    assert "8" in dialog.strength.text()  # the strength hint updates while typing
    dialog.submit()
    assert "8" in dialog.error.text()
    dialog.password.setText("Start2024x")
    dialog.confirm.setText("Start2024y")
    dialog.submit()
    assert dialog.error.text() == "The two passwords do not match."
    assert not auth.has_users() and session.window is None


def test_sign_in_opens_the_main_window_with_enter(qtbot, session, clerk):
    session.start()
    dialog = session.dialog
    assert dialog.objectName() == "loginDialog"
    qtbot.keyClicks(dialog.username, "clerk1")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert session.window is not None and session.window.isVisible()
    assert session.window.user.username == "clerk1"


def test_wrong_password_is_explained_and_the_account_locks_after_repeated_failures(qtbot, ctx, session, clerk):
    session.start()
    dialog = session.dialog
    dialog.username.setText("clerk1")
    dialog.password.setText("wrong-password1")
    dialog.submit()
    assert "用户名或密码不正确" in dialog.error.text() and "4" in dialog.error.text()
    assert dialog.password.text() == "" and session.window is None
    for _ in range(4):
        dialog.password.setText("wrong-password1")
        dialog.submit()
    assert "锁定" in dialog.error.text()
    dialog.password.setText(PASSWORD)  # even the right password is refused while locked
    dialog.submit()
    assert "锁定" in dialog.error.text() and session.window is None


def test_empty_fields_are_asked_for_without_calling_the_service(qtbot, ctx, session, clerk):
    session.start()
    session.dialog.submit()
    assert session.dialog.error.text() == "Please enter your username."
    assert "login.fail" not in actions(ctx)


def test_sign_out_audits_and_returns_to_the_sign_in_dialog(qtbot, ctx, session, clerk):
    session.start()
    session.dialog.username.setText("clerk1")
    session.dialog.password.setText(PASSWORD)
    session.dialog.submit()
    window = session.window
    window.request_logout()
    assert session.window is None
    assert session.dialog.objectName() == "loginDialog" and session.dialog.isVisible()
    assert not window.isVisible()
    assert actions(ctx)[-1] == "logout"


def test_quitting_from_the_sign_in_dialog_finishes_the_session(qtbot, session, clerk):
    session.start()
    with qtbot.waitSignal(session.finished, timeout=1000):
        session.dialog.quit_button.click()


def test_an_installed_pc_refuses_first_run_set_up_unless_it_enabled_it(qtbot, ctx, auth):
    """A bundle defaults allow_first_run_setup to false: the dialog names the CLI path and creates nobody."""
    from ui.first_run_dialog import FirstRunDialog

    locked = dataclasses.replace(
        ctx.config, security=dataclasses.replace(ctx.config.security, allow_first_run_setup=False))
    dialog = FirstRunDialog(auth, locked)
    qtbot.addWidget(dialog)
    assert "users add admin --role admin" in dialog.findChild(QLabel, "setupLocked").text()
    assert not dialog.create_button.isEnabled() and not dialog.password.isEnabled()
    dialog.password.setText("Start2024x")
    dialog.confirm.setText("Start2024x")
    dialog.submit()
    qtbot.wait(50)
    assert not auth.has_users()
