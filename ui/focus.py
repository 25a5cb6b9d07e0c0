"""Give the keyboard back to where the clerk was when a dialog or a window closes.

A modal dialog opened from a button leaves Qt to guess where focus goes when it closes; after
the document camera's own top-level window the intake page had no focus at all, so its
shortcuts (Ctrl+Enter: accept) did nothing until the clerk pressed Tab twice.
"""
from __future__ import annotations

import shiboken6

from ui.qt import QApplication, QDialog, QTimer, QWidget


def return_focus_after(dialog: QDialog, to: QWidget | None = None) -> QWidget | None:
    """When ``dialog`` finishes, put the focus on ``to`` (default: the widget that has it now)."""
    target = to or QApplication.focusWidget()
    if target is None:
        return None

    def restore(_result: int = 0) -> None:
        if not (shiboken6.isValid(target) and target.isVisible() and target.isEnabled()):
            return
        # QApplication.focusWidget() is empty while the window is inactive (a dialog just closed, no
        # window manager yet re-activated it): ask the window itself where its keyboard is too.
        now = QApplication.focusWidget() or target.window().focusWidget()
        if now is not None and now is not target and now.window() is target.window() and now.isVisible():
            return  # the window already has the keyboard where the app (or Qt) put it since: keep that
        target.window().activateWindow()
        target.setFocus()

    # After the dialog is gone, and only if nothing in the window has the keyboard by then.
    dialog.finished.connect(lambda result: QTimer.singleShot(0, target, lambda: restore(result)))
    return target
