"""Emitting signals must not eat references to True (PySide6 6.12.0 defect, see ui/pyside_fixes.py)."""
from __future__ import annotations

import sys

import ui.qt  # noqa: F401 - importing the Qt entry point applies the work-around
from ui.pyside_fixes import emit_loses_a_reference_to_true
from ui.qt import QObject, Signal


class _Emitter(QObject):
    changed = Signal(object)


def test_many_emits_leave_the_refcount_of_true_alone():
    emitter = _Emitter()
    received = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(5000):
        emitter.changed.emit(n)
    assert len(received) == 5000
    assert sys.getrefcount(True) >= before
    assert not emit_loses_a_reference_to_true()
