"""The main window: role-gated pages, keyboard navigation, status bar, idle lock and About."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop import __version__
from desktop.store.models import AuditEvent
from tests.ui.conftest import PASSWORD
from ui.events import SyncState
from ui.main_window import MainWindow
from ui.pages import PageSpec
from ui.qt import QLineEdit, QMessageBox, Qt, QVBoxLayout, QWidget

pytestmark = pytest.mark.gui


@pytest.fixture
def open_window(qtbot, make_workspace):
    """``open_window(user, pages=…)``: the main window of a signed-in session."""

    def open_(user, **options) -> MainWindow:
        ws = make_workspace(user)
        window = MainWindow(ws, **options)
        ws.ops.window = window
        qtbot.addWidget(window)
        window.show()
        return window

    return open_


def titles(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def test_clerk_sees_neither_reports_nor_administration(qtbot, ctx, open_window, clerk):
    window = open_window(clerk)
    assert [spec.key for spec in window.specs] == ["intake", "applications", "sync", "hall"]
    assert window.page("reports") is None and window.page("admin") is None
    assert not window.show_page("admin")


def test_supervisor_sees_reports_and_admin_sees_everything(qtbot, ctx, open_window, supervisor, admin):
    sup = open_window(supervisor)
    assert [spec.key for spec in sup.specs] == ["intake", "applications", "sync", "hall", "reports", "conflicts"]
    adm = open_window(admin)
    assert [spec.key for spec in adm.specs] == ["intake", "applications", "sync", "hall", "reports", "admin", "conflicts"]
    assert titles(adm) == ["Intake", "Applications", "Sync", "Hall cases", "Reports", "Administration", "Conflicts"]


def test_ctrl_number_switches_pages_and_ignores_pages_the_user_cannot_see(qtbot, ctx, open_window, clerk):
    window = open_window(clerk)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "applications"
    assert window.stack.currentWidget() is window.page("applications")
    qtbot.keyClick(window.nav, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # admin page: not for a clerk
    assert window.current_page_key() == "applications"


def test_status_bar_shows_user_window_and_sync_state(qtbot, ctx, open_window, clerk):
    window = open_window(clerk)
    assert window.status.user_label.text() == "李受理 (Clerk)"
    assert window.status.window_label.text() == "Window W01"
    window.ws.events.sync_state_changed.emit(SyncState(online=False, pending=3, parked=0, last_ok=None))
    assert window.status.sync_label.text() == "Offline · 3 waiting to send"
    last = dt.datetime(2026, 11, 25, 8, 30)  # naive UTC, shown on the hall's clock (Beijing)
    window.ws.events.sync_state_changed.emit(SyncState(online=True, pending=0, parked=0, last_ok=last))
    assert window.status.sync_label.text() == "Online · 0 waiting to send · last sync 11-25 16:30"


def test_about_shows_the_package_version(qtbot, ctx, open_window, clerk):
    window = open_window(clerk)
    window.show_about()
    dialog = window.findChild(QWidget, "aboutDialog")
    assert dialog is not None and dialog.version_label.text() == __version__


def test_f1_lists_the_shortcuts_of_the_visible_pages(qtbot, ctx, open_window, clerk):
    window = open_window(clerk)
    window.show_shortcuts()
    box = window.findChild(QMessageBox, "shortcutsHelp")
    assert "Ctrl+3  Sync" in box.text() and "Reports" not in box.text()


class NotesPage(QWidget):
    """A page with an input, standing in for a half-filled intake form."""

    def __init__(self, ws):
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setObjectName("notes")
        QVBoxLayout(self).addWidget(self.edit)


NOTES = [PageSpec("notes", "Notes", NotesPage, "clerk")]


def audit_actions(ctx) -> list[str]:
    with ctx.db.session() as s:
        return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_idle_lock_keeps_typed_text_and_unlocks_only_with_the_right_password(qtbot, ctx, open_window, clerk):
    window = open_window(clerk, pages=NOTES, idle_timeout_ms=lambda: 150)
    page = window.page("notes")
    page.edit.setText("张三 ")
    qtbot.keyClicks(page.edit, "draft 42")  # real key events (QTest types ASCII only)
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert window.is_locked and window.body.currentWidget() is window.cover  # the form is out of sight
    dialog = window.lock_dialog
    assert dialog.isVisible()
    dialog.reject()  # Escape does not unlock
    assert window.is_locked

    dialog.password.setText("not-the-password1")
    dialog.unlock_button.click()
    assert window.is_locked and dialog.error.text() == "The password is not correct."

    with qtbot.waitSignal(window.unlocked, timeout=1000):
        dialog.password.setText(PASSWORD)
        dialog.unlock_button.click()
    assert not window.is_locked and window.body.currentIndex() == 0
    assert window.page("notes") is page and page.edit.text() == "张三 draft 42"
    trail = audit_actions(ctx)
    assert trail[-4:] == ["session.lock", "login.fail", "login", "session.unlock"]


def test_input_postpones_the_idle_lock(qtbot, ctx, open_window, clerk):
    window = open_window(clerk, pages=NOTES, idle_timeout_ms=lambda: 400)
    edit = window.page("notes").edit
    for _ in range(6):  # typing for longer than the timeout keeps the session open
        qtbot.keyClicks(edit, "x")
        qtbot.wait(100)
    assert not window.is_locked
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass


def test_switch_user_from_the_lock_screen_signs_out(qtbot, ctx, open_window, clerk):
    window = open_window(clerk, pages=NOTES)
    window.lock("manual")
    with qtbot.waitSignal(window.logout_requested, timeout=1000):
        window.lock_dialog.switch_button.click()
    assert not window.is_locked


def test_ctrl_u_on_the_lock_screen_switches_user_from_the_password_field(qtbot, ctx, open_window, clerk):
    window = open_window(clerk, pages=NOTES)
    window.lock("manual")
    dialog = window.lock_dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.password.hasFocus(), timeout=2000)
    with qtbot.waitSignal(window.logout_requested, timeout=1000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert not window.is_locked


class CountedPage(QWidget):
    """A page that records when it is built and what the event hub told it since."""

    built: list[str] = []

    def __init__(self, ws, key: str):
        super().__init__()
        CountedPage.built.append(key)
        self.heard: list[object] = []
        ws.events.sync_state_changed.connect(self.heard.append)


def counted(key: str, **options) -> PageSpec:
    return PageSpec(key, key.title(), lambda ws: CountedPage(ws, key), "clerk", **options)


def test_pages_are_built_when_first_shown_and_only_once(qtbot, ctx, open_window, clerk):
    CountedPage.built = []
    pages = [counted("first"), counted("second"), counted("third"), counted("early", at_sign_in=True)]
    window = open_window(clerk, pages=pages)
    assert CountedPage.built == ["first", "early"]  # the page on screen, and the one that must listen from the start
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert CountedPage.built == ["first", "early", "third"]
    assert window.stack.currentWidget() is window.page("third") and window.page("third").objectName() == "page_third"
    qtbot.keyClick(window.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert CountedPage.built == ["first", "early", "third"]  # switching back never rebuilds (typed work survives)
    assert [window.nav.item(row).text() for row in range(4)] == ["First", "Second", "Third", "Early"]


def test_a_page_built_late_hears_the_events_after_it_is_built(qtbot, ctx, open_window, clerk):
    CountedPage.built = []
    window = open_window(clerk, pages=[counted("first"), counted("second")])
    before = SyncState(online=False, pending=1, parked=0, last_ok=None)
    window.ws.events.sync_state_changed.emit(before)
    second = window.page("second")  # asking for a page builds it (tests and screens reach pages this way)
    assert CountedPage.built == ["first", "second"] and second.heard == []
    after = SyncState(online=True, pending=0, parked=0, last_ok=None)
    window.ws.events.sync_state_changed.emit(after)
    assert second.heard == [after] and window.page("first").heard == [before, after]
    assert window.stack.indexOf(second) == 1 and window.stack.count() == 2
