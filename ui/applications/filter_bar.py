"""The row of filters above the applications list; it emits one ApplicationFilter when any changes.

Text search waits for a short pause in typing (debounce) so a clerk typing an acceptance number
does not run a query per keystroke; the combo boxes apply at once.
"""
from __future__ import annotations

import datetime as dt

from desktop.services.applications.list_queries import ApplicationFilter, Choice
from ui.labels import STATUS_LABELS, label
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

DATE_PRESETS = [(QT_TRANSLATE_NOOP("FilterBar", "Any date"), None), (QT_TRANSLATE_NOOP("FilterBar", "Today"), 0),
                (QT_TRANSLATE_NOOP("FilterBar", "Last 7 days"), 6), (QT_TRANSLATE_NOOP("FilterBar", "Last 30 days"), 29),
                (QT_TRANSLATE_NOOP("FilterBar", "Dates…"), -1)]
TEXT_DEBOUNCE_MS = 250


def _to_date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class FilterBar(QWidget):
    changed = Signal(object)  # ApplicationFilter

    def __init__(self, window_id: str | None, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self._window_id = window_id
        self._today = today
        # Two rows: the search and the dates, then what the list is narrowed to (one row is wider than
        # a 1280-pixel screen in English).
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        layout, narrow = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(layout)
        rows.addLayout(narrow)

        self.search = QLineEdit(objectName="applicationsSearch")
        self.search.setPlaceholderText(self.tr("Acceptance no. / official no. / applicant's name / ID number"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)

        self.preset = QComboBox(objectName="applicationsDatePreset")
        for text, days in DATE_PRESETS:
            self.preset.addItem(self.tr(text), days)
        self.date_from = QDateEdit(objectName="applicationsDateFrom")
        self.date_to = QDateEdit(objectName="applicationsDateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.setEnabled(False)

        self.status = QComboBox(objectName="applicationsStatus")
        self.status.addItem(self.tr("Any status"), None)
        for code in STATUS_LABELS:
            self.status.addItem(label(STATUS_LABELS, code), code)
        self.matter = QComboBox(objectName="applicationsMatter")
        self.matter.setMinimumContentsLength(12)
        self.matter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.clerk = QComboBox(objectName="applicationsClerk")
        self.clerk.setMinimumContentsLength(8)
        self.clerk.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_choices([], [])

        self.search.setMinimumWidth(220)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.preset)
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel(self.tr("to")))
        layout.addWidget(self.date_to)
        narrow.addWidget(self.status, 1)
        narrow.addWidget(self.matter, 3)
        narrow.addWidget(self.clerk, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(TEXT_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._emit_now)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        for w in (self.status, self.matter, self.clerk):
            w.currentIndexChanged.connect(self._emit)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._emit)

    def set_choices(self, matters: list[Choice], clerks: list[Choice]) -> None:
        """Fill the matter and clerk combos, keeping the current pick if it is still offered."""
        for combo, everything, choices in ((self.matter, self.tr("Any matter"), matters),
                                           (self.clerk, self.tr("Any clerk"), clerks)):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for c in choices:
                combo.addItem(c.label, c.value)
            at = combo.findData(keep) if keep is not None else 0
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)

    def current(self) -> ApplicationFilter:
        days = self.preset.currentData()
        date_from = date_to = None
        if days == -1:
            date_from, date_to = _to_date(self.date_from.date()), _to_date(self.date_to.date())
            if date_from > date_to:
                date_from, date_to = date_to, date_from
        elif days is not None:
            date_from, date_to = self._today - dt.timedelta(days=days), self._today
        clerk = self.clerk.currentData()
        return ApplicationFilter(
            window_id=self._window_id, date_from=date_from, date_to=date_to,
            status=self.status.currentData(), matter_code=self.matter.currentData(),
            clerk_id=int(clerk) if clerk is not None else None, text=self.search.text().strip())

    def _preset_changed(self) -> None:
        custom = self.preset.currentData() == -1
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self._emit()

    def _emit_now(self) -> None:
        self._debounce.stop()
        self._emit()

    def _emit(self) -> None:
        self.changed.emit(self.current())
