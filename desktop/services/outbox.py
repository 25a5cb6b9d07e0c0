"""Queue an application change for the central platform, in the caller's transaction.

Rule 2 and 3 of ARCHITECTURE.md's sync section: the outbox row is written in the same
transaction as the decision, and what it carries is frozen — the exact payload text and its
sha256 are stored, so a retry after a crash sends byte-for-byte the same request and the
platform's "same key, same payload" check holds. A later change (a supplement case accepted,
an immediate item completed) is a new row with the next ``local_version``.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.services.hall.recorder import carried_events
from desktop.services.intake.builders import build_payload, material_payload, outbox_row, payload_text
from desktop.store.models import Application, Outbox, User, utcnow


def _party(row) -> dict | None:
    if row is None:
        return None
    return {"kind": row.kind, "name": row.name, "id_number": row.id_number, "phone": row.phone,
            "address": row.address, "legal_rep": row.legal_rep}


def _columns(application: Application) -> dict:
    names = ("uuid", "local_version", "acceptance_no", "matter_code", "matter_version", "matter_name", "window_id",
             "status", "created_at", "accepted_at", "decided_at", "due_date", "rejection_reason", "supplement_note")
    return {n: getattr(application, n) for n in names}


def application_payload(session: Session, application: Application, region_code: str) -> dict:
    """The payload dict for the application as it stands in ``session``."""
    clerk = session.get(User, application.clerk_id)
    materials = [
        material_payload({c: getattr(m, c) for c in ("seq", "name", "required", "state", "provided_form",
                                                      "provided_copies", "deferred_until", "certificate_ref")},
                         [{"sha256": a.sha256, "mime": a.mime, "size": a.size, "page_no": a.page_no}
                          for a in m.attachments])
        for m in application.materials
    ]
    return build_payload(_columns(application), region_code=region_code, clerk=clerk.username if clerk else "",
                         applicant=_party(application.applicant), agent=_party(application.agent),
                         materials=materials)


def enqueue_application(session: Session, application: Application, region_code: str, *,
                        now: dt.datetime | None = None) -> Outbox:
    """Freeze the application's current state into a new pending outbox row (next version)."""
    session.flush()
    last = session.execute(select(func.max(Outbox.version)).where(Outbox.application_id == application.id)).scalar()
    application.local_version = next_local_version(last, application.local_version)
    payload = application_payload(session, application, region_code)
    events = carried_events(session, application)  # the case events of this change ride with it
    text = frozen_text(payload, [e.payload for e in events])
    row = Outbox(**outbox_row(application.id, application.uuid, application.local_version, text,
                            now or utcnow()))
    session.add(row)
    application.sync_state = "pending"
    session.flush()
    for event in events:
        event.outbox_id = row.id
    return row


def next_local_version(last_queued: int | None, current: int | None) -> int:
    """The version a newly queued change carries: one past the last one queued, else the case's own (1 at first)."""
    if last_queued is not None:
        return last_queued + 1
    return current or 1


def frozen_text(payload: dict, case_events: Sequence[str]) -> str:
    """The payload text to freeze: the snapshot with the frozen texts of the case events riding with it."""
    if case_events:
        payload["case_events"] = [json.loads(text) for text in case_events]
    return payload_text(payload)


def frozen_row(app: Mapping[str, Any], region_code: str, *, clerk: str, applicant: Mapping[str, Any] | None,
               agent: Mapping[str, Any] | None, materials: Sequence[Mapping[str, Any]], case_events: Sequence[str],
               now: dt.datetime) -> dict[str, Any]:
    """The outbox row :func:`enqueue_application` writes, from plain column values (a Core writer's).

    ``app`` holds the application's columns with ``local_version`` already the version to queue;
    ``materials`` are checklist rows each with its ``attachments`` rows, in seq order.
    """
    payload = build_payload(app, region_code=region_code, clerk=clerk, applicant=applicant, agent=agent,
                            materials=[material_payload(m, m["attachments"]) for m in materials])
    text = frozen_text(payload, case_events)
    return outbox_row(app["id"], app["uuid"], app["local_version"], text, now)
