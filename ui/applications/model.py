"""A lazy table model over application ids, fetched page by page as the clerk scrolls.

Anki's browser shape: the model keeps the ids it has fetched so far plus a bounded cache of
row contents. The view asks ``canFetchMore``/``fetchMore`` when it scrolls near the end, so a
list of a million applications costs one keyset page at a time. Rows evicted from the cache,
or invalidated because sync changed them, are re-read by id around the row being painted.
"""
from __future__ import annotations

from desktop.services.applications.list_queries import (
    PAGE_SIZE,
    ApplicationFilter,
    ApplicationQueries,
    ApplicationRow,
    Cursor,
)
from ui.labels import STATUS_LABELS, SYNC_LABELS, label, local_date, local_time
from ui.qt import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the application's database id
UUID_ROLE = Qt.ItemDataRole.UserRole + 2

# (header, formatter) in display order
COLUMNS: list[tuple[str, object]] = [
    ("受理编号", lambda r: r.acceptance_no or "（未受理）"),
    ("事项", lambda r: r.matter_name),
    ("申请人", lambda r: r.applicant_name),
    ("证件号码", lambda r: r.applicant_id_masked),
    ("状态", lambda r: label(STATUS_LABELS, r.status)),
    ("受理时间", lambda r: local_time(r.created_at)),
    ("承诺办结", lambda r: local_date(r.due_date)),
    ("受理人", lambda r: r.clerk_name),
    ("办件编号", lambda r: r.official_no or ""),
    ("平台状态", lambda r: label(STATUS_LABELS, r.server_status) or label(SYNC_LABELS, r.sync_state)),
]
CACHE_LIMIT = 5_000  # rows kept in memory; a refill after eviction is one query by id


class ApplicationsModel(QAbstractTableModel):
    def __init__(self, queries: ApplicationQueries, page_size: int = PAGE_SIZE, parent=None) -> None:
        super().__init__(parent)
        self._queries = queries
        self._page_size = page_size
        self._filter = ApplicationFilter()
        self._ids: list[int] = []
        self._cache: dict[int, ApplicationRow] = {}
        self._cursor: Cursor | None = None
        self._exhausted = True
        self.pages_fetched = 0  # for tests and diagnostics

    # --- filtering and refresh ---------------------------------------------------------

    @property
    def filter(self) -> ApplicationFilter:
        return self._filter

    def set_filter(self, flt: ApplicationFilter) -> None:
        """Start over with a new filter; the first page is read at once so the list is never blank."""
        self.beginResetModel()
        self._filter = flt
        self._ids = []
        self._cache = {}
        self._cursor = None
        self._exhausted = False
        self.pages_fetched = 0
        self._append(self._queries.page(flt, None, self._page_size))
        self.endResetModel()

    def reload(self) -> None:
        self.set_filter(self._filter)

    def refresh_ids(self, ids: list[int]) -> None:
        """Re-read rows whose data changed (a decision, a sync status) without losing the position."""
        wanted = set(ids)
        rows = [n for n, i in enumerate(self._ids) if i in wanted]
        for i in wanted:
            self._cache.pop(i, None)
        for n in rows:
            self.dataChanged.emit(self.index(n, 0), self.index(n, len(COLUMNS) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    # --- lazy fetching -----------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._queries.page(self._filter, self._cursor, self._page_size)
        if not page.rows:
            self._exhausted = True
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._append(page)
        self.endInsertRows()

    def _append(self, page) -> None:
        self.pages_fetched += 1
        if len(self._cache) + len(page.rows) > CACHE_LIMIT:
            self._cache.clear()
        for row in page.rows:
            self._ids.append(row.id)
            self._cache[row.id] = row
        self._cursor = page.next_cursor
        self._exhausted = page.next_cursor is None

    def _row(self, n: int) -> ApplicationRow | None:
        app_id = self._ids[n]
        row = self._cache.get(app_id)
        if row is None:
            # Refill the neighbourhood of the painted row in one query, not one query per cell.
            lo, hi = max(0, n - self._page_size // 2), min(len(self._ids), n + self._page_size // 2)
            if len(self._cache) + (hi - lo) > CACHE_LIMIT:
                self._cache.clear()
            self._cache.update(self._queries.rows_by_ids(self._ids[lo:hi]))
            row = self._cache.get(app_id)
        return row

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, UUID_ROLE):
            return None
        row = self._row(index.row())
        if row is None:  # deleted since it was listed
            return "（已删除）" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == UUID_ROLE:
            return row.uuid
        return COLUMNS[index.column()][1](row)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def application_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None
