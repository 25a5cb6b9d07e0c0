"""The applications list screen (办件查询): filters, a lazy table, and a detail dialog on Enter.

Screens never run SQL: the list reads through ApplicationQueries and the dialog through
load_detail, both handed in by the composition root.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from desktop.services.accounts.auth import CurrentUser
from desktop.services.applications.detail import ApplicationDetail, load_detail
from desktop.services.applications.list_queries import ApplicationFilter, ApplicationQueries
from desktop.services.context import AppContext
from desktop.services.intake.errors import ApplicationNotFound
from ui.applications.detail_dialog import ApplicationDetailDialog
from ui.applications.filter_bar import FilterBar
from ui.applications.model import ApplicationsModel
from ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("onewindow.ui.applications")


def build_applications_page(ctx: AppContext, user: CurrentUser) -> ApplicationsPage:
    """PageSpec factory: this window's applications, read through the query services."""
    return ApplicationsPage(ApplicationQueries(ctx), lambda app_id: load_detail(ctx, app_id),
                            window_id=ctx.config.hall.window_id, today=ctx.today())


class ApplicationsPage(QWidget):
    detail_opened = Signal(object)  # the ApplicationDetailDialog, so other screens can add actions

    def __init__(self, queries: ApplicationQueries, load_detail: Callable[[int], ApplicationDetail], *,
                 window_id: str | None, today: dt.date, parent=None) -> None:
        super().__init__(parent, objectName="applicationsPage")
        self._queries = queries
        self._load_detail = load_detail
        self.model = ApplicationsModel(queries, parent=self)

        self.filters = FilterBar(window_id, today, self)
        self.table = QTableView(objectName="applicationsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate([190, 220, 90, 160, 80, 130, 90, 80, 150]):
            self.table.setColumnWidth(col, width)

        self.count_label = QLabel(objectName="applicationsCount")
        refresh = QPushButton("刷新(F5)", objectName="applicationsRefresh")
        refresh.setShortcut("F5")
        refresh.clicked.connect(self.reload)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(refresh)
        layout.addLayout(bottom)

        self.filters.changed.connect(self.apply_filter)
        self.table.activated.connect(self._open)
        self.setFocusProxy(self.filters.search)
        self._shown_once = False
        self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Coming back from the intake page: show what was decided there meanwhile.
        if self._shown_once:
            self.reload()
        self._shown_once = True
        super().showEvent(event)

    def reload(self) -> None:
        """Re-read the filter choices and the list (e.g. after an intake elsewhere)."""
        self.filters.set_choices(self._queries.matter_choices(), self._queries.clerk_choices())
        self.apply_filter(self.filters.current())

    def apply_filter(self, flt: ApplicationFilter) -> None:
        self.model.set_filter(flt)
        count = self._queries.count(flt)
        self.count_label.setText(f"共 {count.value} 件" if not count.capped else f"超过 {count.value} 件，请缩小范围")
        if self.model.rowCount():
            self.table.selectRow(0)

    def refresh_applications(self, ids: list[int]) -> None:
        """Called when sync or another screen changed these applications."""
        self.model.refresh_ids(ids)

    def _open(self, index: QModelIndex) -> None:
        app_id = self.model.application_id(index.row())
        if app_id is None:
            return
        try:
            detail = self._load_detail(app_id)
        except ApplicationNotFound as exc:
            QMessageBox.information(self, "办件详情", str(exc))
            self.model.refresh_ids([app_id])
            return
        dialog = ApplicationDetailDialog(detail, self)
        self.detail_opened.emit(dialog)
        dialog.open()
