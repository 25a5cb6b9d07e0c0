"""Where the keyboard goes when a dialog closes (``ui/focus.py``)."""
from __future__ import annotations

import pytest

from ui import focus
from ui.qt import QDialog, QLineEdit, QVBoxLayout, QWidget

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    window.search, window.checklist = QLineEdit(), QLineEdit()
    layout.addWidget(window.search)
    layout.addWidget(window.checklist)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.search.setFocus()
    return window


def close_and_settle(qtbot, dialog: QDialog) -> None:
    dialog.accept()
    qtbot.wait(20)  # the restore is queued after the dialog is gone


def test_the_keyboard_comes_back_where_the_clerk_was(qtbot, window):
    dialog = QDialog(window)
    focus.return_focus_after(dialog, to=window.search)
    dialog.open()
    close_and_settle(qtbot, dialog)
    assert window.focusWidget() is window.search


def test_an_answer_that_moved_the_keyboard_while_the_window_was_inactive_keeps_it(qtbot, window, monkeypatch):
    dialog = QDialog(window)
    focus.return_focus_after(dialog, to=window.search)
    dialog.open()
    # The dialog's answer (a resumed case) put the keyboard on the checklist before the window was active
    # again: Qt then reports no application focus widget, only the window's own.
    window.checklist.setFocus()
    monkeypatch.setattr(focus.QApplication, "focusWidget", staticmethod(lambda: None))
    close_and_settle(qtbot, dialog)
    assert window.focusWidget() is window.checklist

