"""One push batch against the reference server's database: what it needs read up front, what it writes.

The batch is decided in memory, item by item in order (a later item sees what an earlier one
created), and written with one ``executemany`` per table — the cost a real platform's bulk path
would have. Two choices keep that cost flat as the platform's store grows:

- The record of every received version (``app_change``) is keyed by the application's row id and
  version, not by the client's random UUID or the idempotency key: a new application takes the
  next row id, so its version lands at the end of that B-tree instead of on a random page. Random
  keys in three indexes (the application's UUID, the change's idempotency key and its
  (UUID, version)) dirtied one page per item and index once the store outgrew a batch, so each
  batch's commit wrote ~3,000 pages at 100,000 applications (push time grew ~13x for 10x the
  data). The UUID index stays: it is the contract's identity. The idempotency key of an item is
  ``uuid:version`` (checked before anything is looked up), so (application, version) is unique
  exactly when the key is.
- The canonical text of each payload is encoded by ``orjson`` where that gives the same text as
  ``json.dumps(sort_keys=True)`` (no float or NaN in the request; anything orjson refuses falls
  back): ``json`` took a fifth of the server's time per item.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - the test extra installs it; json gives the same text, slower
    orjson = None

_SORTED = orjson.OPT_SORT_KEYS if orjson is not None else 0
def canonical_text(payload: Any) -> str:
    """The payload's meaning as text (sorted keys, no spaces): what is stored and hashed."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_encoder(integral: bool):
    """``canonical_text``, by orjson when that writes the same text: for payloads with no float.

    orjson and ``json.dumps(ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` write the
    same text for strings, integers, booleans, null, objects and arrays (keys sorted by code point
    = by UTF-8 bytes); they differ on floats (``1e+20`` vs ``1e20``) and NaN/Infinity, so only
    payloads parsed from a request that held none (``integral``, noted while parsing it:
    :class:`tests.central_server.validation.Numbers`) take orjson. An integer beyond 64 bits or a
    lone surrogate makes orjson refuse: those payloads go through ``json``.
    tests/unit/central_server/test_push_batch.py compares the two.
    """
    if orjson is None or not integral:
        return canonical_text

    def encode(payload: Any) -> str:
        try:
            return orjson.dumps(payload, option=_SORTED).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            return canonical_text(payload)

    return encode


def migrate_changes(conn: sqlite3.Connection) -> None:
    """Carry a database made before ``app_change`` (a kept demo hall) over: its ``change`` rows, then drop it."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'change'").fetchone():
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT OR IGNORE INTO app_change(app_rowid, version, idempotency_key, payload_sha256, at) "
                     "SELECT a.rowid, c.version, c.idempotency_key, c.payload_sha256, c.at "
                     "FROM change c JOIN application a ON a.uuid = c.uuid")
        conn.execute("DROP TABLE change")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


class Batch:
    """What one push batch needs from the database, read up front, and the writes it decided on."""

    def __init__(self, conn: sqlite3.Connection, items: list[dict[str, Any]], device_id: str) -> None:
        payloads = [i.get("payload") for i in items if isinstance(i.get("payload"), dict)]
        uuids = sorted({str(p.get("uuid", "")) for p in payloads})
        codes = sorted({str(p.get("matter_code")) for p in payloads})
        shas = sorted({str(a.get("sha256")) for p in payloads for m in p.get("materials") or [] if isinstance(m, dict)
                       for a in m.get("attachments") or [] if isinstance(a, dict)})
        self.changes: dict[tuple[str, int], str] = {}  # (uuid, version) -> the payload sha received for it
        self.apps: dict[str, tuple[str, int, str, int]] = {}  # uuid -> official_no, server_version, status, client_version
        self.owners: dict[str, str] = {}  # uuid -> the device that pushed it first
        self.rowids: dict[str, int] = {}  # uuid -> the application's row id
        self.matters: set[str] = set()
        self.owned: set[str] = set()  # attachment shas this device has uploaded

        def rows(sql: str, values: list[Any]) -> Iterable[tuple]:
            for chunk in _chunks(values):
                yield from conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()

        for rowid, u, official_no, server_version, status, client_version, owner in rows(
                "SELECT rowid, uuid, official_no, server_version, status, client_version, device_id FROM application "
                "WHERE uuid IN ({})", uuids):
            self.apps[u] = (official_no, server_version, status, client_version)
            self.owners[u] = owner
            self.rowids[u] = rowid
        uuid_of = {rowid: u for u, rowid in self.rowids.items()}
        for rowid, version, sha in rows("SELECT app_rowid, version, payload_sha256 FROM app_change "
                                        "WHERE app_rowid IN ({})", sorted(uuid_of)):
            self.changes[(uuid_of[rowid], version)] = sha
        self.matters = {c for (c,) in rows("SELECT code FROM matter WHERE code IN ({})", codes)}
        for chunk in _chunks(shas):
            self.owned.update(s for (s,) in conn.execute(
                f"SELECT sha256 FROM attachment_owner WHERE device_id = ? AND sha256 IN ({','.join('?' * len(chunk))})",
                (device_id, *chunk)))
        self.conn = conn
        self._new_changes: list[tuple] = []
        self._new_apps: list[tuple] = []
        self._app_updates: list[tuple] = []
        self._stats: dict[str, int] = {}
        self._official: dict[str, int] = {}
        self._next_rowid: int | None = None

    def stat(self, name: str) -> None:
        self._stats[name] = self._stats.get(name, 0) + 1

    def add_change(self, key: str, uuid: str, version: int, sha: str, now: str) -> None:
        self._new_changes.append((self.rowids[uuid], version, key, sha, now))
        self.changes[(uuid, version)] = sha

    def insert_app(self, uuid: str, state: tuple[str, int, str, int], row: tuple) -> None:
        """A new application (``row`` in the column order of :meth:`write`); it takes the next row id."""
        if self._next_rowid is None:
            self._next_rowid = self.conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM application").fetchone()[0]
        self.rowids[uuid] = self._next_rowid
        self._new_apps.append((self._next_rowid, *row))
        self._next_rowid += 1
        self.apps[uuid] = state
        self.owners[uuid] = row[1]

    def update_app(self, uuid: str, state: tuple[str, int, str, int], row: tuple) -> None:
        self._app_updates.append((*row, self.rowids[uuid]))
        self.apps[uuid] = state

    def next_official(self, day: str) -> int:
        """The next number of the day's sequence (the counter row is written once, in :meth:`write`)."""
        if day not in self._official:
            row = self.conn.execute("SELECT value FROM counter WHERE name = ?", ("official_no:" + day,)).fetchone()
            self._official[day] = row[0] if row else 0
        self._official[day] += 1
        return self._official[day]

    def write(self, conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT INTO application(rowid, uuid, device_id, official_no, client_version, server_version, "
                         "status, matter_code, matter_version, payload, payload_sha256, received_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._new_apps)
        conn.executemany("UPDATE application SET client_version = ?, server_version = ?, status = ?, payload = ?, "
                         "payload_sha256 = ?, updated_at = ? WHERE rowid = ?", self._app_updates)
        conn.executemany("INSERT INTO app_change(app_rowid, version, idempotency_key, payload_sha256, at) "
                         "VALUES (?, ?, ?, ?, ?)", self._new_changes)
        conn.executemany("INSERT INTO counter(name, value) VALUES (?, ?) "
                         "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                         [("official_no:" + day, value) for day, value in self._official.items()])
        conn.executemany("INSERT INTO stat(name, value) VALUES (?, ?) "
                         "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", list(self._stats.items()))
