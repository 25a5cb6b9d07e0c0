"""Notice when nobody has touched the keyboard or mouse for a while (for the idle auto-lock)."""
from __future__ import annotations

from collections.abc import Callable

from ui.qt import QApplication, QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress, QEvent.Type.ShortcutOverride,
})


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_ms()`` milliseconds without user input anywhere in the app.

    ``timeout_ms`` is a callable so a changed setting applies from the next input on, and so
    tests can use a few milliseconds. Call ``start()`` after unlocking to re-arm.
    """

    idle = Signal()

    def __init__(self, timeout_ms: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def start(self) -> None:
        self._timer.start(max(1, int(self._timeout_ms())))

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start(max(1, int(self._timeout_ms())))
        return False

    def shutdown(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
