"""Writing a case event in the caller's transaction, frozen like an outbox row.

Sync rules 1–3 of ARCHITECTURE.md hold for events as for applications: the event gets a
client UUID and an idempotency key when it is made, it is written in the same transaction as
the change it describes, and its payload text is frozen there (a retry sends exactly it).

An event records the case version the window saw (``base_version``): the platform's version of
the case plus this window's own events not yet numbered by the platform. The platform takes
the event only if the case is still at that version; otherwise it answers with the current case
and the window is told what happened in between (see ``sync/hall_push.py``).

A decision at this window travels inside its case's outbox snapshot (``carrier='outbox'``),
so the case and its event reach the platform in one request; an action on a case of another
window is posted on its own (``carrier='direct'``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid as uuidlib
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.canonical_json import canonical
from desktop.domain.case_events import CaseEvent as DomainEvent
from desktop.domain.case_events import EventKind, check_data
from desktop.domain.lifecycle import Status
from desktop.services.hall.state import diff
from desktop.store.hall_models import CaseEvent
from desktop.store.models import Application, User

UNNUMBERED_LIVE = ("pending", "sending", "done")

# (from, to) status of a decision at the window → the event it is.
DECISION_KINDS: dict[tuple[str, str], EventKind] = {
    (Status.DRAFT, Status.ACCEPTED): EventKind.ACCEPTED,
    (Status.DRAFT, Status.SUPPLEMENT_REQUESTED): EventKind.SUPPLEMENT_REQUESTED,
    (Status.DRAFT, Status.REJECTED): EventKind.REJECTED,
    (Status.SUPPLEMENT_REQUESTED, Status.ACCEPTED): EventKind.SUPPLEMENT_RECEIVED,
    (Status.SUPPLEMENT_REQUESTED, Status.REJECTED): EventKind.REJECTED,
    (Status.ACCEPTED, Status.COMPLETED): EventKind.COMPLETED_AT_WINDOW,
}


def base_version(s: Session, app: Application) -> int:
    """The case version this window sees: the platform's, plus its own events not yet numbered."""
    own = s.execute(select(func.count()).select_from(CaseEvent).where(
        CaseEvent.application_id == app.id, CaseEvent.version.is_(None),
        CaseEvent.push_state.in_(UNNUMBERED_LIVE))).scalar() or 0
    return (app.case_version or 0) + int(own)


def clerk_of(s: Session, app: Application) -> tuple[str, str]:
    user = s.get(User, app.clerk_id) if app.clerk_id else None
    if user is None:
        return "", ""
    return user.username.lstrip("@"), user.display_name or user.username.lstrip("@")


def event_values(*, application_id: int, case_uuid: str, kind: EventKind | str, data: Mapping[str, Any], clerk: str,
                 clerk_name: str, window_id: str, at: dt.datetime, carrier: str, base: int,
                 event_uuid: str | None = None) -> dict[str, Any]:
    """Every column of a new local ``case_event`` row (the services and the bulk demo writer alike)."""
    event_uuid = event_uuid or str(uuidlib.uuid4())
    event = DomainEvent(event_uuid=event_uuid, case_uuid=case_uuid, kind=str(kind), at=at.replace(microsecond=0),
                        window_id=window_id, clerk=clerk, clerk_name=clerk_name, base_version=base,
                        data=check_data(dict(data)))
    text = canonical(event.wire())
    return {"event_uuid": event_uuid, "idempotency_key": f"ev-{event_uuid}", "application_id": application_id,
            "case_uuid": case_uuid, "kind": str(kind), "version": None, "base_version": base, "payload": text,
            "payload_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "window_id": window_id,
            "clerk": clerk, "at": event.at, "server_at": None, "origin": "local", "carrier": carrier,
            "outbox_id": None, "push_state": "pending", "attempts": 0, "next_attempt_at": None, "last_error": "",
            "refusal": "", "refused_by": None, "seen_at": None, "created_at": at, "updated_at": at}


