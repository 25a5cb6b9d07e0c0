"""The supervisor's export from the reports screen and the administrator adding a clerk — by keys."""
from __future__ import annotations

import pytest

from tests.e2e.printers import pdf_text
from tests.e2e.steps import gone, look_at_the_store
from tests.ui.conftest import PASSWORD
from ui.qt import QApplication, QMessageBox, Qt

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def busy_day(counter_store):
    """A day at the hall: applications of three windows, today, made by the intake services' bulk path."""
    from desktop.services.demo.seed import seed_demo

    seed_demo(counter_store, applications=40, days=1, windows=3, bulk=True)
    return counter_store


def test_supervisor_exports_todays_report_as_pdf(busy_day, start_counter, record_keys, tmp_path):
    counter = start_counter("super1")
    d = counter.driver
    target = tmp_path / "daily.pdf"
    d.press(Qt.Key.Key_5, CTRL)  # 业务报表, the fifth page for a supervisor (the hall cases are the fourth)
    reports = counter.page("reports")
    reports.choose_path = lambda fmt, suggested: str(target)  # the save dialog, answered with Enter
    d.until(lambda: reports.report is not None and reports.export_buttons["pdf"].isEnabled(), what="today's report")
    d.press(Qt.Key.Key_P, CTRL)
    d.until(lambda: target.is_file(), what="the exported file")
    d.until(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()),
            what="the saved-to message")
    d.press(Qt.Key.Key_Return)
    record_keys(d, "Ctrl+5, Ctrl+P, Enter (save dialog answered)")

    text = pdf_text(target.read_bytes())
    report = reports.report
    assert report.total > 0 and str(report.total) in text
    assert "业务" in text and report.period.start.strftime("%Y") in text
    with look_at_the_store(counter) as services:
        again = services.reports.build(counter.session.user, report.period, report.window_id)
    assert again.totals == report.totals  # the file, the screen and the store agree


def test_admin_adds_a_clerk_who_can_sign_in(start_counter, record_keys):
    counter = start_counter("admin1")
    d = counter.driver
    d.press(Qt.Key.Key_6, CTRL)  # 设置/管理
    admin = counter.page("admin")
    d.until(lambda: admin.isVisible(), what="the administration page")
    admin.tabs.setFocus()
    d.press(Qt.Key.Key_Tab, CTRL)  # the Users tab
    d.until(lambda: admin.tabs.currentWidget() is admin.users, what="the users tab")
    d.press(Qt.Key.Key_N, CTRL)
    dialog = d.dialog("addUserDialog")
    d.type("clerk7")
    d.press(Qt.Key.Key_Tab)
    d.type("周新员")
    d.press(Qt.Key.Key_Tab)  # the role: 窗口人员 is the first choice
    d.press(Qt.Key.Key_Tab)
    d.type("Counter2027x", counted=False)
    d.press(Qt.Key.Key_Tab)
    d.type("Counter2027x", counted=False)
    d.press(Qt.Key.Key_Return)
    d.until(lambda: gone(dialog) and admin.users.select("clerk7"), what="the new account listed")
    record_keys(d, "Ctrl+6, Ctrl+Tab, Ctrl+N, name typed, Tab×4, Enter (passwords not counted)")

    with look_at_the_store(counter) as services:
        signed = services.auth.login("clerk7", "Counter2027x")
        users = {u["username"]: u for u in services.auth.list_users()}
    assert signed.role == "clerk" and signed.display_name == "周新员"
    assert users["clerk7"]["active"] and PASSWORD not in str(users["clerk7"])
