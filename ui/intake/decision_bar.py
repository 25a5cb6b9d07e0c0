"""The decision buttons and their shortcuts, written on the buttons so nobody has to remember them.

Shortcuts are scoped to the intake page (they must not fire on another page of the window).
"""
from __future__ import annotations

from ui.qt import QHBoxLayout, QKeySequence, QPushButton, QShortcut, Qt, QWidget, Signal

# (attribute, label, key shown on the button, shortcuts, signal name)
BUTTONS = [
    ("accept", "受理", "Ctrl+回车", ["Ctrl+Return", "Ctrl+Enter"], "accept_requested"),
    ("complete", "即办", "Ctrl+Shift+回车", ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"], "complete_requested"),
    ("supplement", "补正告知", "Ctrl+B", ["Ctrl+B"], "supplement_requested"),
    ("reject", "不予受理", "Ctrl+R", ["Ctrl+R"], "reject_requested"),
    ("resume", "续办", "F3", ["F3"], "resume_requested"),
    ("next", "下一位", "F2", ["F2", "Ctrl+N"], "next_requested"),
]


class DecisionBar(QWidget):
    accept_requested = Signal()
    complete_requested = Signal()
    supplement_requested = Signal()
    reject_requested = Signal()
    resume_requested = Signal()
    next_requested = Signal()

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._shortcuts: list[QShortcut] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for attr, text, shown, keys, signal_name in BUTTONS:
            signal = getattr(self, signal_name)
            button = QPushButton(f"{text}（{shown}）", objectName=f"{attr}Button")
            button.setAutoDefault(False)
            button.setMinimumHeight(34)
            button.clicked.connect(signal)
            setattr(self, attr, button)
            layout.addWidget(button)
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), page)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda button=button: self._fire(button))
                self._shortcuts.append(shortcut)
        self.accept.setStyleSheet("font-weight: bold;")

    @staticmethod
    def _fire(button: QPushButton) -> None:
        if button.isEnabled():
            button.click()

    def set_shortcuts_enabled(self, enabled: bool) -> None:
        """Off while a dialog of the page is open: its Ctrl+Enter must not accept the case."""
        for shortcut in self._shortcuts:
            shortcut.setEnabled(enabled)

    def set_enabled(self, *, accept: bool, complete: bool, supplement: bool, reject: bool) -> None:
        self.accept.setEnabled(accept)
        self.complete.setEnabled(complete)
        self.supplement.setEnabled(supplement)
        self.reject.setEnabled(reject)
