"""One search box for the matter (事项): type a name, a code or pinyin initials; Down/Enter picks.

Each keystroke asks the matter search service for ranked hits in the background; a reply to an
older query than the box now holds is dropped, so fast typing never shows stale results.
"""
from __future__ import annotations

from collections.abc import Callable

from desktop.services.catalog.search import MatterHit
from ui.operations.intake import SearchMatters
from ui.operations.runner import OperationRunner
from ui.qt import (
    QAbstractItemView,
    QCoreApplication,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def hit_text(hit: MatterHit) -> str:
    kind = QCoreApplication.translate("MatterPicker", "immediate") if hit.immediate else \
        QCoreApplication.translate("MatterPicker", "promised: %1 working days").replace(
            "%1", str(hit.promised_days))
    return f"{hit.name}   {hit.department}   {hit.code}   ({kind})"


class _SearchBox(QLineEdit):
    """Passes Down/Up/Enter to the results list so the clerk never needs the mouse."""

    def __init__(self, results: QListWidget, pick: Callable[[], None], parent=None) -> None:
        super().__init__(parent, objectName="matterSearch")
        self._results = results
        self._pick = pick

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self._results.count():
            row = self._results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            self._results.setCurrentRow(max(0, min(row, self._results.count() - 1)))
            if key == Qt.Key.Key_Down:
                self._results.setFocus()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._pick()
            return
        super().keyPressEvent(event)


class _ResultList(QListWidget):
    def __init__(self, pick: Callable[[], None], parent=None) -> None:
        super().__init__(parent, objectName="matterResults")
        self._pick = pick
        self.search_box: QLineEdit | None = None

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._pick()
            return
        if event.key() == Qt.Key.Key_Up and self.currentRow() == 0 and self.search_box is not None:
            self.search_box.setFocus()
            return
        if event.text() and event.text().isprintable() and self.search_box is not None:
            self.search_box.setFocus()  # typing again goes back into the box
            self.search_box.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class MatterPicker(QWidget):
    picked = Signal(object)  # MatterHit

    def __init__(self, ops: OperationRunner, parent=None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._asked = ""
        self._shown: str | None = None  # the query the list currently answers
        self._pick_when_shown = False
        self._hits: list[MatterHit] = []  # rows of the list (items hold only their index)
        self.results = _ResultList(self._pick_current)
        self.box = _SearchBox(self.results, self._pick_current)
        self.results.search_box = self.box
        self.box.setPlaceholderText(self.tr("Find the matter: name, code, department or pinyin initials (e.g. hkqy)"
                                            "   ↓ choose   Enter confirm"))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setMaximumHeight(180)
        self.results.itemActivated.connect(lambda _item: self._pick_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.results)
        self.setFocusProxy(self.box)
        self.box.textChanged.connect(self.refresh)

    def refresh(self) -> None:
        query = self.box.text().strip()
        self._asked = query
        self._ops.run(SearchMatters(query), owner=self, on_done=lambda hits: self._show(query, hits))

    def _show(self, query: str, hits: list[MatterHit]) -> None:
        if query != self._asked:
            return  # an older keystroke's answer
        self.results.clear()
        self._shown = query
        self._hits = list(hits)
        for n, hit in enumerate(hits):
            item = QListWidgetItem(hit_text(hit))
            item.setData(HIT_ROLE, n)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        if self._pick_when_shown:
            self._pick_when_shown = False
            self._pick_current()

    def _pick_current(self) -> None:
        if self._shown != self.box.text().strip():
            # Enter typed faster than the search answered: the list still shows an older query's
            # matters. Pick once the answer for what is in the box arrives, never a stale row.
            self._pick_when_shown = True
            return
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self.picked.emit(self._hits[item.data(HIT_ROLE)])

    def reset(self) -> None:
        self._pick_when_shown = False
        self.box.clear()
        self.results.setVisible(True)
        self.box.setFocus()

    def set_collapsed(self, collapsed: bool) -> None:
        """Hide the result list once a matter is chosen, to give the checklist the room."""
        self.results.setVisible(not collapsed)
