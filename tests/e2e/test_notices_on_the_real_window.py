"""补正告知 and 不予受理 from the keyboard on the real window: the notice is issued, nothing crashes.

These two failed every time at the counter ("程序内部出错") while the synchronous GUI tests
passed: the background work read the dialog's text after the dialog was gone.
"""
from __future__ import annotations

import pytest

from desktop.services.intake.service import IntakeService
from tests.e2e.driver import CTRL
from ui.qt import QApplication, QMessageBox, Qt

pytestmark = pytest.mark.gui


def error_boxes() -> list[str]:
    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorMessage" and w.isVisible()]


def open_case_with_card(counter) -> object:
    d, intake = counter.driver, counter.page("intake")
    d.until(lambda: intake.picker.box.hasFocus(), what="the matter search box has the focus")
    d.type("hkqy")
    d.until(lambda: intake.picker.results.count() > 0, what="matter hits")
    d.press(Qt.Key.Key_Return)
    d.until(lambda: intake.case is not None, what="a draft")
    d.press(Qt.Key.Key_F4)
    d.until(lambda: intake.applicant.id_ok(), what="the ID card read")
    d.settle()
    return intake


def test_supplement_notice_is_issued_from_the_keyboard(start_counter):
    counter = start_counter()
    d = counter.driver
    intake = open_case_with_card(counter)
    d.press(Qt.Key.Key_B, CTRL)
    d.dialog("supplementDialog")
    d.type("请补齐户口簿原件")
    d.press(Qt.Key.Key_Return, CTRL)
    d.until(lambda: intake.decision is not None or error_boxes(), what="the decision or an error")
    d.settle()
    assert error_boxes() == []
    assert intake.decision.status == "supplement_requested"
    counter.guard.armed = False  # the test's own look at the store
    stored = IntakeService(counter.ctx).get_application(intake.decision.uuid)
    assert stored.status == "supplement_requested"
    assert stored.supplement_note == "请补齐户口簿原件"


def test_rejection_is_issued_from_the_keyboard(start_counter):
    counter = start_counter()
    d = counter.driver
    intake = open_case_with_card(counter)
    d.press(Qt.Key.Key_R, CTRL)
    d.dialog("rejectDialog")
    d.type("申请事项不属于本机关职权范围")
    d.press(Qt.Key.Key_Return, CTRL)
    d.until(lambda: intake.decision is not None or error_boxes(), what="the decision or an error")
    d.settle()
    assert error_boxes() == []
    assert intake.decision.status == "rejected"
    counter.guard.armed = False
    stored = IntakeService(counter.ctx).get_application(intake.decision.uuid)
    assert stored.rejection_reason == "申请事项不属于本机关职权范围"
