"""The materials checklist as a table model: one row per material of the matter's version.

Rows are the intake service's immutable MaterialView snapshots. A change made at the counter
goes through the service and comes back as a new snapshot, which replaces the row and emits
``dataChanged`` for that row only (Picard's logviewmodel habit).
"""
from __future__ import annotations

from desktop.services.applications.read_models import MaterialView
from ui.labels import CERT_TYPE_LABELS, FORM_LABELS, MATERIAL_STATE_LABELS, label, local_date
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QColor,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

SEQ_ROLE = Qt.ItemDataRole.UserRole + 1

STATE_COLORS = {"provided": "#1b7f3b", "missing": "#b3261e", "deferred": "#a15c00", "certificate": "#1a5fb4"}


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ChecklistModel", text, "", n)


def _required(m: MaterialView) -> str:
    need = QCoreApplication.translate("ChecklistModel", "required") if m.required else QCoreApplication.translate("ChecklistModel", "optional")
    return f"{need} · {label(FORM_LABELS, m.form_expected)} " + QCoreApplication.translate("ChecklistModel", "copies: %1").replace("%1", str(m.copies_expected))


def _received(m: MaterialView) -> str:
    if m.state == "provided":
        return f"{label(FORM_LABELS, m.provided_form)} " + QCoreApplication.translate("ChecklistModel", "copies: %1").replace("%1", str(m.provided_copies))
    if m.state == "deferred":
        return QCoreApplication.translate("ChecklistModel", "bring by %1").replace("%1", local_date(m.deferred_until))
    if m.state == "certificate":
        # Without a certificate number the service records the type code (HOUSEHOLD_REGISTER):
        # the clerk reads the certificate's Chinese name, never the code.
        return label(CERT_TYPE_LABELS, m.certificate_ref or "")
    return ""


def _certificate(m: MaterialView) -> str:
    if not m.cert_type:
        return ""
    if m.state == "certificate":
        return QCoreApplication.translate("ChecklistModel", "used")
    return QCoreApplication.translate("ChecklistModel", "available") if m.certificate_available else QCoreApplication.translate("ChecklistModel", "may stand in")


def _extra(m: MaterialView) -> str:
    marks = []
    if m.deferrable:
        marks.append(QCoreApplication.translate("ChecklistModel", "may be deferred"))
    if m.electronic_required:
        marks.append(QCoreApplication.translate("ChecklistModel", "scan required"))
    if m.pages:
        marks.append(QCoreApplication.translate("ChecklistModel", "pages scanned: %1").replace("%1", str(m.pages)))
    return QCoreApplication.translate("ChecklistModel", ", ").join(marks)


COLUMNS = [
    (QT_TRANSLATE_NOOP("ChecklistModel", "No."), lambda m: str(m.seq)),
    (QT_TRANSLATE_NOOP("ChecklistModel", "Material"), lambda m: m.name),
    (QT_TRANSLATE_NOOP("ChecklistModel", "Asked for"), _required),
    (QT_TRANSLATE_NOOP("ChecklistModel", "State"), lambda m: label(MATERIAL_STATE_LABELS, m.state)),
    (QT_TRANSLATE_NOOP("ChecklistModel", "Received"), _received),
    (QT_TRANSLATE_NOOP("ChecklistModel", "E-certificate"), _certificate),
    (QT_TRANSLATE_NOOP("ChecklistModel", "Notes"), _extra),
]
STATE_COLUMN = 3


class ChecklistModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[MaterialView] = []

    def set_materials(self, materials: tuple[MaterialView, ...] | list[MaterialView]) -> None:
        self.beginResetModel()
        self._rows = list(materials)
        self.endResetModel()

    def update_material(self, material: MaterialView) -> None:
        for n, row in enumerate(self._rows):
            if row.seq == material.seq:
                self._rows[n] = material
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(COLUMNS) - 1),
                                      [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                                       Qt.ItemDataRole.ToolTipRole])
                return

    def material(self, row: int) -> MaterialView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def materials(self) -> list[MaterialView]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return _tr(COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        m = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](m)
        if role == Qt.ItemDataRole.ToolTipRole:
            return m.notes or None
        if role == SEQ_ROLE:
            return m.seq
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STATE_COLUMN and m.state in STATE_COLORS:
            return QColor(STATE_COLORS[m.state])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
