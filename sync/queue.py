"""Read and act on the local sync queue: counts, parked items for the clerk, retry of parked items.

Parked items are the ones the platform refused (a bad ID number, an unknown matter, a conflict);
the clerk sees the platform's reason in plain Chinese, corrects the application (a new version
is queued by the intake service) or, after IT fixes the cause, retries the parked row as is.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult

from desktop.domain.masking import mask_name
from desktop.store.database import Database
from desktop.store.models import Application, Outbox


@dataclass(frozen=True)
class ParkedItem:
    outbox_id: int
    application_id: int
    uuid: str
    version: int
    acceptance_no: str
    matter_name: str
    applicant: str  # masked
    reason: str
    parked_at: dt.datetime


def queue_counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        rows = s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all()
    counts = {"pending": 0, "sending": 0, "done": 0, "parked": 0}
    counts.update({state: n for state, n in rows})
    return counts


def list_parked(db: Database, limit: int = 500) -> list[ParkedItem]:
    query = (select(Outbox.id, Outbox.application_id, Outbox.entity_uuid, Outbox.version, Application.acceptance_no,
                    Application.matter_name, Application.applicant_name, Outbox.parked_reason, Outbox.updated_at)
             .join(Application, Application.id == Outbox.application_id)
             .where(Outbox.state == "parked").order_by(Outbox.id).limit(limit))
    with db.session() as s:
        return [ParkedItem(r[0], r[1], r[2], r[3], r[4] or "", r[5], mask_name(r[6] or ""), r[7] or "", r[8])
                for r in s.execute(query).all()]


def retry_parked(db: Database, outbox_ids: list[int] | None = None, *, now: dt.datetime) -> int:
    """Put parked rows back in the queue unchanged (after the cause was fixed elsewhere)."""
    condition = Outbox.state == "parked"
    if outbox_ids is not None:
        condition = condition & Outbox.id.in_(outbox_ids)
    with db.transaction() as s:
        app_ids = list(s.execute(select(Outbox.application_id).where(condition)).scalars())
        result = s.execute(update(Outbox).where(condition).values(state="pending", attempts=0,
                                                                  next_attempt_at=None, parked_reason="",
                                                                  updated_at=now))
        n = cast(CursorResult, result).rowcount
        if app_ids:
            s.execute(update(Application).where(Application.id.in_(app_ids)).values(sync_state="pending"))
    return n
