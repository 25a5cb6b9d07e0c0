"""The decision buttons and their shortcuts, written on the buttons so nobody has to remember them.

Shortcuts are scoped to the intake page (they must not fire on another page of the window).
"""
from __future__ import annotations

from ui.qt import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QHBoxLayout,
    QKeySequence,
    QPushButton,
    QShortcut,
    Qt,
    QWidget,
    Signal,
)

# (attribute, label, shortcuts — the first is written on the button, signal name)
BUTTONS = [
    ("accept", QT_TRANSLATE_NOOP("DecisionBar", "Accept"), ["Ctrl+Return", "Ctrl+Enter"], "accept_requested"),
    ("complete", QT_TRANSLATE_NOOP("DecisionBar", "Complete now"), ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
     "complete_requested"),
    ("supplement", QT_TRANSLATE_NOOP("DecisionBar", "Supplement notice"), ["Ctrl+B"], "supplement_requested"),
    ("reject", QT_TRANSLATE_NOOP("DecisionBar", "Not accepted"), ["Ctrl+R"], "reject_requested"),
    ("resume", QT_TRANSLATE_NOOP("DecisionBar", "Resume"), ["F3"], "resume_requested"),
    ("next", QT_TRANSLATE_NOOP("DecisionBar", "Next citizen"), ["F2", "Ctrl+N"], "next_requested"),
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
        self._buttons: list[QPushButton] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for attr, text, keys, signal_name in BUTTONS:
            signal = getattr(self, signal_name)
            shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            button = QPushButton(f"{QCoreApplication.translate('DecisionBar', text)} ({shown})",
                                 objectName=f"{attr}Button")
            button.setAutoDefault(False)
            button.setMinimumHeight(34)
            button.clicked.connect(signal)
            setattr(self, attr, button)
            self._buttons.append(button)
            layout.addWidget(button)
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), page)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda button=button: self._fire(button))
                self._shortcuts.append(shortcut)
        self.accept.setStyleSheet("font-weight: bold;")

    def tab_chain(self) -> list[QWidget]:
        return list(self._buttons)

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
