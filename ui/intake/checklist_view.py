"""The checklist table, driven from the keyboard while the clerk leafs through the citizen's papers.

Keys on the current row: Space 收取 and on to the next row (Space on a received row takes it
back), M 缺少, D 容缺 (asks for the promised date), E 电子证照, + / - copies received,
Backspace/Delete back to 未核验. The view only asks; the page sends the request to the intake
service and the answer (or the rule's refusal) comes back by signal.
"""
from __future__ import annotations

import datetime as dt

from ui.intake.checklist_model import ChecklistModel
from ui.qt import (
    QCoreApplication,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    Qt,
    QTableView,
    Signal,
)
from ui.tables import read_only_rows


def key_help() -> str:
    return QCoreApplication.translate(
        "ChecklistView", "Space: received, next row   M: missing   D: deferred   E: e-certificate   "
                         "+/-: copies   Backspace: reset   F6 camera · F7 scanner · F8 files · F9 scan folder")


class DeferralDialog(QDialog):
    """Asks for the date the citizen promises to bring a deferred (容缺) material."""

    def __init__(self, material_name: str, latest: dt.date, today: dt.date, parent=None) -> None:
        super().__init__(parent, objectName="deferralDialog")
        self.setWindowTitle(self.tr("Deferred material"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("“%1” is deferred: the date the applicant promises to bring it:")
                       .replace("%1", material_name))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.date = QDateEdit(objectName="deferralDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(QDate(today.year, today.month, today.day).addDays(1))
        self.date.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.date.setDate(self.date.maximumDate())
        form.addRow(self.tr("Bring by"), self.date)
        form.addRow(QLabel(self.tr("At the latest by the promised completion date, %1").replace(
            "%1", f"{latest:%Y-%m-%d}")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())


class ChecklistView(QTableView):
    # (seq, state, options) — options: provided_copies, deferred_until; the page calls the service
    change_requested = Signal(int, str, dict)
    defer_requested = Signal(int)  # the page asks for the allowed date range, then shows DeferralDialog
    material_selected = Signal(int)  # seq of the current row, e.g. for a capture panel

    def __init__(self, model: ChecklistModel, parent=None) -> None:
        super().__init__(parent, objectName="checklistTable")
        self.setModel(model)
        self._model = model
        read_only_rows(self)
        self.setTabKeyNavigation(False)  # Tab leaves the table (to the decision buttons)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)
        model.modelReset.connect(self._select_first)
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def _select_first(self) -> None:
        if self._model.rowCount():
            self.selectRow(0)

    def _current_changed(self, current, _previous) -> None:
        m = self._model.material(current.row())
        if m is not None:
            self.material_selected.emit(m.seq)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        m = self._model.material(self.currentIndex().row())
        key, text = event.key(), event.text().lower()
        if m is None or event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Space:
            received = m.state != "provided"
            self.change_requested.emit(m.seq, "provided" if received else "pending", {})
            if received and self.currentIndex().row() + 1 < self._model.rowCount():
                self.selectRow(self.currentIndex().row() + 1)  # on to the next paper in the pile
        elif text == "m":
            self.change_requested.emit(m.seq, "missing", {})
        elif text == "d":
            self.defer_requested.emit(m.seq)
        elif text == "e":
            self.change_requested.emit(m.seq, "certificate", {})
        elif text in ("+", "=", "-") and m.state == "provided":
            copies = max(0, m.provided_copies + (-1 if text == "-" else 1))
            self.change_requested.emit(m.seq, "provided", {"provided_copies": copies,
                                                           "provided_form": m.provided_form})
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.change_requested.emit(m.seq, "pending", {})
        else:
            super().keyPressEvent(event)
            return
        event.accept()