def record(s: Session, app: Application, kind: EventKind | str, data: Mapping[str, Any], *, clerk: str,
           clerk_name: str, window_id: str, at: dt.datetime, carrier: str) -> CaseEvent:
    """Write one event of ``app`` in the caller's transaction and return the stored row."""
    s.flush()
    row = CaseEvent(**event_values(application_id=app.id, case_uuid=app.uuid, kind=kind, data=data, clerk=clerk,
                                   clerk_name=clerk_name, window_id=window_id, at=at, carrier=carrier,
                                   base=base_version(s, app)))
    s.add(row)
    s.flush()
    return row


class DecisionEvents:
    """The events of one decision transaction at the window (accept, 即办, 补正, 不予受理).

    Made when the case is loaded (``view`` gives its hall view at any moment), told of each
    status move, and written just before the outbox snapshot is queued so that it carries them.
    """

    def __init__(self, status: str, view: Callable[[], dict[str, Any]]) -> None:
        self.view = view
        self.before: dict[str, Any] | None = None if status == Status.DRAFT else view()
        self.moves: list[tuple[EventKind, str, dict[str, Any] | None]] = []

    def moving(self) -> None:
        """Called before a status move changes the case: the previous move's view is final now."""
        if self.moves and self.moves[-1][2] is None:
            last_kind, last_note, _ = self.moves[-1]
            self.moves[-1] = (last_kind, last_note, self.view())

    def moved(self, from_status: str, to_status: str, note: str = "") -> None:
        """Called after a status move: the event it makes (its view is taken at the next move or at write)."""
        kind = DECISION_KINDS.get((Status(from_status), Status(to_status)))
        if kind is None:
            raise ValueError(f"no event for a move {from_status} -> {to_status}")
        self.moves.append((kind, note, None))

    def values(self, *, application_id: int, case_uuid: str, clerk: str, clerk_name: str, window_id: str,
               at: dt.datetime, base: int) -> list[dict[str, Any]]:
        """Column values of the events (base version counted on from ``base``)."""
        rows: list[dict[str, Any]] = []
        previous = self.before
        for kind, note, state in self.moves:
            after = state if state is not None else self.view()
            after = {**after, "clerk": after.get("clerk") or clerk, "clerk_name": after.get("clerk_name") or clerk_name}
            data = diff(previous, after)
            # The checklist changes between decisions without events (the citizen brings papers to an
            # open case): every decision carries the whole checklist as it now stands.
            data["materials"] = [dict(row) for _seq, row in sorted((after.get("materials") or {}).items())]
            if previous is None:  # a birth names who took the case
                data["case"].update(clerk=clerk, clerk_name=clerk_name)
            if note:
                data["note"] = note
            rows.append(event_values(application_id=application_id, case_uuid=case_uuid, kind=kind, data=data,
                                     clerk=clerk, clerk_name=clerk_name, window_id=window_id, at=at,
                                     carrier="outbox", base=base + len(rows)))
            previous = after
        return rows

    def write(self, s: Session, app: Application, *, clerk: str, clerk_name: str, window_id: str,
              at: dt.datetime) -> list[CaseEvent]:
        s.flush()
        rows = [CaseEvent(**v) for v in self.values(application_id=app.id, case_uuid=app.uuid, clerk=clerk,
                                                    clerk_name=clerk_name, window_id=window_id, at=at,
                                                    base=base_version(s, app))]
        s.add_all(rows)
        s.flush()
        return rows


def carried_events(s: Session, app: Application) -> list[CaseEvent]:
    """Events of ``app`` to ride in the next outbox snapshot (written but not yet queued)."""
    return list(s.execute(select(CaseEvent).where(CaseEvent.application_id == app.id, CaseEvent.carrier == "outbox",
                                                  CaseEvent.outbox_id.is_(None), CaseEvent.push_state == "pending")
                          .order_by(CaseEvent.id)).scalars())
