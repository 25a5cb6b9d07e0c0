"""The scan inbox: files the scanner dropped into ``devices.scan_folder``, waiting to be assigned.

A QFileSystemWatcher notices changes at once; a slow timer polls as well, because watchers miss
events on network shares (where MFPs usually save). Enter (or the button) assigns the selected
files to the material open in the panel.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.devices.capture.scan_folder import ScanFolderInbox
from desktop.domain.hall_clock import hall_clock
from ui.qt import (
    QAbstractItemView,
    QFileSystemWatcher,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

POLL_MS = 2000


class ScanInboxWidget(QWidget):
    assign_requested = Signal(list)  # [Path] in the order shown

    def __init__(self, inbox: ScanFolderInbox, parent: QWidget | None = None, *, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("scan_inbox")
        self.inbox = inbox
        self.title = QLabel(self.tr("Scan folder"))
        self.files = QListWidget()
        self.files.setObjectName("inbox_files")
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files.activated.connect(lambda _index: self.assign_selected())  # Enter / double-click
        self.assign_button = QPushButton(self.tr("Assign to this material (Enter)"))
        self.assign_button.setObjectName("inbox_assign")
        self.assign_button.clicked.connect(self.assign_selected)
        dismiss = QPushButton(self.tr("Set aside"))
        dismiss.setObjectName("inbox_dismiss")
        dismiss.setToolTip(self.tr("Move the file into the imported-files subfolder without importing it"))
        dismiss.clicked.connect(self._dismiss_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button, 1)
        buttons.addWidget(dismiss)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)

        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh)
        available = inbox.availability()
        if available.available:
            self._watcher.addPath(str(inbox.folder))
            self._watcher.directoryChanged.connect(lambda _p: self.refresh())
            self._timer.start()
        else:
            self.title.setText(available.reason)
            self.title.setWordWrap(True)
            self.assign_button.setEnabled(False)
        self.refresh()

    def refresh(self) -> None:
        selected = {item.data(Qt.ItemDataRole.UserRole) for item in self.files.selectedItems()}
        current = self.files.currentItem().data(Qt.ItemDataRole.UserRole) if self.files.currentItem() else None
        ready = self.inbox.poll()
        self.files.clear()
        for f in ready:
            item = QListWidgetItem(f"{f.name}  ·  {hall_time(f.modified):%H:%M:%S}  ·  {max(1, f.size // 1024)} KB")
            item.setData(Qt.ItemDataRole.UserRole, str(f.path))
            self.files.addItem(item)
        paths = [str(f.path) for f in ready]
        if ready:  # keep the clerk's place; otherwise the oldest file is next
            self.files.setCurrentRow(paths.index(current) if current in paths else 0)
            for row, path in enumerate(paths):
                if path in selected:
                    self.files.item(row).setSelected(True)
        if self.inbox.folder is not None and self.assign_button.isEnabled():
            self.title.setText(self.tr("Scan folder ({0} new file(s))").format(len(ready)))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.files.count())]

    def assign_selected(self) -> None:
        rows = sorted(self.files.row(i) for i in self.files.selectedItems())
        if rows:
            self.assign_requested.emit([self.paths()[r] for r in rows])

    def mark_imported(self, paths: list[Path]) -> None:
        for path in paths:
            self.inbox.dismiss(path)
        self.refresh()

    def _dismiss_selected(self) -> None:
        self.mark_imported([Path(i.data(Qt.ItemDataRole.UserRole)) for i in self.files.selectedItems()])


def hall_time(pc_local: dt.datetime) -> dt.datetime:
    """A file time as the scan folder reports it (naive, in the PC's zone) on the hall's clock.

    A PC left on UTC showed 11:17 for a page scanned at 19:17 in the hall.
    """
    return hall_clock().local(pc_local.astimezone(dt.UTC).replace(tzinfo=None))
