"""The keyboard stays where the clerk is: after the camera, out of the capture panel, and after F2."""
from __future__ import annotations

import pytest

from desktop.devices.capture.scan_folder import ScanFolderInbox
from desktop.devices.capture.simulated import SimulatedScanner
from desktop.devices.id_reader import SimulatedReader
from tests.ui.intake.test_card_reader_and_pages import CARD
from ui.capture.camera import SimulatedCameraBackend
from ui.capture.panel import CapturePanel
from ui.intake.factory import build_intake_page
from ui.qt import QAbstractButton, QApplication, QDialog, QLabel, QLineEdit, Qt

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("chinese_ui")]


@pytest.fixture
def counter_page(qtbot, catalog, clerk, make_workspace, tmp_path):
    reader = SimulatedReader()
    reader.place(CARD)
    inbox_dir = tmp_path / "scans"
    inbox_dir.mkdir()
    ws = make_workspace(clerk, id_reader=reader, camera=SimulatedCameraBackend(), scanner=SimulatedScanner(pages=2),
                        inbox=ScanFolderInbox(inbox_dir, settle_seconds=0))
    page = build_intake_page(ws)
    qtbot.addWidget(page)
    page.resize(1280, 640)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


def start_case(qtbot, page) -> None:
    qtbot.keyClicks(page.picker.box, "hkqy")
    qtbot.keyClick(page.picker.box, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F4)
    assert page.applicant.id_ok()


def test_after_the_camera_the_keyboard_is_back_on_the_checklist_and_ctrl_enter_works(qtbot, counter_page):
    page = counter_page
    start_case(qtbot, page)
    assert QApplication.focusWidget() is page.applicant.phone, "the card filled the rest: the phone is next"
    qtbot.keyClick(page.applicant.phone, Qt.Key.Key_Return)  # Enter: on to the materials
    assert QApplication.focusWidget() is page.checklist
    for _ in range(3):
        qtbot.keyClick(page.checklist, Qt.Key.Key_Space)
    qtbot.keyClick(page.checklist, Qt.Key.Key_F6)
    camera = page.findChild(CapturePanel).camera_dialog
    qtbot.waitUntil(lambda: camera.isActiveWindow())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # the shot: the fourth material gets its page
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.checklist)
    required = [m for m in page.checklist_model.materials() if m.required]
    assert all(m.state == "provided" for m in required), "the captured page marked its material received"
    with qtbot.waitSignal(page.application_decided):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    page.findChild(QDialog, "papersDialog").reject()


def test_shift_tab_out_of_the_capture_panel_lands_on_the_checklist_and_moves_no_page(qtbot, counter_page):
    page = counter_page
    start_case(qtbot, page)
    page.go_to_checklist()
    qtbot.keyClick(page.checklist, Qt.Key.Key_F7)  # the scanner: two pages for the first material
    panel = page.findChild(CapturePanel)
    qtbot.waitUntil(lambda: panel.strip.count() == 2)
    order = panel.strip.ids()
    panel.strip.setFocus()
    qtbot.keyClick(panel.strip, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is page.checklist
    assert panel.strip.ids() == order
    page_ops = {panel.left_button, panel.right_button, panel.rotate_button, panel.delete_button, panel.retake_button}
    seen = set()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.add(QApplication.focusWidget())
    assert not seen & page_ops, "Tab never lands on a button that moves, turns or deletes a page"
    qtbot.keyClick(page.checklist, Qt.Key.Key_Delete)  # Delete on the checklist resets the row only
    assert panel.strip.ids() == order


def test_tab_walks_the_screen_in_order_and_reaches_the_decisions(qtbot, counter_page):
    page = counter_page
    start_case(qtbot, page)
    chain = [w for w in page.tab_order() if w.isVisible() and w.isEnabled()]
    page.picker.box.setFocus()
    walked = []
    for _ in range(len(chain)):
        walked.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert page.bar.accept in walked and walked.index(page.checklist) < walked.index(page.bar.accept)
    assert walked.index(page.card_bar.button) < walked.index(page.applicant.id_number)


def test_f2_leaves_no_trace_of_the_previous_citizen(qtbot, counter_page):
    page = counter_page
    start_case(qtbot, page)
    qtbot.keyClicks(page.applicant.phone, "13912345678")
    page.go_to_checklist()
    qtbot.keyClick(page.checklist, Qt.Key.Key_F2)
    traces = (CARD.name, CARD.id_number, CARD.address[:6], "13912345678", CARD.issuing_authority)
    shown = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QLineEdit)
             + page.findChildren(QAbstractButton) if w.isVisibleTo(page)]
    assert [text for text in shown if any(t in text for t in traces)] == []
    assert page.card_bar.status.text() == "" and page.checklist_model.rowCount() == 0
    assert QApplication.focusWidget() is page.picker.box
