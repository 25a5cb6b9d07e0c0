"""What a clerk ran into when the real app was walked under Xvfb with a keyboard (session 2's walk).

Each test repeats the keys that went wrong on the real window with the real pools.
"""
from __future__ import annotations

import pytest

from desktop.devices.capture.simulated import page_jpeg
from tests.e2e.steps import (
    decide,
    focus_name,
    gone,
    hand_over_papers,
    household_move_ready,
    intake,
    look_at_the_store,
    phone_then_materials,
    pick_matter,
    read_card,
    receive,
)
from ui.capture.panel import CapturePanel
from ui.qt import QApplication, QMessageBox, QPoint, QScrollArea, Qt

pytestmark = pytest.mark.gui


def test_p_in_the_papers_dialog_previews_the_current_paper_and_enter_then_prints_it(start_counter, record_keys):
    """The list had the keyboard and ate P (it searched for an item starting with P): no preview ever opened."""
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    household_move_ready(d, page)
    decide(d, page)
    papers = d.dialog("papersDialog")
    assert papers.papers.hasFocus()
    d.press(Qt.Key.Key_P)
    preview = d.dialog("printPreviewDialog")
    assert counter.tray.jobs == [], "a preview prints nothing"
    d.press(Qt.Key.Key_Escape)
    d.until(lambda: gone(preview) and papers.papers.hasFocus(), what="the keyboard back on the papers list")
    (receipt,) = hand_over_papers(d, counter, expected=1)  # Enter: print, not a second preview
    record_keys(d, "accept, P preview, Esc, Enter print")
    assert page.decision.acceptance_no in receipt


def test_a_returning_citizens_new_phone_replaces_the_one_filled_in_from_the_last_visit(start_counter):
    """The look-up filled the old phone into the field the clerk was typing in; the new digits were appended
    (a 22-digit 'phone' and 不能受理：联系电话格式不正确 at Ctrl+Enter)."""
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    accepted_then_back_again(d, counter, page)
    phone = page.applicant.phone
    d.until(lambda: phone.text() == "13912345678", what="the last visit's phone filled in")
    assert phone.hasFocus() and phone.selectedText() == "13912345678", "the old phone is there to confirm or replace"
    phone_then_materials(d, page, "13800138000")
    assert phone.text() == "13800138000"
    receive(d, page, 4)
    decide(d, page)
    hand_over_papers(d, counter, expected=1)
    with look_at_the_store(counter) as services:
        assert services.intake.get_application(page.decision.uuid).applicant.phone == "13800138000"


def test_enter_keeps_the_phone_from_the_last_visit(start_counter):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    accepted_then_back_again(d, counter, page)
    d.until(lambda: page.applicant.phone.text() == "13912345678", what="the last visit's phone filled in")
    d.press(Qt.Key.Key_Return)
    d.until(lambda: page.checklist.hasFocus(), what="the checklist")
    assert page.applicant.phone.text() == "13912345678"
    assert QApplication.focusWidget() is page.checklist


def accepted_then_back_again(d, counter, page) -> None:
    """张建国 is accepted with phone 13912345678; the screen is cleared (F2) and he comes back: matter
    picked and his card read again, so the look-up fills in what the last visit recorded."""
    household_move_ready(d, page, "13912345678")
    decide(d, page)
    hand_over_papers(d, counter, expected=1)
    d.press(Qt.Key.Key_F2)
    d.until(lambda: page.case is None and page.picker.box.hasFocus(), what="a cleared screen")
    reader = counter.session.workspace.ports.id_reader
    reader.place(next(card for card in reader._cards if card.name == "张建国"))  # the same citizen, back again
    pick_matter(d, page, "hkqy")
    read_card(d, page)


