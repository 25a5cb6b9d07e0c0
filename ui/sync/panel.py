"""The sync panel: state in one line, and the applications the platform refused, with its reason.

The reason text is the platform's own plain-Chinese explanation (e.g. a wrong ID check digit),
so the clerk knows what to correct. "Retry" re-queues a parked item unchanged, for when the
cause was fixed elsewhere (a catalog updated, a token re-issued); a corrected application
goes out by itself as a new version.
"""
from __future__ import annotations

from sync.queue import ParkedItem
from sync.summary import SyncSummary
from ui.composition import Workspace
from ui.operations.sync import ListParked, RetryParked
from ui.qt import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStandardItem,
    QStandardItemModel,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.tables import read_only_rows


class SyncPanel(QWidget):
    sync_requested = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("syncPanel")
        self.state_label = QLabel()
        self.state_label.setObjectName("syncStateLabel")
        self.state_label.setWordWrap(True)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([self.tr("Acceptance no."), self.tr("Matter"), self.tr("Applicant"),
                                              self.tr("Reason given by the platform")])
        self.table = QTableView()
        self.table.setObjectName("parkedTable")
        self.table.setModel(self.model)
        read_only_rows(self.table, single=False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.clicked.connect(self.sync_requested)
        self.retry_button = QPushButton(self.tr("Retry selected"))
        self.retry_button.setObjectName("retrySelectedButton")
        self.retry_button.clicked.connect(self.retry_selected)
        self.retry_all_button = QPushButton(self.tr("Retry all"))
        self.retry_all_button.setObjectName("retryAllButton")
        self.retry_all_button.clicked.connect(self.retry_all)
        buttons = QHBoxLayout()
        for button in (self.sync_button, self.retry_button, self.retry_all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._ids: list[int] = []

    def show_summary(self, summary: SyncSummary) -> None:
        self.state_label.setText("\n".join(summary.lines()))
        self.refresh()

    def refresh(self) -> None:
        self.ws.ops.run(ListParked(), owner=self, on_done=self._fill)

    def _fill(self, items: list[ParkedItem]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self._ids = [item.outbox_id for item in items]
        for item in items:
            self.model.appendRow([QStandardItem(item.acceptance_no), QStandardItem(item.matter_name),
                                  QStandardItem(item.applicant), QStandardItem(item.reason)])
        has_rows = bool(items)
        self.retry_button.setEnabled(has_rows)
        self.retry_all_button.setEnabled(has_rows)

    def retry_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self._ids[r] for r in rows if r < len(self._ids)]
        if ids:
            self._retry(ids)

    def retry_all(self) -> None:
        self._retry(None)

    def _retry(self, ids: list[int] | None) -> None:
        self.ws.ops.run(RetryParked(tuple(ids) if ids is not None else None, self.ws.now()), owner=self,
                        on_done=lambda _n: (self.refresh(), self.sync_requested.emit()))
