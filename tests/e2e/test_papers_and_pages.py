"""A reprint from the applications list, and pages from every capture source — by keys on the real window."""
from __future__ import annotations

import pytest

from desktop.devices.capture.simulated import page_jpeg
from tests.e2e.steps import (
    decide,
    hand_over_papers,
    household_move_ready,
    intake,
    look_at_the_store,
    phone_then_materials,
    photograph,
    pick_matter,
    read_card,
)
from ui.capture.panel import CapturePanel
from ui.qt import Qt

pytestmark = pytest.mark.gui


def accept_a_walk_in(d, counter) -> str:
    page = intake(counter)
    household_move_ready(d, page)
    decide(d, page)
    hand_over_papers(d, counter, expected=1)
    return page.decision.acceptance_no


def test_reprint_of_the_receipt_from_the_applications_list_is_marked_and_says_what_the_original_said(
        start_counter, record_keys):
    counter = start_counter()
    d = counter.driver
    number = accept_a_walk_in(d, counter)
    original = counter.tray.texts()[-1]
    d.keys, d.log = 0, []  # the reprint path starts here

    d.press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    applications = counter.page("applications")
    d.until(lambda: applications.model.rowCount() and applications.model.index(0, 0).data() == number,
            what="the list shows the case just accepted (no F5)")
    d.press(Qt.Key.Key_Down)  # from the search box into the list: the newest case
    d.press(Qt.Key.Key_Return)
    detail = d.dialog("applicationDetailDialog")
    printed_before = detail.tabs.widget(detail._prints_index).model().rowCount()
    d.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    papers = d.dialog("papersDialog")
    assert papers.ticked() == [], "a reprint ticks nothing by itself"
    d.press(Qt.Key.Key_Space)  # the receipt, first in the list
    (reprint,) = hand_over_papers(d, counter, expected=1)
    record_keys(d, "Ctrl+2, ↓, Enter, Ctrl+P, Space, Enter")

    assert "补打" in reprint and "补打" not in original
    assert reprint.replace("补打", "").replace("（）", "") != "" and number in reprint
    # The same paper: what it says of the case (names, numbers, materials) is the original's.
    for fragment in ("张建国", number, "户口迁移（市内迁移）", "户口迁移申请表"):
        assert fragment in original and fragment in reprint
    with look_at_the_store(counter) as services:
        history = services.prints.history(services.documents.find(number).id)
    assert [h.kind.value for h in history] == ["receipt", "receipt"]
    assert history[1].reprint_of == history[0].id
    # The open detail lists the reprint too (it hears document_printed), not the count it opened with.
    d.until(lambda: detail.tabs.widget(detail._prints_index).model().rowCount() == printed_before + 1,
            what="the detail's papers tab with the reprint")


def test_pages_from_each_capture_source_land_on_their_material(start_counter, record_keys, tmp_path):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    (counter.config.data_dir / "scan-inbox" / "scan-0001.jpg").write_bytes(page_jpeg(1, size=(600, 848)))
    picked = tmp_path / "from-a-usb-stick.jpg"
    picked.write_bytes(page_jpeg(2, size=(600, 848)))
    panel = page.findChild(CapturePanel)
    panel.choose_paths = lambda: [picked]  # the clerk picks this file in the file dialog and presses Enter
    pick_matter(d, page, "hkqy")
    read_card(d, page)
    phone_then_materials(d, page)

    d.press(Qt.Key.Key_F7)  # row 1: the scanner (three simulated pages)
    d.until(lambda: page.checklist_model.material(0).pages == 3 and page.checklist_model.material(0).state == "provided",
            what="three scanned pages")
    d.press(Qt.Key.Key_Down)
    d.press(Qt.Key.Key_F8)  # row 2: a file
    d.until(lambda: page.checklist_model.material(1).pages == 1, what="the imported file")
    d.press(Qt.Key.Key_Down)
    d.press(Qt.Key.Key_F9)  # row 3: the scan folder
    d.until(lambda: panel.inbox_widget.files.hasFocus() and panel.inbox_widget.files.count() == 1,
            what="the scan folder's file")
    d.press(Qt.Key.Key_Return)
    d.until(lambda: page.checklist_model.material(2).pages == 1 and page.checklist.hasFocus(),
            what="the scanned file assigned, the keyboard back on the checklist")
    d.press(Qt.Key.Key_Down)
    photograph(d, page)  # row 4: the document camera
    decide(d, page)
    hand_over_papers(d, counter, expected=1)
    record_keys(d, "F7 scanner, F8 file (dialog answered), F9 scan folder + Enter, F6 camera")

    with look_at_the_store(counter) as services:
        stored = services.intake.get_application(page.decision.uuid)
        sources = [[p.source for p in services.attachments.list_pages(m.id)] for m in stored.materials[:4]]
    assert sources == [["scanner"] * 3, ["file"], ["file"], ["camera"]]
    assert all(m.state == "provided" for m in stored.materials[:4])
    assert not list((counter.config.data_dir / "scan-inbox").glob("*.jpg")), "the assigned scan is moved aside"
