"""Enrolment codes of the reference server: single use, expiring — like a real platform's.

IT issues one code per PC (``--enrol-code`` seeds one at start; ``POST /admin/enrol-codes`` issues
more). A code enrols exactly one device and expires after its time to live; a second use, an
expired or an unknown code are all the same 403 to the caller (no hint which).
"""
from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.central_server.store import Store

DEFAULT_TTL_SECONDS = 24 * 3600
SCHEMA = """CREATE TABLE IF NOT EXISTS enrol_code(code TEXT PRIMARY KEY, expires_at TEXT NOT NULL,
    used_by TEXT, used_at TEXT)"""


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ensure_schema(store: Store) -> None:
    with store._tx() as conn:
        conn.execute(SCHEMA)


def issue(store: Store, code: str | None = None, ttl_seconds: int = DEFAULT_TTL_SECONDS) -> dict[str, str]:
    ensure_schema(store)
    code = code or "EN-" + secrets.token_hex(6).upper()
    expires = _iso(store.clock() + dt.timedelta(seconds=ttl_seconds))
    with store._tx() as conn:
        conn.execute("INSERT OR IGNORE INTO enrol_code(code, expires_at) VALUES (?, ?)", (code, expires))
    return {"code": code, "expires_at": expires}


def redeem(store: Store, code: str, window_id: str, region_code: str) -> tuple[str, str] | None:
    """(device_id, token) when ``code`` is valid and unused — marked used in the same transaction."""
    ensure_schema(store)
    now = _iso(store.clock())
    with store._tx() as conn:
        row = conn.execute("SELECT expires_at, used_by FROM enrol_code WHERE code = ?", (code,)).fetchone()
        if row is None or row[1] is not None or row[0] <= now:
            return None
        device_id, token = store.enroll_in(conn, window_id, region_code)
        conn.execute("UPDATE enrol_code SET used_by = ?, used_at = ? WHERE code = ?", (device_id, now, code))
    return device_id, token
