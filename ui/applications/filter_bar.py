"""The row of filters above the applications list; it emits one ApplicationFilter when any changes.

Text search waits for a short pause in typing (debounce) so a clerk typing an acceptance number
does not run a query per keystroke; the combo boxes apply at once.
"""
from __future__ import annotations

import datetime as dt

from desktop.services.applications.list_queries import ApplicationFilter, Choice
from ui.labels import STATUS_LABELS
from ui.qt import QComboBox, QDate, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QTimer, QWidget, Signal

DATE_PRESETS = [("全部日期", None), ("今天", 0), ("近7天", 6), ("近30天", 29), ("自定义", -1)]
TEXT_DEBOUNCE_MS = 250


def _to_date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class FilterBar(QWidget):
    changed = Signal(object)  # ApplicationFilter

    def __init__(self, window_id: str | None, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self._window_id = window_id
        self._today = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.search = QLineEdit(objectName="applicationsSearch")
        self.search.setPlaceholderText("受理编号 / 办件编号 / 申请人姓名 / 证件号码")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)

        self.preset = QComboBox(objectName="applicationsDatePreset")
        for text, days in DATE_PRESETS:
            self.preset.addItem(text, days)
        self.date_from = QDateEdit(objectName="applicationsDateFrom")
        self.date_to = QDateEdit(objectName="applicationsDateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.setEnabled(False)

        self.status = QComboBox(objectName="applicationsStatus")
        self.status.addItem("全部状态", None)
        for code, text in STATUS_LABELS.items():
            self.status.addItem(text, code)
        self.matter = QComboBox(objectName="applicationsMatter")
        self.matter.setMinimumContentsLength(12)
        self.matter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.clerk = QComboBox(objectName="applicationsClerk")
        self.set_choices([], [])

        layout.addWidget(self.search, 3)
        layout.addWidget(self.preset)
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel("至"))
        layout.addWidget(self.date_to)
        layout.addWidget(self.status)
        layout.addWidget(self.matter, 2)
        layout.addWidget(self.clerk)

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
        for combo, everything, choices in ((self.matter, "全部事项", matters), (self.clerk, "全部受理人", clerks)):
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
