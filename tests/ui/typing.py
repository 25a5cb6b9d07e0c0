"""Typing helpers for GUI tests: QTest.keyClicks only handles ASCII, clerks type Chinese.

Non-ASCII characters are sent as real key events carrying their text (QTest.sendKeyEvent),
which is what a committed input-method character looks like to a QLineEdit.
"""
from __future__ import annotations

from PySide6.QtTest import QTest

from ui.qt import Qt


def type_text(qtbot, widget, text: str) -> None:
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
            QTest.sendKeyEvent(action, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
