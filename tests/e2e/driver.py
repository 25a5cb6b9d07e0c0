"""Drive the real main window by key events, counting them, and wait for the real thread pool.

Every key goes to the widget that has the focus (as a keyboard would); nothing clicks a
button or calls a slot behind the window's back. ``keys`` counts key presses (a typed string
counts one per character, except text the path says not to count, such as a phone number).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.ui.typing import type_text
from ui.qt import QApplication, QDialog, QKeySequence, Qt, QThreadPool, QWidget
from ui.tasks import default_write_pool

Mods = Qt.KeyboardModifier
NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@dataclass
class Driver:
    qtbot: object
    keys: int = 0
    log: list[str] = field(default_factory=list)

    # --- keys -------------------------------------------------------------------------------

    def target(self) -> QWidget:
        widget = QApplication.focusWidget() or QApplication.activeModalWidget() or QApplication.activeWindow()
        assert widget is not None, "no widget has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifiers: Mods = NO, *, times: int = 1) -> None:
        """Press ``key`` where the focus is, ``times`` times; each press is counted."""
        for _ in range(times):
            widget = self.target()
            self.log.append(QKeySequence(key | modifiers).toString() if modifiers != NO else
                            QKeySequence(key).toString())
            self.keys += 1
            self.qtbot.keyClick(widget, key, modifiers)

    def type(self, text: str, *, counted: bool = True) -> None:
        """Type ``text`` where the focus is (Chinese as committed input-method characters)."""
        widget = self.target()
        if counted:
            self.keys += len(text)
            self.log.append(repr(text))
        type_text(self.qtbot, widget, text)

    # --- waiting ----------------------------------------------------------------------------

    def settle(self, timeout: float = 15.0) -> None:
        """Wait until no background work is running and every posted result was delivered."""
        deadline = time.monotonic() + timeout
        pools = [QThreadPool.globalInstance(), default_write_pool()]
        while time.monotonic() < deadline:
            for pool in pools:
                pool.waitForDone(50)
            QApplication.processEvents()
            if all(pool.activeThreadCount() == 0 for pool in pools):
                QApplication.processEvents()
                if all(pool.activeThreadCount() == 0 for pool in pools):
                    return
        raise AssertionError("background work did not finish in time")

    def until(self, condition: Callable[[], object], timeout: float = 15.0,
              what: str | Callable[[], str] = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            QApplication.processEvents()
            if condition():
                return
            self.qtbot.wait(20)
        raise AssertionError(f"timed out waiting for {(what() if callable(what) else what) or condition}")

    def dialog(self, name: str, timeout: float = 15.0) -> QDialog:
        """Wait for the visible dialog called ``name`` to hold the focus."""
        found: list[QDialog] = []

        def shown() -> bool:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.objectName() == name and widget.isVisible():
                    found[:] = [widget]
                    focus = QApplication.focusWidget()
                    return focus is not None and (focus is widget or widget.isAncestorOf(focus))
            return False

        self.until(shown, timeout, f"dialog {name}")
        return found[0]

    def no_dialog(self, name: str) -> bool:
        return not any(isinstance(w, QDialog) and w.objectName() == name and w.isVisible()
                       for w in QApplication.topLevelWidgets())
