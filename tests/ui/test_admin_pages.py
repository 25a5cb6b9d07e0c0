"""Administration: this counter's settings and the user accounts, through the real services."""
from __future__ import annotations

import pytest

from desktop.config import load_config
from desktop.services.accounts.auth import AuthService
from tests.ui.conftest import PASSWORD
from ui.settings_page import SettingsPage
from ui.users_page import UsersPage

pytestmark = pytest.mark.gui


def settings_page(qtbot, ws, printers=("HP-A4", "Xprinter-80")) -> SettingsPage:
    page = SettingsPage(ws, printers=lambda: list(printers))
    qtbot.addWidget(page)
    return page


def test_settings_are_saved_validated_and_applied(qtbot, make_workspace, ctx, admin):
    page = settings_page(qtbot, make_workspace(admin))
    page.idle_minutes.setValue(3)
    page.thermal_printer.setCurrentIndex(page.thermal_printer.findData("Xprinter-80"))
    page.language.setCurrentIndex(page.language.findData("en"))
    with qtbot.waitSignal(page.saved, timeout=1000):
        page.save_button.click()
    assert ctx.config.ui.idle_lock_minutes == 3  # the running app sees it at once
    reloaded = load_config(data_dir=ctx.config.data_dir, search_default_provisioning=False)
    assert (reloaded.ui.idle_lock_minutes, reloaded.ui.language, reloaded.printers.thermal, reloaded.printers.a4) \
        == (3, "en", "Xprinter-80", "")
    assert "next sign-in" in page.message.text()


def test_a_printer_that_is_no_longer_attached_stays_selected_and_is_marked(qtbot, make_workspace, ctx, admin):
    ctx.config = ctx.config.replace("printers", a4="Old-Laser")
    page = settings_page(qtbot, make_workspace(admin), printers=["HP-A4"])
    assert page.a4_printer.currentData() == "Old-Laser"
    assert "not found" in page.a4_printer.currentText()


def test_a_broken_local_settings_file_is_reported_and_not_overwritten(qtbot, make_workspace, ctx, admin):
    broken = "[ui]\nidle_lock_minute = 5\n"
    ctx.config.local_settings_path.write_text(broken, encoding="utf-8")
    page = settings_page(qtbot, make_workspace(admin))
    page.save_button.click()
    assert page.message.text().startswith("Not saved:") and "idle_lock_minute" in page.message.text()
    assert ctx.config.local_settings_path.read_text(encoding="utf-8") == broken


def users_page(qtbot, ws) -> UsersPage:
    page = UsersPage(ws)
    qtbot.addWidget(page)
    page.show()
    return page


def test_admin_adds_a_clerk_who_can_then_sign_in(qtbot, make_workspace, ctx, admin):
    page = users_page(qtbot, make_workspace(admin))
    dialog = page.add_user()
    dialog.username.setText("clerk2")
    dialog.display_name.setText("周受理")
    dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
    dialog.password.setText("Window2024")
    dialog.confirm.setText("Window2024")
    dialog.submit()
    assert not dialog.isVisible()
    assert [row["username"] for row in page.rows] == ["admin", "clerk2"]
    assert AuthService(ctx).login("clerk2", "Window2024").role == "clerk"


def test_add_user_shows_the_service_refusal_in_the_dialog(qtbot, make_workspace, ctx, admin):
    page = users_page(qtbot, make_workspace(admin))
    dialog = page.add_user()
    dialog.username.setText("admin")
    dialog.password.setText("Window2024")
    dialog.confirm.setText("Window2024")
    dialog.submit()
    assert dialog.isVisible() and "已存在" in dialog.error.text()


def test_disable_and_enable_a_user(qtbot, make_workspace, ctx, admin, clerk):
    page = users_page(qtbot, make_workspace(admin))
    assert page.select("clerk1")
    page.toggle_button.click()
    assert page.selected_row()["active"] is False and page.toggle_button.text() == "Enable"
    assert page.model.item(1, 3).text() == "Disabled"
    with pytest.raises(Exception, match="停用"):
        AuthService(ctx).login("clerk1", PASSWORD)
    page.toggle_button.click()
    assert page.selected_row()["active"] is True


def test_admin_resets_a_password(qtbot, make_workspace, ctx, admin, clerk):
    page = users_page(qtbot, make_workspace(admin))
    page.select("clerk1")
    dialog = page.reset_password()
    dialog.password.setText("Fresh2024x")
    dialog.confirm.setText("Fresh2024x")
    dialog.submit()
    assert not dialog.isVisible()
    assert AuthService(ctx).login("clerk1", "Fresh2024x").username == "clerk1"
