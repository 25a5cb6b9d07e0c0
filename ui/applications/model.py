"""A lazy table model over application ids, fetched page by page as the clerk scrolls.

Anki's browser shape: the model keeps the ids it has fetched so far (a packed ``array`` of 8-byte
integers, not a list of Python objects) plus a bounded least-recently-used cache of row contents
(``CACHE_LIMIT``); nothing holds a whole result set, and nothing builds a map over every listed id. The view asks ``canFetchMore``/``fetchMore`` when it scrolls near the end, so a
list of a million applications costs one keyset page at a time. Pages and rows are read by
operations (off the UI thread): ``fetchMore`` asks for the next page and returns at once; the
rows are inserted when the page arrives. A row evicted from the cache, or invalidated because
a decision or a sync changed it, shows "…" for the moment it takes to read it again by id.

Rows are announced only after the cursor has moved past them: anything that asks for more
rows while they are being inserted (Qt's model tester does) gets the next page, never the
same one twice. A reply to an older filter than the one shown is dropped.
"""
from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable

from desktop.services.applications.list_queries import (
    PAGE_SIZE,
    ApplicationFilter,
    ApplicationRow,
    Cursor,
    Page,
)
from ui.labels import STATUS_LABELS, SYNC_LABELS, label, local_date, local_time
from ui.operations.applications import ApplicationRows, ListApplications
from ui.operations.runner import OperationRunner
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the application's database id
UUID_ROLE = Qt.ItemDataRole.UserRole + 2
LOADING = "…"



def _tr(text: str) -> str:
    return QCoreApplication.translate("ApplicationsModel", text)


# (header, formatter) in display order
COLUMNS: list[tuple[str, object]] = [
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Acceptance no."), lambda r: r.acceptance_no or QCoreApplication.translate("ApplicationsModel", "(not accepted)")),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Matter"), lambda r: r.matter_name),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Applicant"), lambda r: r.applicant_name),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "ID number"), lambda r: r.applicant_id_masked),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Status"), lambda r: label(STATUS_LABELS, r.status)),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Entered"), lambda r: local_time(r.created_at)),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Promised by"), lambda r: local_date(r.due_date)),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Clerk"), lambda r: r.clerk_name),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Official no."), lambda r: r.official_no or ""),
    (QT_TRANSLATE_NOOP("ApplicationsModel", "Platform"),
     lambda r: label(STATUS_LABELS, r.server_status) or label(SYNC_LABELS, r.sync_state)),
]
CACHE_LIMIT = 5_000  # rows kept in memory; a refill after eviction is one query by id


