"""补正告知 with the citizen's return, and 不予受理 — from the keyboard on the real window.

Both failed every time at the counter ("程序内部出错") while the synchronous GUI tests passed:
the background work read the dialog's text after the dialog was gone.
"""
from __future__ import annotations

import pytest

from tests.e2e.driver import CTRL
from tests.e2e.steps import (
    decide,
    focus_name,
    hand_over_papers,
    household_move_ready,
    intake,
    look_at_the_store,
    phone_then_materials,
    pick_matter,
    read_card,
    receive,
)
from ui.qt import QApplication, QMessageBox, Qt

pytestmark = pytest.mark.gui


def error_boxes() -> list[str]:
    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorMessage" and w.isVisible()]


def test_supplement_notice_then_the_citizen_returns_and_is_accepted(start_counter, record_keys):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    pick_matter(d, page, "hkqy")
    read_card(d, page)
    phone_then_materials(d, page)
    receive(d, page, 2)  # two of the four required papers are here
    missing = [m.name for m in page.checklist_model.materials()[2:] if m.required]
    d.press(Qt.Key.Key_B, CTRL)
    d.dialog("supplementDialog")
    d.type("请补齐户口簿原件")
    decide(d, page)
    (notice,) = hand_over_papers(d, counter, expected=1)
    assert error_boxes() == []
    number = page.decision.acceptance_no
    assert page.decision.status == "supplement_requested"
    assert "补正期限" in page.banner.text()
    assert "一次性告知" in notice, notice
    assert all(name in notice for name in missing), (missing, notice)
    assert "户口迁移（市内迁移）" in notice and "请补齐户口簿原件" in notice

    d.press(Qt.Key.Key_F2)  # the citizen leaves; another one could be served meanwhile
    d.until(lambda: page.case is None and page.picker.box.hasFocus(), what="a cleared screen")
    d.press(Qt.Key.Key_F3)  # the citizen is back with the papers and the ID card
    resume = d.dialog("resumeDialog")
    reader = counter.session.workspace.ports.id_reader
    reader.place(next(card for card in reader._cards if card.name == "张建国"))  # the same citizen's card
    d.press(Qt.Key.Key_F4)  # the card finds the open case
    d.until(lambda: resume.cases.count() == 1 and resume.cases.hasFocus(), what="the case found")
    d.press(Qt.Key.Key_Return)
    d.until(lambda: page.case is not None and page.checklist.hasFocus(), what=lambda: f"the case resumed (case {page.case is not None}, "
                                                                             f"focus on {focus_name()})")
    receive(d, page, 2)
    decide(d, page)
    (receipt,) = hand_over_papers(d, counter, expected=1)
    record_keys(d, "补正 (8-character note typed) + return found by the ID card (F3, F4) + accept")

    assert page.decision.status == "accepted" and page.decision.acceptance_no == number
    assert "补正期限" not in page.banner.text(), "the supplement deadline is over once the papers are in"
    assert number in receipt
    with look_at_the_store(counter) as services:
        stored = services.intake.get_application(page.decision.uuid)
    assert stored.status == "accepted" and stored.supplement_note == "请补齐户口簿原件"
    assert [e.to_status for e in stored.events][-2:] == ["supplement_requested", "accepted"]


def test_rejection_with_its_reason_on_the_notice(start_counter, record_keys):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    pick_matter(d, page, "hkqy")
    read_card(d, page)
    d.press(Qt.Key.Key_R, CTRL)
    d.dialog("rejectDialog")
    d.type("申请事项不属于本机关职权范围")
    decide(d, page)
    (notice,) = hand_over_papers(d, counter, expected=1)
    record_keys(d, "不予受理, reason typed")

    assert error_boxes() == []
    assert page.decision.status == "rejected"
    assert "不予受理通知书" in notice and "申请事项不属于本机关职权范围" in notice
    with look_at_the_store(counter) as services:
        stored = services.intake.get_application(page.decision.uuid)
    assert stored.rejection_reason == "申请事项不属于本机关职权范围"


def test_a_second_ctrl_enter_while_the_decision_is_on_its_way_decides_nothing_more(start_counter):
    """Ctrl+Enter pressed twice before the first answer came back: the clerk saw 办件已是“已受理”状态，
    不能重复操作 over the papers; an autosave started meanwhile (a late look-up answer) was refused with
    …不能再修改 (the e2e rejection test's intermittent failure under load)."""
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    household_move_ready(d, page)
    d.press(Qt.Key.Key_Return, CTRL, times=2)  # both before the first answer is back
    page._form_changed()  # a late look-up answer: the form changed while the decision is on its way
    assert not page._autosave.isActive()
    d.until(lambda: page.decision is not None, what="the decision")
    hand_over_papers(d, counter, expected=1)
    assert error_boxes() == []
    assert page.decision.status == "accepted"
