"""Reading the ID card into the form (F4), and materials that need a scan before 'provided'."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.config import DeviceSettings
from desktop.devices.id_reader import IdCard, SimulatedReader, UnavailableReader, make_reader
from desktop.services.attachments import attach_generated_pages
from ui.qt import QMessageBox, Qt

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("chinese_ui")]

CARD = IdCard(name="张建国", sex="男", ethnicity="汉", birth_date=dt.date(1985, 3, 12),
              address="甘肃省兰州市城关区庆阳路77号", id_number="620102198503120419",
              issuing_authority="兰州市公安局城关分局", valid_from=dt.date(2015, 6, 1),
              valid_until=dt.date(2035, 6, 1))


def choose(qtbot, page, code):
    qtbot.keyClicks(page.picker.box, code)
    qtbot.keyClick(page.picker.box, Qt.Key.Key_Down)
    qtbot.keyClick(page.picker.results, Qt.Key.Key_Return)
    assert page.case is not None


def test_f4_reads_the_card_into_the_applicant_form(qtbot, make_page):
    reader = SimulatedReader()
    reader.place(CARD)
    page = make_page(id_reader=reader)
    page.attach_card_reader()
    choose(qtbot, page, "620100-GA-0001")
    qtbot.keyClick(page.applicant.name, Qt.Key.Key_F4)
    assert page.applicant.id_number.text() == "620102198503120419"
    assert page.applicant.name.text() == "张建国"
    assert page.applicant.address.text().startswith("甘肃省兰州市")
    assert page.applicant.id_message.text() == "公民身份号码校验通过"
    assert "张建国" in page.card_bar.status.text()


def test_no_card_and_an_expired_card_are_told_to_the_clerk(qtbot, make_page):
    reader = SimulatedReader()
    page = make_page(id_reader=reader)
    page.attach_card_reader()
    choose(qtbot, page, "620100-GA-0001")
    page.card_bar.button.click()
    assert "没有身份证" in page.card_bar.status.text()
    reader.place(IdCard(**{**CARD.__dict__, "valid_until": dt.date(2020, 1, 1)}))
    page.card_bar.button.click()
    assert "已于 2020-01-01 过期" in page.card_bar.status.text()
    assert page.applicant.name.text() == "张建国"  # still filled: the clerk decides


def test_without_a_reader_the_reason_is_shown_and_typing_still_works(qtbot, make_page):
    page = make_page(id_reader=make_reader(DeviceSettings(id_reader="none")))
    page.attach_card_reader()
    assert "读卡器不可用" in page.card_bar.status.text() and "手工录入" in page.card_bar.status.text()
    choose(qtbot, page, "620100-GA-0001")
    page.card_bar.button.click()
    assert "手工录入" in page.card_bar.status.text()
    qtbot.keyClicks(page.applicant.id_number, "620102198503120419")
    assert page.applicant.id_message.text() == "公民身份号码校验通过"
    assert isinstance(page.ws.ports.id_reader, UnavailableReader)


def test_a_material_that_needs_a_scan_cannot_be_provided_without_a_page(qtbot, page, catalog):
    choose(qtbot, page, "620100-GA-0011")  # 普通护照签发: the photo must be captured
    row = next(i for i, m in enumerate(page.checklist_model.materials()) if m.electronic_required)
    page.checklist.setFocus()
    page.checklist.selectRow(row)
    qtbot.keyClick(page.checklist, Qt.Key.Key_Space)
    box = page.findChild(QMessageBox, "errorMessage")
    assert box is not None and "电子件" in box.text()
    box.close()
    assert page.checklist_model.material(row).state != "provided"
    attach_generated_pages(catalog, page.checklist_model.material(row).id, 1)
    qtbot.keyClick(page.checklist, Qt.Key.Key_Space)
    assert page.checklist_model.material(row).state == "provided"


def test_tab_reaches_the_card_button_before_the_applicant_form(qtbot, page):
    page.attach_card_reader()
    assert next_tab_stop(page.picker.results) is page.card_bar.button
    assert next_tab_stop(page.card_bar.button) is page.applicant.kind


def next_tab_stop(widget):
    nxt = widget.nextInFocusChain()
    while not nxt.focusPolicy() & Qt.FocusPolicy.TabFocus:
        nxt = nxt.nextInFocusChain()
    return nxt
