"""The hall on the real window, by keys: a case of another window found and continued, the concurrency
message, the supervisor's hall report with each window's freshness.

The counter (W03) is enrolled in a hall of the reference server (a real loopback process); another
window (W01, a second data dir driven through the services) accepts the cases. Set
``ONEWINDOW_SCREENS=/some/dir`` (under Xvfb at 1280×720) to save what the clerk sees at each step.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desktop.config import save_local_settings
from sync.engine import SyncEngine
from sync.enrol import enroll
from sync.token_store import INSECURE_FILE_ENV, PlaintextFileTokenStore
from tests.e2e.driver import CTRL
from tests.integration.conftest import central, start_server  # noqa: F401 - fixtures
from tests.integration.hall_world import citizen, hall_codes, open_window, receipt_qr
from ui.qt import QApplication, QMessageBox, Qt

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def screenshot(name: str, widget=None) -> None:
    folder = os.environ.get("ONEWINDOW_SCREENS")
    if not folder:
        return
    for _ in range(10):  # let the X server paint what the widgets now hold
        QApplication.processEvents()
        if widget is not None:
            widget.repaint()
        time.sleep(0.03)
    screen = QApplication.primaryScreen()
    image = screen.grabWindow(0) if QApplication.platformName() == "xcb" else widget.grab()
    Path(folder).mkdir(parents=True, exist_ok=True)
    image.save(str(Path(folder) / f"{name}.png"))


@pytest.fixture(autouse=True)
def cjk_font(qapp):
    from ui.fonts import ensure_cjk_font

    ensure_cjk_font()  # as the app does at start-up (the screenshots show Chinese, not boxes)


@pytest.fixture
def hall(tmp_path, central, counter_store, monkeypatch):  # noqa: F811
    codes = hall_codes(central, 3)
    w1 = open_window(tmp_path / "other", central, "W01", codes[0], display="张受理")
    w2 = open_window(tmp_path / "other", central, "W02", codes[1], display="刘受理")
    token = tmp_path / "w03-token"
    monkeypatch.setenv(INSECURE_FILE_ENV, str(token))
    counter_store.config = save_local_settings(counter_store.config, {"server": {"url": central.url}})
    enroll(counter_store, central.url, codes[2], token_store=PlaintextFileTokenStore(token))
    engine = SyncEngine(counter_store, token_store=PlaintextFileTokenStore(token))
    yield w1, w2, engine
    for w in (w1, w2):
        w.ctx.close()


def refusal_box():
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "hallRefusal" and w.isVisible()), None)


def open_hall_page(counter, text: str):
    d, page = counter.driver, counter.page("hall")
    d.press(Qt.Key.Key_4, CTRL)
    d.until(lambda: page.query.hasFocus(), what="the find box has the focus")
    d.type(text, counted=False)  # what the scanner types
    d.press(Qt.Key.Key_Return)
    d.until(lambda: page.case is not None, what="the case opened")
    d.settle()
    return page


def test_a_case_of_another_window_is_found_by_its_qr_and_continued_with_the_keyboard(hall, start_counter):
    w1, _w2, engine = hall
    uuid = w1.take_case(citizen(1), missing=(2,))
    number = w1.intake.request_supplement(w1.clerk, uuid).acceptance_no
    w1.sync()
    engine.run_once(budget_seconds=20)
    counter = start_counter()
    d = counter.driver
    page = open_hall_page(counter, receipt_qr(counter.ctx, number))
    assert page.case.uuid == uuid and page.case.window_id == "W01" and number in page.summary.text()
    assert page.history.count() == 1 and "W01" in page.history.item(0).text()
    screenshot("hall-find-case-from-another-window", counter.window)
    d.press(Qt.Key.Key_F5)
    d.dialog("hallConfirm")
    d.press(Qt.Key.Key_Return)
    d.dialog("printPreviewDialog")  # 受理通知书 under the original number
    d.press(Qt.Key.Key_Escape)
    d.dialog("printPreviewDialog")  # then the 材料接收凭证
    d.press(Qt.Key.Key_Escape)
    d.until(lambda: page.case.status == "accepted", what="the case accepted here")
    d.settle()
    assert page.case.number == number and "W03" in page.history.item(page.history.count() - 1).text()
    assert d.keys <= 6, d.log


def test_the_clerk_is_told_in_plain_words_when_another_window_was_first(hall, start_counter, central):  # noqa: F811
    w1, _w2, engine = hall
    uuid = w1.take_case(citizen(2), missing=(2,))
    number = w1.intake.request_supplement(w1.clerk, uuid).acceptance_no
    w1.sync()
    engine.run_once(budget_seconds=20)
    counter = start_counter()
    d = counter.driver
    page = open_hall_page(counter, number)
    online = counter.ctx.config
    counter.ctx.config = online.replace("server", url="http://127.0.0.1:9")  # the network cable is pulled
    d.press(Qt.Key.Key_F5)
    d.dialog("hallConfirm")
    d.press(Qt.Key.Key_Return)
    d.dialog("printPreviewDialog")
    d.press(Qt.Key.Key_Escape)
    d.dialog("printPreviewDialog")
    d.press(Qt.Key.Key_Escape)
    d.until(lambda: page.case.status == "accepted", what="recorded offline")
    w1.actions.record_supplement(w1.clerk, uuid)  # meanwhile the citizen is served at W01, online
    w1.sync()
    counter.ctx.config = online  # the network is back: the background sync runs
    counter.window.ws.sync.sync_now()
    d.until(lambda: refusal_box() is not None, timeout=30, what="the refusal told to the clerk")
    box = refusal_box()
    assert "在 W01 号窗口补齐材料" in box.text() and "此件已于" in box.text()
    d.until(lambda: any("未被采用" in page.history.item(i).text() for i in range(page.history.count())),
            what="the history shows the event that was not taken")
    d.settle()
    assert page.results.item(0, 1).text() == "已受理" and "W01 号窗口" in page.history.item(1).text()
    screenshot("hall-concurrency-message", counter.window)
    d.press(Qt.Key.Key_Return)
    d.until(lambda: refusal_box() is None, what="the message closed")


def test_the_supervisors_hall_report_shows_every_window_and_how_fresh_it_is(hall, start_counter):
    w1, w2, engine = hall
    for w, n in ((w1, 3), (w2, 2)):
        for i in range(n):
            w.intake.accept(w.clerk, w.take_case(citizen(10 * n + i)))
        w.sync()
    engine.run_once(budget_seconds=20)
    counter = start_counter("super1")
    d = counter.driver
    reports = counter.page("reports")
    d.press(Qt.Key.Key_5, CTRL)
    d.until(lambda: reports.report is not None and reports.coverage.isVisible(), what="the hall report")
    d.settle()
    text = reports.coverage.text()
    assert "W01 最后同步" in text and "W02 最后同步" in text and "W03" in text
    assert reports.report.total == 5 and {r.key for r in reports.report.by_window} == {"W01", "W02"}
    reports.tabs.setCurrentIndex(3)  # 按窗口
    screenshot("hall-report-freshness", counter.window)
