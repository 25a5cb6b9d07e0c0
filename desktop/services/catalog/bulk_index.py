"""The matter search index (FTS5 ``matter_fts``) written set-based by a catalog import.

Per-row triggers keep ``matter_fts`` in step with ``matter`` (revision 0002). For a catalog pull
of thousands of matters they were the largest single cost of the write (one FTS5 insert per
row, ~0.2 s for 5,000 matters); one ``INSERT … SELECT`` over the same rows builds the same
index in a seventh of that. Revision 0008 lets the insert/update triggers (and the search epoch's
per-row counter updates) stand aside while the one row of ``matter_fts_bulk`` is active; :func:`bulk_search_index` sets it inside the caller's
write transaction, takes the old text of the rows about to be rewritten out of the index, and
when the batch is written indexes exactly the rows it touched and clears the flag — all in the
same transaction, so other connections never see the flag set, and a failure rolls everything
back together. :func:`search_index_probe` is the ``db check`` rule that holds it to that.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

_ON = "UPDATE matter_fts_bulk SET active = 1 WHERE id = 1 AND active = 0"
_OFF = "UPDATE matter_fts_bulk SET active = 0 WHERE id = 1"
_BUMP_EPOCH = "UPDATE search_epoch SET n = n + 1 WHERE id = 1"
_IDS = "SELECT value FROM json_each(?)"
_UNINDEX = ("INSERT INTO matter_fts(matter_fts, rowid, search_text) "
            f"SELECT 'delete', id, search_text FROM matter WHERE id IN ({_IDS})")
_INDEX = ("INSERT INTO matter_fts(rowid, search_text) SELECT id, search_text FROM matter "
          f"WHERE id > ? OR id IN ({_IDS})")


class BulkIndex:
    """What one bulk write tells the index: rows it rewrites (by id) and where new rows start."""

    def __init__(self, conn: Any, active: bool) -> None:
        self._conn = conn
        self.active = active
        self._rewritten: list[int] = []
        self._first_new: int | None = None

    def before_rewrite(self, ids: Iterable[int]) -> None:
        """Call before rewriting ``search_text`` of existing rows: their current text leaves the index."""
        ids = list(ids)
        if self.active and ids:
            self._conn.exec_driver_sql(_UNINDEX, (json.dumps(ids),))
        self._rewritten += ids

    def before_insert(self) -> None:
        """Call before inserting new matters: every row with a higher id is new (the write lock is ours)."""
        if self.active and self._first_new is None:
            self._first_new = int(self._conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM matter").scalar())

    def finish(self) -> None:
        if not self.active:
            return
        if self._rewritten or self._first_new is not None:
            top = self._first_new if self._first_new is not None else 1 << 62
            self._conn.exec_driver_sql(_INDEX, (top, json.dumps(self._rewritten)))
            self._conn.exec_driver_sql(_BUMP_EPOCH)  # once for the batch (the per-row epoch triggers stood aside)
        self._conn.exec_driver_sql(_OFF)
        self.active = False


@contextmanager
def bulk_search_index(conn: Any) -> Iterator[BulkIndex]:
    """Inside the caller's write transaction: the FTS triggers stand aside and the batch is indexed at the end.

    If the flag row is missing (a store someone edited by hand) the per-row triggers stay on and
    nothing is indexed twice. On an exception the flag is cleared on a best-effort basis; the
    caller's transaction is rolled back anyway, which restores the flag and the index together.
    """
    active = conn.exec_driver_sql(_ON).rowcount == 1
    index = BulkIndex(conn, active)
    try:
        yield index
    except BaseException:
        if index.active:  # best effort: the transaction is failing already, and its rollback clears it
            with suppress(Exception):
                conn.exec_driver_sql(_OFF)
        raise
    index.finish()


# ``db check``: every matter row is in the index (and nothing else is), and no bulk write was
# left half-done. (The index's content is what the triggers or the bulk write put there; FTS5's
# own 'integrity-check' needs a writable connection, which db check does not open.)
_PROBE = ("SELECT (SELECT count(*) FROM matter m WHERE NOT EXISTS "
          "(SELECT 1 FROM matter_fts_docsize d WHERE d.id = m.id)), "
          "(SELECT count(*) FROM matter_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM matter m WHERE m.id = d.id)), "
          "(SELECT count(*) FROM matter_fts_bulk WHERE active != 0)")


def search_index_probe(conn: Any) -> str | None:
    """A problem with the matter search index, or None (a DB-API connection, read-only is enough)."""
    missing, stray, left_on = conn.execute(_PROBE).fetchone()
    problems = []
    if missing:
        problems.append(f"{missing} matter(s) missing from the search index")
    if stray:
        problems.append(f"{stray} search index row(s) without a matter")
    if left_on:
        problems.append("the search index was left in bulk-write mode (new matters would not be indexed)")
    return "; ".join(problems) or None
