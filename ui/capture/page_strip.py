"""The thumbnail strip of a material's pages: drag to reorder, drop files from outside to import."""
from __future__ import annotations

from pathlib import Path

from ui.qt import (
    QAbstractItemView,
    QColor,
    QIcon,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPainter,
    QPixmap,
    QSize,
    Qt,
    Signal,
)

THUMB = 150
SUPPORTED = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pdf")


def dropped_paths(mime) -> list[Path]:
    """Local files in a drag-and-drop payload (for the checklist rows of the intake screen, too)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def placeholder(text: str, colour: str = "#999") -> QIcon:
    pix = QPixmap(int(THUMB * 0.72), THUMB)
    pix.fill(QColor("#f4f4f4"))
    painter = QPainter(pix)
    painter.setPen(QColor(colour))
    painter.drawRect(0, 0, pix.width() - 1, pix.height() - 1)
    painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    painter.end()
    return QIcon(pix)


class PageStrip(QListWidget):
    order_changed = Signal(list)  # attachment ids in the new order
    files_dropped = Signal(list)  # [Path]

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("capture_pages")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 24, THUMB + 34))
        self.setMinimumHeight(THUMB + 54)
        self.setMovement(QListView.Movement.Snap)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)
        self.setUniformItemSizes(True)

    def set_pages(self, pages, icons: dict[str, QIcon]) -> None:
        current = self.current_id()
        self.clear()
        loading = self.tr("Loading…")
        for page in pages:
            label = self.tr("Page {0}").format(page.page_no)
            item = QListWidgetItem(icons.get(page.sha256) or placeholder(loading), label)
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, page.sha256)
            item.setToolTip(self.tr("{0}×{1} · {2} KB · source: {3}").format(page.width, page.height, page.size // 1024,
                                                                         page.source))
            self.addItem(item)
            if page.id == current:
                self.setCurrentItem(item)

    def set_icon(self, sha256: str, icon: QIcon) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole + 1) == sha256:
                self.item(i).setIcon(icon)

    def ids(self) -> list[int]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def current_id(self) -> int | None:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select_id(self, attachment_id: int) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == attachment_id:
                self.setCurrentRow(i)

    # --- drag and drop -----------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
            return
        before = self.ids()
        super().dropEvent(event)
        after = self.ids()
        if after != before and sorted(after) == sorted(before):
            self.order_changed.emit(after)