class ApplicationsModel(QAbstractTableModel):
    first_page_loaded = Signal()  # after each (re)start, once the first page is in (or known empty)

    def __init__(self, ops: OperationRunner, page_size: int = PAGE_SIZE, parent=None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._page_size = page_size
        self._filter = ApplicationFilter()
        self._ids: array[int] = array("q")
        self._cache: OrderedDict[int, ApplicationRow] = OrderedDict()
        self._cursor: Cursor | None = None
        self._exhausted = True
        self._fetching = False
        self._inserting = False  # between beginInsertRows and endInsertRows
        self._refilling: set[int] = set()  # ids being read again
        self._gone: set[int] = set()  # ids read again and not found: deleted since they were listed
        self._generation = 0  # bumped by every reset: older replies are dropped
        self.pages_fetched = 0  # for tests and diagnostics

    # --- filtering and refresh ---------------------------------------------------------

    @property
    def filter(self) -> ApplicationFilter:
        return self._filter

    def set_filter(self, flt: ApplicationFilter) -> None:
        """Start over with a new filter; the first page is asked for at once."""
        self.beginResetModel()
        self._generation += 1
        self._filter = flt
        self._ids = array("q")
        self._cache = OrderedDict()
        self._refilling = set()
        self._gone = set()
        self._cursor = None
        self._exhausted = False
        self._fetching = False
        self.pages_fetched = 0
        self.endResetModel()
        self.fetchMore()

    def reload(self) -> None:
        self.set_filter(self._filter)

    def refresh_ids(self, ids: list[int]) -> None:
        """Re-read rows whose data changed (a decision, a sync status) without losing the position."""
        wanted = set(self._positions(ids))
        for i in wanted:
            self._cache.pop(i, None)
        self._gone -= wanted
        self._read_rows(sorted(wanted))

    def refresh_uuids(self, uuids: set[str]) -> bool:
        """Re-read the rows of these cases if they are listed; False when none is (a reload may be due)."""
        ids = [i for i, row in self._cache.items() if row.uuid in uuids]
        if ids:
            self.refresh_ids(ids)
        return bool(ids)

    # --- lazy fetching -----------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._fetching:
            return
        if self._inserting:  # asked from inside an insert: after it, never nested in it
            QTimer.singleShot(0, self, self.fetchMore)
            return
        self._fetching = True
        generation = self._generation
        self._ops.run(ListApplications(self._filter, self._cursor, self._page_size), owner=self,
                      on_done=lambda page: self._page_arrived(generation, page),
                      on_error=lambda error: self._page_failed(generation, error))

    def _page_arrived(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return  # a reply to a filter no longer shown
        first_page = self.pages_fetched == 0
        self.pages_fetched += 1
        # Move the cursor before announcing the rows: a fetchMore during the insert asks for the next page.
        self._cursor = page.next_cursor
        self._exhausted = page.next_cursor is None or not page.rows
        self._fetching = False
        if page.rows:
            first = len(self._ids)
            self._inserting = True
            try:
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                for row in page.rows:
                    self._ids.append(row.id)
                self._keep(page.rows)
                self.endInsertRows()
            finally:
                self._inserting = False
        if first_page:
            self.first_page_loaded.emit()

    def _page_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self._exhausted = True  # stop asking; F5 starts over
        from ui.messages import report

        report(error)

    def _read_rows(self, ids: list[int]) -> None:
        ids = [i for i in ids if i not in self._refilling]
        if not ids:
            return
        self._refilling.update(ids)
        generation = self._generation
        self._ops.run(ApplicationRows(tuple(ids)), owner=self,
                      on_done=lambda rows: self._rows_arrived(generation, ids, rows))

    def _rows_arrived(self, generation: int, asked: list[int], rows: dict[int, ApplicationRow]) -> None:
        if generation != self._generation:
            return
        self._refilling.difference_update(asked)
        self._gone.update(i for i in asked if i not in rows)
        self._keep(rows.values())
        changed = sorted(self._positions(asked).values())
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def _keep(self, rows: Iterable[ApplicationRow]) -> None:
        """Into the cache, the least recently used rows making room (they are read again by id if shown)."""
        for row in rows:
            self._cache[row.id] = row
            self._cache.move_to_end(row.id)
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    def _positions(self, ids: Iterable[int]) -> dict[int, int]:
        """Row numbers of those of ``ids`` that are listed (one pass; no index over every listed id)."""
        wanted = set(ids)
        if not wanted:
            return {}
        found: dict[int, int] = {}
        for n, i in enumerate(self._ids):
            if i in wanted:
                found[i] = n
                if len(found) == len(wanted):
                    break
        return found

    def _refill(self, generation: int, ids: list[int]) -> None:
        if generation == self._generation:
            self._refilling.difference_update(ids)
            self._read_rows(ids)

    def _row(self, n: int) -> ApplicationRow | None:
        app_id = self._ids[n]
        row = self._cache.get(app_id)
        if row is not None:
            self._cache.move_to_end(app_id)  # recently shown: the last to be evicted
        elif app_id not in self._refilling and app_id not in self._gone:
            # Read the neighbourhood of the painted row in one query, not one query per cell.
            lo, hi = max(0, n - self._page_size // 2), min(len(self._ids), n + self._page_size // 2)
            wanted = [i for i in self._ids[lo:hi] if i not in self._cache and i not in self._gone]
            self._refilling.update(wanted)  # shown as "…" until read; never read from inside data()
            QTimer.singleShot(0, self, lambda ids=wanted, g=self._generation: self._refill(g, ids))
        return row

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return _tr(COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, UUID_ROLE):
            return None
        app_id = self._ids[index.row()]
        row = self._row(index.row())
        if row is None:
            if app_id not in self._gone:
                return LOADING if role == Qt.ItemDataRole.DisplayRole else None
            return QCoreApplication.translate("ApplicationsModel", "(deleted)") if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == UUID_ROLE:
            return row.uuid
        return COLUMNS[index.column()][1](row)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def application_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None
