"""Typing helpers for GUI tests: QTest.keyClicks only handles ASCII, clerks type Chinese.

Non-ASCII characters are sent as real key events carrying their text, which is what a
committed input-method character looks like to a QLineEdit. (QTest.sendKeyEvent is not used:
PySide6 6.8 picks its ``char`` overload for a one-character str and mangles it.)
"""
from __future__ import annotations

from ui.qt import QCoreApplication, QEvent, QKeyEvent, Qt


def type_text(qtbot, widget, text: str) -> None:
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QCoreApplication.sendEvent(widget, event)
