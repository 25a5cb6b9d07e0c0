"""Small persistent sync state: device enrolment, last success, clock skew, pull cursors.

Kept in ``key_value`` and ``sync_cursor``. Cursor writes take the caller's session on purpose:
rule 5 — a cursor is committed in the same transaction as the rows it brought.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.hall_clock import parse_utc
from desktop.store.models import KeyValue, SyncCursor

DEVICE_ID = "sync.device_id"
SERVER_URL = "sync.server_url"
ENROLLED_AT = "sync.enrolled_at"
LAST_OK_AT = "sync.last_ok_at"
LAST_ATTEMPT_AT = "sync.last_attempt_at"
LAST_ERROR = "sync.last_error"
CLOCK_SKEW = "sync.clock_skew_seconds"
CALENDAR_FETCHED = "sync.calendar_fetched_on"

SKEW_TOLERANCE_SECONDS = 120  # "a few minutes": receipts and due dates use the local clock


def get_value(session: Session, key: str) -> str | None:
    row = session.get(KeyValue, key)
    return row.value if row else None


def set_value(session: Session, key: str, value: str, now: dt.datetime) -> None:
    row = session.get(KeyValue, key)
    if row is None:
        session.add(KeyValue(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now


def get_cursor(session: Session, name: str) -> str:
    return session.execute(select(SyncCursor.cursor).where(SyncCursor.name == name)).scalar() or ""


def set_cursor(session: Session, name: str, cursor: str, now: dt.datetime) -> None:
    row = session.get(SyncCursor, name)
    if row is None:
        session.add(SyncCursor(name=name, cursor=cursor, updated_at=now))
    else:
        row.cursor, row.updated_at = cursor, now
    session.flush()


def parse_time(value: str | None) -> dt.datetime | None:
    """A server ISO-8601 'Z' timestamp as naive UTC (the store's time convention)."""
    if not value:
        return None
    try:
        return parse_utc(value)
    except ValueError:
        return None


def measure_skew(server_time: str | None, sent_at: dt.datetime, received_at: dt.datetime) -> float | None:
    """Server clock minus local clock, in seconds, using the request's midpoint as "now"."""
    server = parse_time(server_time)
    if server is None:
        return None
    midpoint = sent_at + (received_at - sent_at) / 2
    return (server - midpoint).total_seconds()
