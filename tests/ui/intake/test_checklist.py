"""The materials checklist: Qt model checks, 容缺 with a date by keyboard, refusals in the rule's words."""
from __future__ import annotations

import pytest

from desktop.services.intake.service import IntakeService
from tests.ui.intake.test_intake_keyboard import VALID_ID, key, pick_matter, type_applicant
from ui.intake.checklist_model import ChecklistModel
from ui.qt import QApplication, QDialog, QMessageBox, Qt

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("chinese_ui")]


def test_checklist_model_passes_qt_model_checks(qtmodeltester, catalog, clerk):
    view = IntakeService(catalog).start_draft(clerk, "620100-RS-0006", {})
    model = ChecklistModel()
    model.set_materials(view.materials)
    qtmodeltester.check(model, force_py=True)


def test_d_defers_an_allowed_material_until_the_date_picked(qtbot, page, catalog):
    pick_matter(qtbot, page, "sybx")  # 失业保险金申领: the bank card (row 3) may be deferred
    type_applicant(qtbot, page)
    page.checklist.setFocus()
    page.checklist.selectRow(2)
    latest = page.ws.services.intake.latest_deferral_date(page.case.uuid)
    key(qtbot, Qt.Key.Key_D)
    dialog = page.findChild(QDialog, "deferralDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    row = page.checklist_model.material(2)
    assert (row.state, row.deferred_until) == ("deferred", latest)
    assert "前补交" in page.checklist_model.index(2, 4).data()


def test_d_on_a_material_that_may_not_be_deferred_says_why(qtbot, page, catalog):
    pick_matter(qtbot, page, "sybx")
    page.checklist.setFocus()
    page.checklist.selectRow(0)  # the ID card: never deferrable
    qtbot.keyClick(page.checklist, Qt.Key.Key_D)
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "不允许容缺受理" in boxes[0].text()
    assert page.checklist_model.material(0).state == "pending"


def test_space_receives_the_paper_and_moves_to_the_next_row(qtbot, page, catalog):
    pick_matter(qtbot, page, "sybx")
    page.checklist.setFocus()
    page.checklist.selectRow(0)
    for _ in range(3):
        qtbot.keyClick(page.checklist, Qt.Key.Key_Space)
    assert [m.state for m in page.checklist_model.materials()[:3]] == ["provided"] * 3
    assert page.checklist.currentIndex().row() == 3
    qtbot.keyClick(page.checklist, Qt.Key.Key_Up)
    qtbot.keyClick(page.checklist, Qt.Key.Key_Space)  # Space on a received row takes it back, and stays
    assert page.checklist_model.material(2).state == "pending" and page.checklist.currentIndex().row() == 2


def test_plus_and_minus_change_the_copies_received(qtbot, page, catalog):
    pick_matter(qtbot, page, "sybx")
    page.checklist.setFocus()
    page.checklist.selectRow(0)
    qtbot.keyClick(page.checklist, Qt.Key.Key_Space)
    qtbot.keyClick(page.checklist, Qt.Key.Key_Up)  # Space moved on to the next paper
    copies = page.checklist_model.material(0).provided_copies
    qtbot.keyClick(page.checklist, Qt.Key.Key_Plus)
    assert page.checklist_model.material(0).provided_copies == copies + 1
    qtbot.keyClick(page.checklist, Qt.Key.Key_Minus)
    qtbot.keyClick(page.checklist, Qt.Key.Key_Minus)
    assert page.checklist_model.material(0).provided_copies == copies - 1
    qtbot.keyClick(page.checklist, Qt.Key.Key_Backspace)
    assert page.checklist_model.material(0).state == "pending"


def test_typing_is_autosaved_about_a_second_after_the_last_key(qtbot, page, catalog):
    pick_matter(qtbot, page)
    qtbot.keyClicks(page.applicant.id_number, VALID_ID[:10])
    uuid = page.case.uuid
    service = IntakeService(catalog)
    assert service.get_application(uuid).form_state.get("applicant", {}).get("id_number", "") == ""
    qtbot.waitUntil(lambda: service.get_application(uuid).form_state["applicant"]["id_number"] == VALID_ID[:10],
                    timeout=3000)
    assert page.save_status.text() == "草稿已自动保存"
    assert QApplication.focusWidget() is page.applicant.id_number


def test_factory_plugs_in_capture_panel_and_prints_after_a_decision(qtbot, catalog, clerk, make_workspace):
    from ui.capture.panel import CapturePanel
    from ui.intake.page import build_intake_page
    from ui.printing import PapersDialog

    page = build_intake_page(make_workspace(clerk))
    qtbot.addWidget(page)
    page.show()
    panel = page.findChild(CapturePanel)
    assert panel is not None and page.capture_slot.isVisible()
    page.picker.box.setText("sybx")
    page.picker._pick_current()
    page.checklist.selectRow(1)
    assert panel.material_id == page.case.materials[1].id
    page.applicant.id_number.setText(VALID_ID)
    page.applicant.name.setText("张秀英")
    for m in page.case.materials:
        page._change_material(m.seq, "provided", {})
    page.accept_case()
    assert page.decision is not None and page.decision.status == "accepted"
    qtbot.waitUntil(lambda: page.findChild(PapersDialog) is not None, timeout=10000)
    papers = page.findChild(PapersDialog)
    assert papers.ticked() == ["receipt"]  # the window's configured papers, ticked
    assert panel.material_id == page.case.materials[1].id, "the selected row survives the refresh"
    papers.reject()


def test_e_shows_the_certificate_by_its_chinese_name_not_its_type_code(qtbot, page, catalog):
    pick_matter(qtbot, page, "620100-GA-0004")
    row = next(r for r in range(page.checklist_model.rowCount())
               if page.checklist_model.material(r).cert_type == "HOUSEHOLD_REGISTER")
    page.checklist.setFocus()
    page.checklist.selectRow(row)
    qtbot.keyClick(page.checklist, Qt.Key.Key_E)
    assert page.checklist_model.material(row).state == "certificate"
    cells = [page.checklist_model.index(row, c).data() for c in range(page.checklist_model.columnCount())]
    assert "居民户口簿" in cells
    assert not any("HOUSEHOLD_REGISTER" in str(cell) for cell in cells)
