"""The applications list screen (办件查询): filters, a lazy table, and a detail dialog on Enter.

Screens never run SQL: the list, the count, the filter choices and the detail are operations
(``ui/operations/applications.py``) on the session's services. The list keeps itself current:
a decision at this window or a sync run is announced on the event hub, and the list re-reads
(at once when it is on screen, else when it is shown next) — no F5 needed.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6

from desktop.services.applications.list_queries import ApplicationFilter, Choice, Count
from desktop.services.applications.read_models import ApplicationDetail
from desktop.services.intake.errors import ApplicationNotFound
from ui.applications.filter_bar import FilterBar
from ui.applications.model import ApplicationsModel
from ui.composition import Workspace
from ui.events import CaseDecided, CasesChanged, DocumentPrinted
from ui.messages import show_error
from ui.operations.applications import ApplicationDetails, CountApplications, FilterChoices
from ui.qt import (
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QModelIndex,
    QPushButton,
    QShortcut,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.tables import read_only_rows

if TYPE_CHECKING:  # the dialog module loads when the first detail is opened
    from ui.applications.detail_dialog import ApplicationDetailDialog

log = logging.getLogger("onewindow.ui.applications")
RELOAD_DELAY_MS = 150  # a burst of events (a sync bringing many changes) is one re-read


def build_applications_page(ws: Workspace) -> ApplicationsPage:
    """PageSpec factory: this window's applications."""
    return ApplicationsPage(ws)


class ApplicationsPage(QWidget):
    detail_opened = Signal(object)  # the ApplicationDetailDialog, so other screens can add actions

    def __init__(self, ws: Workspace, parent=None) -> None:
        super().__init__(parent, objectName="applicationsPage")
        self.ws, self.ops = ws, ws.ops
        self.model = ApplicationsModel(self.ops, parent=self)

        self.filters = FilterBar(ws.config.hall.window_id, ws.today(), self)
        self.table = QTableView(objectName="applicationsTable")
        self.table.setModel(self.model)
        read_only_rows(self.table)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate([190, 220, 90, 160, 80, 130, 90, 80, 150]):
            self.table.setColumnWidth(col, width)

        self.count_label = QLabel(objectName="applicationsCount")
        refresh = QPushButton(self.tr("Refresh (F5)"), objectName="applicationsRefresh")
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
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.filters.search, activated=self._into_table)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)  # ↓ from the search box: into the list
        self.model.first_page_loaded.connect(self._select_first)
        self.setFocusProxy(self.filters.search)
        self._stale = False
        self._detail: ApplicationDetailDialog | None = None
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        ws.events.case_decided.connect(self._case_decided)
        ws.events.cases_changed.connect(self._cases_changed)
        ws.events.document_printed.connect(self._document_printed)
        self.reload()

    # --- keeping current ----------------------------------------------------------------------

    def _case_decided(self, event: CaseDecided) -> None:
        self._changed()  # a new acceptance belongs at the top of the list: read it again

    def _cases_changed(self, event: CasesChanged) -> None:
        if event.everything:
            self._changed()  # a sync run: statuses, numbers from the platform — read the list again
        else:
            self.model.refresh_uuids(set(event.uuids))  # a material or pages: re-read those rows if listed

    def _document_printed(self, event: DocumentPrinted) -> None:
        """A paper of the case whose detail is open was issued (a reprint from it): show its papers again."""
        dialog = self._detail
        if dialog is None or not shiboken6.isValid(dialog) or not dialog.isVisible() \
                or dialog.application_id != event.application_id:
            return
        self.ops.run(ApplicationDetails(event.application_id), owner=dialog,
                     on_done=lambda detail: dialog.show_prints(detail) if shiboken6.isValid(dialog) else None,
                     on_error=lambda error: log.warning("papers of the open detail not re-read: %s", type(error).__name__))

    def _changed(self) -> None:
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)

    # --- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the filter choices and the list."""
        self.ops.run(FilterChoices(), owner=self, on_done=self._choices)
        self.apply_filter(self.filters.current())

    def _choices(self, choices: tuple[list[Choice], list[Choice]]) -> None:
        self.filters.set_choices(*choices)

    def apply_filter(self, flt: ApplicationFilter) -> None:
        self.model.set_filter(flt)
        self.ops.run(CountApplications(flt), owner=self, on_done=lambda count: self._counted(flt, count))

    def _counted(self, flt: ApplicationFilter, count: Count) -> None:
        if flt != self.model.filter:
            return
        self.count_label.setText(self.tr("%n application(s)", "", count.value) if not count.capped else
                                 self.tr("More than %n applications: narrow the search", "", count.value))

    def _into_table(self) -> None:
        self.table.setFocus()
        if not self.table.selectionModel().hasSelection() and self.model.rowCount():
            self.table.selectRow(0)

    def _select_first(self) -> None:
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def refresh_applications(self, ids: list[int]) -> None:
        """Re-read these rows (their data changed) without losing the position."""
        self.model.refresh_ids(ids)

    # --- detail ---------------------------------------------------------------------------------

    def _open(self, index: QModelIndex) -> None:
        app_id = self.model.application_id(index.row())
        if app_id is None:
            return
        self.ops.run(ApplicationDetails(app_id), owner=self, on_done=self._show_detail,
                     on_error=lambda error: self._detail_failed(app_id, error))

    def _show_detail(self, detail: ApplicationDetail) -> None:
        from ui.applications.detail_dialog import ApplicationDetailDialog
        from ui.focus import return_focus_after
        from ui.printing import offer_reprint

        dialog = ApplicationDetailDialog(detail, self)
        reprint = dialog.buttons.addButton(self.tr("Papers / reprint… (Ctrl+P)"),
                                           QDialogButtonBox.ButtonRole.ActionRole)
        reprint.setObjectName("detailReprint")
        reprint.setShortcut(QKeySequence("Ctrl+P"))
        reprint.clicked.connect(lambda: offer_reprint(self.ws, dialog, detail.id))
        self.detail_opened.emit(dialog)
        if self._detail is not None:
            self._detail.deleteLater()  # one detail at a time stays in memory
        self._detail = dialog
        return_focus_after(dialog)
        dialog.open()

    def _detail_failed(self, app_id: int, error: BaseException) -> None:
        show_error(self, error, self.tr("Application"))
        if isinstance(error, ApplicationNotFound):
            self.model.refresh_ids([app_id])
