"""Conflicts: the supervisor sees both versions of a case and decides; nothing is chosen silently.

Each row is a ``case_conflict`` (``desktop/services/conflicts.py``): a platform status the state
machine refused (never applied; the supervisor acknowledges it), or a platform decision that met
an unsent change of this window (the change is held; the supervisor keeps the window's version or
takes the platform's). The details pane shows both versions as recorded. Every action is an
operation (``ui/operations/conflicts.py``) built from the selection and the note on the UI thread;
the list reloads when a decision is announced and after every sync run.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from desktop.domain.lifecycle import Resolution, label
from ui.operations.conflicts import ListConflicts, ResolveConflict
from ui.qt import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from ui.tables import read_only_rows

if TYPE_CHECKING:
    from desktop.services.conflicts import ConflictView
    from ui.composition import Workspace


def _pretty(text: str) -> str:
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)
    except ValueError:
        return text


class ConflictsPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsPage")
        self.ws = ws
        self.views: list[ConflictView] = []
        self.summary = QLabel()
        self.summary.setObjectName("conflictsSummary")
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels([self.tr("No."), self.tr("Kind"), self.tr("Case"),
                                              self.tr("This window / the other side"), self.tr("Why")])
        self.table = QTableView()
        self.table.setObjectName("conflictsTable")
        self.table.setModel(self.model)
        read_only_rows(self.table)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.local_text = QPlainTextEdit()
        self.local_text.setObjectName("conflictLocalVersion")
        self.local_text.setReadOnly(True)
        self.remote_text = QPlainTextEdit()
        self.remote_text.setObjectName("conflictRemoteVersion")
        self.remote_text.setReadOnly(True)
        versions = QSplitter(Qt.Orientation.Horizontal)
        for title, editor in ((self.tr("This window's version"), self.local_text),
                              (self.tr("The platform's version"), self.remote_text)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(QLabel(title))
            box_layout.addWidget(editor)
            versions.addWidget(box)
        self.note = QLineEdit()
        self.note.setObjectName("conflictNote")
        self.note.setPlaceholderText(self.tr("Note for the record (optional)"))
        self.keep_button = QPushButton(self.tr("Keep this window's version"))
        self.keep_button.setObjectName("keepLocalButton")
        self.take_button = QPushButton(self.tr("Take the platform's version"))
        self.take_button.setObjectName("takeRemoteButton")
        self.ack_button = QPushButton(self.tr("Acknowledge (not applied)"))
        self.ack_button.setObjectName("acknowledgeButton")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.keep_button.clicked.connect(lambda: self._resolve(Resolution.KEEP_LOCAL))
        self.take_button.clicked.connect(lambda: self._resolve(Resolution.TAKE_REMOTE))
        self.ack_button.clicked.connect(lambda: self._resolve(Resolution.ACKNOWLEDGED))
        self.refresh_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        for widget in (self.note, self.keep_button, self.take_button, self.ack_button, self.refresh_button):
            buttons.addWidget(widget)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(versions)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._enable(None)
        ws.events.sync_state_changed.connect(lambda _state: self.reload())
        ws.events.cases_changed.connect(lambda _change: self.reload())
        self.reload()

    # --- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.ws.ops.run(ListConflicts(), owner=self, on_done=self._show)

    def _show(self, views: list[ConflictView]) -> None:
        self.views = views
        self.model.removeRows(0, self.model.rowCount())
        for view in views:
            sides = f"{label(view.local_status)} / {label(view.remote_status) if view.remote_status else '-'}"
            row = [QStandardItem(str(view.id)), QStandardItem(view.kind_label),
                   QStandardItem(view.acceptance_no or view.case_uuid[:8]), QStandardItem(sides),
                   QStandardItem(view.reason)]
            self.model.appendRow(row)
        self.summary.setText(self.tr("%n conflict(s) wait for a supervisor's decision.", "", len(views)) if views
                             else self.tr("No conflicts: everything the platform reported was applied."))
        self._enable(None)
        if views:
            self.table.selectRow(0)

    def _selected(self) -> ConflictView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows and rows[0].row() < len(self.views) else None

    def _show_selected(self, *_args) -> None:
        view = self._selected()
        self.local_text.setPlainText(_pretty(view.local_payload) if view else "")
        self.remote_text.setPlainText(_pretty(view.remote_payload) if view else "")
        self._enable(view)

    def _enable(self, view: ConflictView | None) -> None:
        choices = view.choices() if view else ()
        self.keep_button.setEnabled(Resolution.KEEP_LOCAL in choices)
        self.take_button.setEnabled(Resolution.TAKE_REMOTE in choices)
        self.ack_button.setEnabled(Resolution.ACKNOWLEDGED in choices)

    # --- deciding ------------------------------------------------------------------------------

    def _resolve(self, resolution: Resolution) -> None:
        view = self._selected()
        if view is None:
            return
        self._enable(None)
        self.ws.ops.run(ResolveConflict(view.id, resolution, self.note.text()), owner=self,
                        on_done=self._resolved, on_error=self._failed)

    def _resolved(self, _view: ConflictView) -> None:
        self.note.clear()  # the list reloads on the announcement

    def _failed(self, error: BaseException) -> None:
        from ui.messages import show_error

        show_error(self, error)
        self.reload()


def build_conflicts_page(ws: Workspace) -> ConflictsPage:
    return ConflictsPage(ws)
