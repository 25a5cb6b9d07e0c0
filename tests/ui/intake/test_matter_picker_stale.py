"""Enter pressed before the search answered never picks a matter from the previous list."""
from __future__ import annotations

import pytest

from ui.composition import core_services
from ui.intake.matter_picker import MatterPicker
from ui.operations.runner import OperationRunner
from ui.qt import Qt

pytestmark = pytest.mark.gui


class HeldPool:
    """Holds tasks until released, like a search that has not answered yet."""

    def __init__(self) -> None:
        self.held = []

    def start(self, runnable) -> None:
        self.held.append(runnable)

    def release(self) -> None:
        while self.held:
            self.held.pop(0).run()


def test_quick_enter_waits_for_the_answer_to_what_was_typed(qtbot, catalog):
    pool = HeldPool()
    picker = MatterPicker(OperationRunner(core_services(catalog), pool=pool))
    qtbot.addWidget(picker)
    pool.release()  # the empty box's most-used list is showing
    picked = []
    picker.picked.connect(picked.append)
    qtbot.keyClicks(picker.box, "620100-GA-0004")
    qtbot.keyClick(picker.box, Qt.Key.Key_Return)
    assert picked == []  # the list on screen answers an older query
    pool.release()
    assert [hit.code for hit in picked] == ["620100-GA-0004"]
