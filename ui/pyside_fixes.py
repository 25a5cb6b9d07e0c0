"""Work-arounds for defects of the installed PySide6, applied once when ``ui.qt`` is imported.

PySide6 6.12.0's ``SignalInstance.emit`` returns ``True`` without taking a reference to it,
so every emit from Python drops one reference to ``True`` that it never had. On Python 3.11
``True`` is an ordinary refcounted object: after a few thousand emits (each background task
emits twice) the interpreter dies with "Fatal Python error: bool_dealloc". A counter PC
would crash within a working day.

The fix is probed, not version-matched: one emit is measured at import, and only if it loses
a reference is ``emit`` wrapped to give the reference back. A fixed PySide6 (or Python 3.12+,
where ``True`` is immortal and the probe measures nothing) leaves ``emit`` untouched.
"""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    fired = Signal()


def emit_loses_a_reference_to_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def apply() -> bool:
    """Patch ``SignalInstance.emit`` if (and only if) it is broken; True when patched."""
    if getattr(SignalInstance.emit, "_onewindow_fixed", False) or not emit_loses_a_reference_to_true():
        return False
    broken_emit = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self, *args):
        result = broken_emit(self, *args)
        if result is True:
            incref(result)  # the reference emit should have handed us
        return result

    emit._onewindow_fixed = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit
    return True


PATCHED = apply()
