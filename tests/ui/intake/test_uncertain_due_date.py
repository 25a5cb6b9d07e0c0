"""A due date counted into a year without holiday data is confirmed by the clerk before acceptance."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.ui.intake.test_intake_keyboard import key, mark_all_materials_provided, pick_matter, type_applicant
from ui.qt import QApplication, QMessageBox, Qt

pytestmark = pytest.mark.gui


def test_the_clerk_confirms_a_due_date_in_a_year_without_holiday_data(qtbot, page, catalog):
    catalog.clock = lambda: dt.datetime(2026, 12, 31, 2, 0)  # New Year's Eve, 10:00 in the hall
    pick_matter(qtbot, page, "sybxjsl")  # 失业保险金申领: 5 working days, so into 2027
    type_applicant(qtbot, page)
    mark_all_materials_provided(qtbot, page)
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "uncertainDueDialog") is not None)
    box = page.findChild(QMessageBox, "uncertainDueDialog")
    assert "2027 年" in box.text() and "周一至周五" in box.text()
    assert page.decision is None  # nothing decided before the clerk answers
    with qtbot.waitSignal(page.application_decided) as decided:
        box.button(QMessageBox.StandardButton.Yes).click()
    _uuid, decision = decided.args
    assert decision.status == "accepted" and decision.due_date.year == 2027
    assert QApplication.activeModalWidget() is None
