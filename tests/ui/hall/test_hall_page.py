"""The hall page: a case of another window found by its receipt QR, continued here, the refusal told."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.lifecycle import Status
from desktop.store.models import Application
from tests.integration.hall_world import citizen, hall_codes, open_window, receipt_qr
from ui.qt import QApplication, QDialog, QMessageBox, Qt

pytestmark = [pytest.mark.gui, pytest.mark.integration]


class RecordingPrinter:
    def available(self):
        return ["A4"]

    def default(self):
        return "A4"

    def print_pdf(self, pdf, printer, *, title):
        self.printed = getattr(self, "printed", []) + [title]


@pytest.fixture
def hall(tmp_path, central, qtbot):
    from desktop.services.attachments.crypto import MemoryKeyStore
    from ui.composition import Overrides, Workspace, session_services

    codes = hall_codes(central, 2)
    w1 = open_window(tmp_path, central, "W01", codes[0])
    w2 = open_window(tmp_path, central, "W02", codes[1])
    options = Overrides(key_store=MemoryKeyStore(reason="test"), token_store=w2.engine._token_store,
                        printer=RecordingPrinter(), sync_tick_ms=3_600_000)
    ws = Workspace(w2.ctx, w2.clerk, session_services(w2.ctx, options), options)
    yield w1, w2, ws
    ws.close()
    ws.deleteLater()
    for w in (w1, w2):
        w.ctx.close()


def _modal(name: str):
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None


def test_a_case_of_another_window_is_found_by_its_qr_and_its_supplement_recorded_here(hall, qtbot):
    from ui.hall.page import HallPage

    w1, w2, ws = hall
    uuid = w1.take_case(citizen(1), missing=(2,))
    number = w1.intake.request_supplement(w1.clerk, uuid).acceptance_no
    w1.sync()
    w2.sync()
    page = HallPage(ws)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    qtbot.keyClicks(page.query, receipt_qr(w2.ctx, number))
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    assert page.case is not None and page.case.uuid == uuid and page.case.window_id == "W01"
    assert number in page.summary.text() and page.supplement_button.isEnabled()
    assert page.history.count() == 1 and "W01" in page.history.item(0).text()
    page.record_supplement()
    box = _modal("hallConfirm")
    assert box is not None and "营业执照" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert page.case.status == Status.ACCEPTED and page.case.number == number
    preview = _modal("printPreview") or next(w for w in QApplication.topLevelWidgets()
                                            if isinstance(w, QDialog) and w.isVisible())
    preview.reject()
    with w2.ctx.db.session() as s:
        assert s.execute(select(Application.status).where(Application.uuid == uuid)).scalar() == "accepted"
    # the sync the action started delivered it: the banner no longer says it waits for the next one
    qtbot.waitUntil(lambda: "next sync" not in page.banner.text())
    assert page.banner.text().endswith("and sent to the platform.") and number in page.banner.text()


def test_the_clerk_is_told_in_plain_words_when_another_window_was_first(hall, qtbot, central):
    from ui.hall.page import HallPage
    from ui.operations.sync import SyncRun

    w1, w2, ws = hall
    uuid = w1.take_case(citizen(2), missing=(2,))
    number = w1.intake.request_supplement(w1.clerk, uuid).acceptance_no
    w1.sync()
    w2.sync()
    page = HallPage(ws)
    qtbot.addWidget(page)
    page.show()
    page.query.setText(number)
    page.find()
    w2.go_offline()
    page.record_supplement()
    _modal("hallConfirm").button(QMessageBox.StandardButton.Yes).click()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and widget.objectName() != "hallConfirm":
            widget.reject()
    w1.actions.record_supplement(w1.clerk, uuid)
    w1.sync()
    w2.go_online(central)
    ws.ops.run(SyncRun())
    refusal = _modal("hallRefusal")
    assert refusal is not None and "在 W01 号窗口补齐材料" in refusal.text() and "此件已于" in refusal.text()
    assert "W01 号窗口补齐材料" in page.banner.text()
    assert any("未被采用" in page.history.item(i).text() or "not taken" in page.history.item(i).text()
               for i in range(page.history.count()))
    refusal.accept()


def test_the_page_lists_the_latest_cases_of_other_windows_and_a_sync_brings_new_ones(hall, qtbot):
    from ui.hall.page import HallPage
    from ui.operations.sync import SyncRun

    w1, w2, ws = hall
    first = w1.take_case(citizen(3), missing=(2,))
    w1.intake.request_supplement(w1.clerk, first)
    w1.sync()
    w2.sync()
    page = HallPage(ws)
    qtbot.addWidget(page)
    page.show()
    assert page.listing_recent and page.results.rowCount() == 1 and page.results.item(0, 2).text() == "W01"
    assert "其他窗口" in page.banner.text() or "other windows" in page.banner.text()
    second = w1.take_case(citizen(4))
    w1.intake.accept(w1.clerk, second)
    w1.sync()
    ws.ops.run(SyncRun())  # the app's own sync run: the hall feed brings W01's new case, the list follows
    assert [c.uuid for c in page.found] == [second, first] and page.results.rowCount() == 2
    page.results.setFocus()
    page.results.selectRow(1)
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    assert page.case is not None and page.case.uuid == first and page.supplement_button.isEnabled()
    page.query.setText("no-such-case-9999")
    page.find()
    assert not page.listing_recent and page.results.rowCount() == 0
    page.query.clear()
    page.find()  # Enter on an empty box: back to the hall's arrivals
    assert page.listing_recent and page.results.rowCount() == 2


def test_new_arrivals_neither_move_the_selection_off_its_case_nor_hide_what_was_just_recorded(hall, qtbot):
    from ui.hall.page import HallPage
    from ui.operations.sync import SyncRun

    w1, w2, ws = hall
    waiting = w1.take_case(citizen(5), missing=(2,))
    w1.intake.request_supplement(w1.clerk, waiting)
    w1.sync()
    w2.sync()
    page = HallPage(ws)
    qtbot.addWidget(page)
    page.show()
    page.results.selectRow(0)
    page.open_row(0)
    page.record_supplement()
    _modal("hallConfirm").button(QMessageBox.StandardButton.Yes).click()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    recorded = page.banner.text()
    w1.intake.accept(w1.clerk, w1.take_case(citizen(6)))
    w1.sync()
    ws.ops.run(SyncRun())
    assert page.results.rowCount() == 2 and page.found[1].uuid == waiting
    assert [i.row() for i in page.results.selectionModel().selectedRows()] == [1]
    # still about what was just recorded, now delivered by that sync
    assert page.banner.text() == recorded.replace("; it is sent to the platform with the next sync.",
                                                  " and sent to the platform.")
    assert page.case is not None and page.case.uuid == waiting
