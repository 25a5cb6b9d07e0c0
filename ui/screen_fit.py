"""Windows and dialogs sized to the screen they open on, never larger (a counter PC may be 1280×720).

A size written in pixels (``resize(880, 900)``) is a wish: on a 720-pixel screen, or at 150 %
scaling on 1920×1080 (the same 1280×720 logical pixels), the bottom of such a dialog — its
buttons — would be off screen. :func:`fit_to_screen` keeps the wish where it fits and shrinks to
the screen's available area (without the task bar) where it does not; content that is long
scrolls inside the dialog instead.
"""
from __future__ import annotations

from ui.qt import QGuiApplication, QRect, QWidget

MARGIN = 0.94  # leave room for the window frame and a glimpse of what is behind
TITLE_BAR = 32  # the window manager's title bar is outside the widget's geometry


def available(widget: QWidget | None = None) -> QRect:
    """The available geometry (without the task bar) of the screen ``widget`` is on, or the primary one."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, or to what the screen has room for if that is less."""
    area = available(widget)
    widget.resize(min(width, int(area.width() * MARGIN)), min(height, int(area.height() * MARGIN) - TITLE_BAR))
