"""The hall's change feed: a first snapshot of the cases in scope, then every event in order.

Cursor (opaque to the client): ``""`` starts; ``s{as_of}:{case_id}`` walks the cases in scope
(open, or with an event in the last ``days`` days), each with all its events up to feed
position ``as_of``; then ``e{seq}`` returns every later event of the hall (and tombstones) one
by one. Every item carries the cursor that resumes right after it, so a window that refuses an
item keeps its place exactly there. Personal data in events is masked by the windows that made
them; the platform adds the keyed hash of the applicant's number for lookups.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from typing import Any

from tests.central_server.hall_store import TOMBSTONE, iso, windows

_SNAPSHOT = re.compile(r"s(\d+):(\d+)")
_EVENTS = re.compile(r"e(\d+)")
MAX_LIMIT = 5000


class CursorError(ValueError):
    pass


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _item(cursor: str, case_uuid: str, events: list[str] | None = None, tombstone: str | None = None) -> str:
    head = f'{{"cursor":{_dump(cursor)},"case_uuid":{_dump(case_uuid)}'
    if tombstone is not None:
        return head + f',"events":[],"tombstone":{tombstone}}}'
    return head + ',"events":[' + ",".join(events or []) + "]}"


def page(conn: sqlite3.Connection, hall_id: str, since: str, limit: int, days: int, now: dt.datetime) -> bytes:
    """One page of the feed as JSON bytes (built from the stored event texts)."""
    limit = max(1, min(MAX_LIMIT, limit))
    if not since:
        as_of = conn.execute("SELECT coalesce(max(seq), 0) FROM hall_event WHERE hall_id = ?", (hall_id,)).fetchone()[0]
        items, next_cursor, more = _snapshot(conn, hall_id, as_of, 0, limit, days, now)
    elif m := _SNAPSHOT.fullmatch(since):
        items, next_cursor, more = _snapshot(conn, hall_id, int(m.group(1)), int(m.group(2)), limit, days, now)
    elif m := _EVENTS.fullmatch(since):
        items, next_cursor, more = _events(conn, hall_id, int(m.group(1)), limit)
    else:
        raise CursorError(since)
    return ('{"items":[' + ",".join(items) + f'],"next_cursor":{_dump(next_cursor)},"has_more":{_dump(more)},'
            f'"windows":{_dump(windows(conn, hall_id))},"scope_days":{days},"server_time":{_dump(iso(now))}}}'
            ).encode("utf-8")


def _snapshot(conn: sqlite3.Connection, hall_id: str, as_of: int, after: int, limit: int, days: int,
              now: dt.datetime) -> tuple[list[str], str, bool]:
    cutoff = iso(now - dt.timedelta(days=days))
    items: list[str] = []
    taken = 0
    last = after
    cases = conn.execute("SELECT id, uuid FROM hall_case WHERE hall_id = ? AND id > ? AND deleted = 0 "
                         "AND (open = 1 OR last_event_at >= ?) ORDER BY id LIMIT ?",
                         (hall_id, after, cutoff, limit + 1)).fetchall()
    chosen = cases[:limit]
    bodies: dict[int, list[str]] = {}
    if chosen:
        marks = ",".join("?" * len(chosen))
        for case_id, body in conn.execute(
                f"SELECT case_id, body FROM hall_event WHERE case_id IN ({marks}) AND seq <= ? AND kind != ? "
                "ORDER BY case_id, seq", [c[0] for c in chosen] + [as_of, TOMBSTONE]):
            bodies.setdefault(case_id, []).append(body)
    for case_id, uuid in chosen:
        events = bodies.get(case_id, [])
        if items and taken + len(events) > limit:
            return items, f"s{as_of}:{last}", True
        last = case_id
        taken += len(events)
        if events:
            items.append(_item(f"s{as_of}:{case_id}", uuid, events))
    if len(cases) > limit:
        return items, f"s{as_of}:{last}", True
    return items, f"e{as_of}", True


def _events(conn: sqlite3.Connection, hall_id: str, since: int, limit: int) -> tuple[list[str], str, bool]:
    rows = conn.execute("SELECT e.seq, c.uuid, e.kind, e.body FROM hall_event e JOIN hall_case c ON c.id = e.case_id "
                        "WHERE e.hall_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?",
                        (hall_id, since, limit + 1)).fetchall()
    more = len(rows) > limit
    items = []
    for seq, uuid, kind, body in rows[:limit]:
        cursor = f"e{seq}"
        if kind == TOMBSTONE:
            items.append(_item(cursor, uuid, tombstone=body))
        elif kind == "raw":  # admin-injected text, served verbatim (tests of a window's defences)
            items.append(_item(cursor, uuid, [body]))
        else:
            items.append(_item(cursor, uuid, [body]))
    last = rows[:limit][-1][0] if rows else since
    return items, f"e{last}", more
