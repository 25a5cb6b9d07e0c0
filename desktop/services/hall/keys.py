"""The hall's keyed hash of an ID number: how a window finds a citizen's cases without the number.

The platform gives every device of a hall the same lookup key; the hall feed carries
``HMAC-SHA256(key, "{kind}|{NUMBER}")`` instead of the number, and a window that reads an ID
card computes the same hash to look the citizen up, online or not. This window's own cases
(which keep the full number in their own rows) get the hash too, once the key is known.
"""
from __future__ import annotations

from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from desktop.domain.certificates import holder_key
from desktop.services.context import AppContext
from desktop.store.models import Application, ApplicationParty, KeyValue

HALL_LOOKUP_KEY = "hall.lookup_key"


def lookup_key(s: Session) -> bytes | None:
    row = s.get(KeyValue, HALL_LOOKUP_KEY)
    if row is None or not row.value:
        return None
    try:
        return bytes.fromhex(row.value)
    except ValueError:
        return None


def key_for(s: Session, kind: str, number: str) -> str | None:
    """The hall's hash of a person's or organisation's number, or None before this PC knows its hall."""
    secret = lookup_key(s)
    return holder_key(secret, kind, number) if secret else None


def backfill_keys(ctx: AppContext) -> int:
    """Give this window's own cases the hall's hash of their applicant (after enrolment or a new key)."""
    with ctx.db.transaction() as s:
        secret = lookup_key(s)
        if secret is None:
            return 0
        rows = s.execute(select(Application.id, ApplicationParty.kind, ApplicationParty.id_number)
                         .join(ApplicationParty, (ApplicationParty.application_id == Application.id)
                               & (ApplicationParty.role == "applicant"))
                         .where(Application.origin == "window")).all()
        updates = [{"i": app_id, "k": holder_key(secret, kind, number)} for app_id, kind, number in rows]
        if updates:
            from sqlalchemy import bindparam

            table = cast(Table, Application.__table__)
            s.execute(update(table).where(table.c.id == bindparam("i")).values(applicant_key=bindparam("k")), updates)
        return len(updates)
