"""The whole intake driven with the keyboard only, as a clerk at a busy counter does it."""
from __future__ import annotations

import pytest

from desktop.services.intake.service import IntakeService
from tests.ui.typing import type_text
from ui.qt import QApplication, QDialog, Qt

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("chinese_ui")]
VALID_ID = "11010519491231002X"
WRONG_CHECK_DIGIT = "110105194912310021"


def key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def pick_matter(qtbot, page, query="hkqy"):
    assert QApplication.focusWidget() is page.picker.box, "the search box has the focus on open"
    qtbot.keyClicks(page.picker.box, query)
    assert page.picker.results.count() > 0
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert page.case is not None
    assert QApplication.focusWidget() is page.applicant.id_number


def type_applicant(qtbot, page, id_number=VALID_ID, name="张秀英"):
    qtbot.keyClicks(page.applicant.id_number, id_number)
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, QApplication.focusWidget(), name)


def mark_all_materials_provided(qtbot, page):
    page.checklist.setFocus()  # as after Tab-ing through the form
    for row in range(page.checklist_model.rowCount()):
        page.checklist.selectRow(row)
        if page.checklist_model.material(row).state != "provided":
            qtbot.keyClick(page.checklist, Qt.Key.Key_Space)


def tab_to(qtbot, widget, limit=40):
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName()}")


def test_accept_by_keyboard_shows_acceptance_number(qtbot, page, catalog):
    pick_matter(qtbot, page)
    assert "户口迁移" in page.matter_label.text()
    type_applicant(qtbot, page)
    assert page.applicant.id_message.text() == "公民身份号码校验通过"
    assert page.applicant.derived.text() == "1949-12-31   女"
    tab_to(qtbot, page.checklist)
    for _ in range(page.checklist_model.rowCount()):
        if page.checklist_model.material(page.checklist.currentIndex().row()).required:
            key(qtbot, Qt.Key.Key_Space)  # received, and on to the next row
        else:
            key(qtbot, Qt.Key.Key_Down)
    required = [m for m in page.checklist_model.materials() if m.required]
    assert all(m.state == "provided" for m in required)
    with qtbot.waitSignal(page.application_decided) as decided:
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    uuid, decision = decided.args
    assert decision.status == "accepted"
    assert decision.acceptance_no in page.banner.text()
    assert "承诺办结日期" in page.banner.text()
    stored = IntakeService(catalog).get_application(uuid)
    assert stored.status == "accepted"
    assert stored.applicant.name == "张秀英"
    # Next citizen: everything cleared, the search box ready again.
    key(qtbot, Qt.Key.Key_F2)
    assert page.case is None
    assert page.applicant.id_number.text() == ""
    assert QApplication.focusWidget() is page.picker.box


def test_invalid_id_names_the_wrong_digit_blocks_accept_and_is_kept_in_the_draft(qtbot, page, catalog):
    pick_matter(qtbot, page)
    type_applicant(qtbot, page, WRONG_CHECK_DIGIT)
    assert "第18位校验码应为X" in page.applicant.id_message.text()
    assert not page.bar.accept.isEnabled()
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the shortcut does nothing either
    assert page.decision is None
    page.save_now()  # what the 1 s autosave timer does
    draft = IntakeService(catalog).get_application(page.case.uuid)
    assert draft.status == "draft"
    assert draft.form_state["applicant"]["id_number"] == WRONG_CHECK_DIGIT


def test_supplement_by_keyboard_lists_missing_materials_once(qtbot, page, catalog):
    pick_matter(qtbot, page)
    type_applicant(qtbot, page)
    tab_to(qtbot, page.checklist)
    key(qtbot, Qt.Key.Key_Space)  # first material received, the rest missing
    key(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(QDialog, "supplementDialog")
    assert dialog is not None and dialog.isVisible()
    required_rest = [m.name for m in page.checklist_model.materials()[1:] if m.required]
    assert dialog.missing_names() == required_rest
    assert str(len(required_rest)) in dialog.findChild(type(page.banner), "supplementMissing").text()
    with qtbot.waitSignal(page.application_decided) as decided:
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    decision = decided.args[1]
    assert decision.status == "supplement_requested"
    assert {m.name for m in decision.missing} == set(required_rest)
    assert "补正期限" in page.banner.text() and decision.acceptance_no in page.banner.text()

    # The citizen comes back: F2, F3, find the case by acceptance number, accept it.
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, Qt.Key.Key_F3)
    resume = page.findChild(QDialog, "resumeDialog")
    qtbot.keyClicks(resume.query, decision.acceptance_no)
    qtbot.keyClick(resume.query, Qt.Key.Key_Return)
    assert resume.cases.count() == 1
    assert page.case is None, "Enter in the query only searches"
    qtbot.keyClick(resume.cases, Qt.Key.Key_Return)
    assert page.case.uuid == decision.uuid
    QApplication.processEvents()  # what was queued when the dialog closed runs now (the case came back first)
    assert page.window().focusWidget() is page.checklist, "the keyboard stays on the resumed case's materials"
    assert page.applicant.id_number.text() == VALID_ID
    mark_all_materials_provided(qtbot, page)
    with qtbot.waitSignal(page.application_decided) as accepted:
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert accepted.args[1].status == "accepted"
    assert accepted.args[1].acceptance_no == decision.acceptance_no


def test_reject_by_keyboard_requires_a_reason(qtbot, page, catalog):
    pick_matter(qtbot, page)
    type_applicant(qtbot, page)
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(QDialog, "rejectDialog")
    assert dialog.focusWidget() is dialog.reason, "typing starts in the reason field"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and page.decision is None, "no reason, no rejection"
    type_text(qtbot, dialog.reason, "申请事项不属于本机关职权范围")
    with qtbot.waitSignal(page.application_decided) as decided:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert decided.args[1].status == "rejected"
    stored = IntakeService(catalog).get_application(decided.args[0])
    assert stored.rejection_reason == "申请事项不属于本机关职权范围"
    assert "不予受理" in page.banner.text()


def test_returning_applicant_is_prefilled_from_the_id_number(qtbot, page, catalog):
    pick_matter(qtbot, page)
    type_applicant(qtbot, page)
    qtbot.keyClicks(page.applicant.phone, "13912345678")
    mark_all_materials_provided(qtbot, page)
    with qtbot.waitSignal(page.application_decided):
        page.accept_case()
    key(qtbot, Qt.Key.Key_F2)
    pick_matter(qtbot, page)
    qtbot.keyClicks(page.applicant.id_number, VALID_ID)
    assert page.applicant.name.text() == "张秀英"
    assert page.applicant.phone.text() == "13912345678"
    assert "老申请人" in page.returning.text()


def test_open_drafts_are_offered_on_start(qtbot, catalog, clerk, make_workspace):
    from ui.intake.page import IntakePage

    IntakeService(catalog).start_draft(clerk, "620100-GA-0001", {})
    page = IntakePage(make_workspace(clerk))
    qtbot.addWidget(page)
    page.show()
    assert "1 件未完成的草稿" in page.banner.text()


def test_the_open_drafts_line_goes_when_the_next_citizen_is_served(qtbot, catalog, clerk, make_workspace):
    """It stayed above the new citizen's case all morning, as if it were about them."""
    from ui.intake.page import IntakePage

    IntakeService(catalog).start_draft(clerk, "620100-GA-0001", {})
    page = IntakePage(make_workspace(clerk))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: page.picker.box.hasFocus())
    assert page.banner.isVisible() and "未完成的草稿" in page.banner.text()
    pick_matter(qtbot, page)
    assert not page.banner.isVisible()
