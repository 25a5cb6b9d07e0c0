"""Hash-chained audit trail: who did what, when — tamper-evident.

Each row's hash covers its own content and the previous row's hash, so editing or deleting a
row breaks every later link; ``verify_chain`` names the first broken one. Details are masked
before they are stored: the audit log is for accountability, not a second copy of personal data.
Call :func:`record` inside the same write transaction as the change it describes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.orm import Session

from desktop.domain.masking import mask_text
from desktop.store.models import AuditEvent, utcnow

GENESIS = "0" * 64
_INSERT = insert(cast(Table, AuditEvent.__table__))  # built once


def _digest(at: str, actor: str, action: str, target: str, detail: str, prev_hash: str) -> str:
    canonical = json.dumps([at, actor, action, target, detail, prev_hash], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _stamp(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def entry(prev_hash: str | None, actor: str, action: str, target: str = "", detail: dict[str, Any] | None = None,
          *, at: dt.datetime | None = None) -> dict[str, Any]:
    """Column values of the audit row that follows ``prev_hash`` (None: the chain is empty)."""
    at = at or utcnow()
    detail_text = mask_text(json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str))
    target = mask_text(target)
    prev_hash = prev_hash or GENESIS
    return {"at": at, "actor": actor, "action": action, "target": target, "detail": detail_text,
            "prev_hash": prev_hash, "hash": _digest(_stamp(at), actor, action, target, detail_text, prev_hash)}


def head(session: Session) -> str | None:
    """The hash of the chain's last row (None while it is empty); read it inside the write transaction."""
    return session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar()


def record(session: Session, actor: str, action: str, target: str = "", detail: dict[str, Any] | None = None,
           *, at: dt.datetime | None = None) -> AuditEvent:
    """Append one audit event to the chain (in the caller's transaction)."""
    event = AuditEvent(**entry(head(session), actor, action, target, detail, at=at))
    session.add(event)
    session.flush()
    return event


def append(conn: Connection, prev_hash: str | None, actor: str, action: str, target: str = "",
           detail: dict[str, Any] | None = None, *, at: dt.datetime | None = None) -> str:
    """:func:`record` as one Core insert, for a writer that read the head already (in its write transaction).

    Returns the new head. ``prev_hash`` must be the head read after the transaction took the
    write lock, or the chain forks.
    """
    values = entry(prev_hash, actor, action, target, detail, at=at)
    conn.execute(_INSERT, values)
    return values["hash"]


def verify_chain_sqlite(conn: sqlite3.Connection) -> str | None:
    """None when the chain is intact, else a description of the first broken link."""
    prev_hash = GENESIS
    cursor = conn.execute("SELECT id, at, actor, action, target, detail, prev_hash, hash FROM audit_event ORDER BY id")
    for row_id, at, actor, action, target, detail, stored_prev, stored_hash in cursor:
        at_text = at if isinstance(at, str) else _stamp(at)
        if "." not in at_text:
            at_text += ".000000"
        if stored_prev != prev_hash:
            return f"audit event #{row_id}: previous-hash link broken (a row before it was changed or removed)"
        if _digest(at_text, actor, action, target, detail, stored_prev) != stored_hash:
            return f"audit event #{row_id}: content does not match its hash (the row was altered)"
        prev_hash = stored_hash
    return None
