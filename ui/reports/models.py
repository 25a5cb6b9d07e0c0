"""Table models of the Reports screen: breakdown rows, due lists and drill-down applications.

Plain read-only models over the report's immutable dataclasses; a refresh swaps the rows
inside begin/endResetModel. Each model can say which drill-down a cell stands for.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from desktop.domain.reports import (
    BUCKET_LABELS,
    BUCKETS,
    ApplicationLine,
    Drill,
    DueItem,
    GroupRow,
    utc_to_local,
)
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _RowsModel(QAbstractTableModel):
    headers: list[str] = []

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def cell(self, item: Any, column: int) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.cell(self._rows[index.row()], index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return RIGHT
        return None


class GroupModel(_RowsModel):
    """A breakdown (by matter, department or clerk): label, total, then one column per bucket."""

    def __init__(self, kind: str, first_header: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.headers = [first_header, QCoreApplication.translate("GroupModel", "Total"),
                        *[BUCKET_LABELS[b] for b in BUCKETS]]

    def cell(self, item: GroupRow, column: int) -> Any:
        if column == 0:
            return f"{item.label} ({item.key})" if self.kind == "matter" else item.label
        return item.counts.total if column == 1 else item.counts.get(BUCKETS[column - 2])

    def drill_at(self, row: int) -> Drill:
        return Drill(self.kind, self._rows[row].key)


class DueModel(_RowsModel):
    def __init__(self, days_header: str, parent=None) -> None:
        super().__init__(parent)
        self.headers = [QCoreApplication.translate("DueModel", "Acceptance no."),
                        QCoreApplication.translate("DueModel", "Matter"),
                        QCoreApplication.translate("DueModel", "Applicant"),
                        QCoreApplication.translate("DueModel", "Window"), QCoreApplication.translate("DueModel", "Clerk"),
                        QCoreApplication.translate("DueModel", "Promised by"), days_header]

    def cell(self, item: DueItem, column: int) -> Any:
        return (item.acceptance_no, item.matter_name, item.applicant, item.window_id, item.clerk,
                item.due_date.isoformat(), item.working_days)[column]


def _when(moment) -> str:
    return utc_to_local(moment).strftime("%m-%d %H:%M") if moment else ""


class ApplicationLinesModel(_RowsModel):
    """Applications behind a number; applicant fields arrive masked from the service."""

    _headers = (QT_TRANSLATE_NOOP("ApplicationLinesModel", "Acceptance no."),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "Matter"),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "Applicant"),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "ID number"),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "Window"), QT_TRANSLATE_NOOP("ApplicationLinesModel", "Clerk"),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "Status"),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "Entered"),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "Decided"),
                QT_TRANSLATE_NOOP("ApplicationLinesModel", "Promised by"))
    _cells: tuple[Callable[[ApplicationLine], Any], ...] = (
        lambda a: a.acceptance_no or QCoreApplication.translate("ApplicationLinesModel", "(no number)"), lambda a: a.matter_name, lambda a: a.applicant_name,
        lambda a: a.applicant_id, lambda a: a.window_id, lambda a: a.clerk, lambda a: a.status_label,
        lambda a: _when(a.created_at), lambda a: _when(a.decided_at),
        lambda a: a.due_date.isoformat() if a.due_date else "",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers = [QCoreApplication.translate("ApplicationLinesModel", h) for h in self._headers]

    def cell(self, item: ApplicationLine, column: int) -> Any:
        return self._cells[column](item)