def shows_in_its_scroll_area(widget) -> bool:
    """At least the top rows of ``widget`` are inside the viewport of the area that scrolls it."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None
    viewport = area.viewport()
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return widget.isVisible() and top >= 0 and top + 40 <= viewport.height()


def test_f9_scrolls_the_scan_folders_files_into_view_and_enter_brings_the_pages_back(start_counter):
    """At 1280×720 the scan folder's list lies below the thumbnails: F9 gave it the keyboard out of sight."""
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    (counter.config.data_dir / "scan-inbox" / "scan-0001.jpg").write_bytes(page_jpeg(1, size=(600, 848)))
    panel = page.findChild(CapturePanel)
    pick_matter(d, page, "hkqy")
    read_card(d, page)
    phone_then_materials(d, page)
    d.press(Qt.Key.Key_F9)
    files = panel.inbox_widget.files
    d.until(lambda: files.hasFocus() and files.count() == 1 and shows_in_its_scroll_area(files),
            what="the scan folder's file in view with the keyboard on it")
    d.press(Qt.Key.Key_Return)
    d.until(lambda: page.checklist_model.material(0).pages == 1 and page.checklist.hasFocus(),
            what="the file assigned, the keyboard back on the checklist")
    d.until(lambda: shows_in_its_scroll_area(panel.strip), what="the material's pages in view again")


def error_text() -> str:
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "errorMessage" and w.isVisible()]
    return boxes[0].text() if boxes else ""


def test_e_without_a_certificate_says_why_for_the_row_and_for_this_counter(start_counter):
    """The demo counter has no platform; E said 'type the ID number and wait for the look-up' after the card
    was read, on every row, including one no certificate can ever stand in for."""
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    pick_matter(d, page, "hkqy")
    read_card(d, page)
    d.until(lambda: page.certificates.state == "unused", what="the look-up answered: no platform here")
    phone_then_materials(d, page)
    assert not page.checklist_model.material(0).cert_type  # 户口迁移申请表: paper only
    d.press(Qt.Key.Key_E)
    d.until(lambda: "不能以电子证照代替" in error_text(), what=lambda: f"why not on this row ({error_text()!r})")
    d.press(Qt.Key.Key_Return)
    d.until(lambda: not error_text(), what="the message closed")
    page.window().activateWindow()  # what the window manager does when the box closes (offscreen has none)
    d.until(lambda: page.checklist.hasFocus(), what="the keyboard back on the checklist")
    d.press(Qt.Key.Key_Down)
    assert page.checklist_model.material(1).cert_type  # 居民身份证: a certificate may stand in, elsewhere
    d.press(Qt.Key.Key_E)
    d.until(lambda: "未接入电子证照服务" in error_text(), what=lambda: f"why not at this counter ({error_text()!r})")


def test_a_mistyped_phone_is_refused_and_the_keyboard_goes_back_to_it(start_counter, record_keys):
    """Letters never reach the phone field; a number a digit short is refused at Ctrl+Enter, and after
    the message the keyboard is in the phone field with the number selected, not on a button."""
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    pick_matter(d, page, "hkqy")
    read_card(d, page)
    phone = page.applicant.phone
    d.type("138oo13800")  # the citizen said "o" for zero: the field keeps the digits only
    assert phone.text() == "13813800"  # an 8-digit local number: a shape the decision accepts…
    phone.clear()
    phone_then_materials(d, page, "1380013800")  # …but a mobile a digit short is not
    assert "border" in phone.styleSheet(), "leaving the field marks it"
    receive(d, page, 4)
    d.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = d.dialog("errorMessage")
    assert "联系电话格式不正确" in box.text()
    d.press(Qt.Key.Key_Return)
    d.until(lambda: gone(box) and phone.hasFocus() and phone.selectedText() == "1380013800",
            what=lambda: f"the keyboard back in the phone field, the number selected (focus {focus_name()}, {phone.hasFocus()}, {phone.selectedText()!r})")
    d.type("13800138000")  # replaces the selection
    assert phone.styleSheet() == ""
    decide(d, page)
    record_keys(d, "mistyped phone refused, corrected, accepted")
    hand_over_papers(d, counter, expected=1)
    with look_at_the_store(counter) as services:
        assert services.intake.get_application(page.decision.uuid).applicant.phone == "13800138000"
