"""What a decision writes, as one batch of Core statements at the end of its transaction.

The decision (``decisions.py``) works on the plain values of a :class:`CaseRecord`; this module
writes the outcome: the case row in one UPDATE (the report triggers see the decided case once),
its party snapshots, the checklist rows it changed, the ``application_event`` rows, the audit
row chained to the head read with the case, the frozen outbox row and the hall's case events
that ride in it (their ``outbox_id`` known at insert). The shared applicant records and the
acceptance number are written earlier in the same transaction, because the decision needs
their ids and the number.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, update

from desktop.services import audit
from desktop.services.intake.decision_case import APPLICATION, CASE_EVENT, MATERIAL, PARTY, CaseRecord
from desktop.services.outbox import frozen_row, next_local_version
from desktop.store.models import ApplicationEvent, Outbox

EVENT = cast(Table, ApplicationEvent.__table__)
OUTBOX = cast(Table, Outbox.__table__)
_PARTY_COLUMNS = ("kind", "name", "id_number", "id_masked", "phone", "address", "legal_rep", "ethnicity", "birth_date",
                  "sex")
_MATERIAL_CHANGES = ("state", "provided_form", "provided_copies")
# Built once (a prebuilt statement costs a tenth of one built per call); an UPDATE without
# values sets the columns named in its parameters.
_UPDATE_APPLICATION = update(APPLICATION).where(APPLICATION.c.id == bindparam("_id"))
_UPDATE_MATERIAL = update(MATERIAL).where(MATERIAL.c.id == bindparam("_id"))
_INSERT_EVENT = insert(EVENT)
_INSERT_OUTBOX = insert(OUTBOX).returning(OUTBOX.c.id)
_INSERT_CASE_EVENT = insert(CASE_EVENT)
_UPDATE_CASE_EVENT = update(CASE_EVENT).where(CASE_EVENT.c.id == bindparam("_id"))
_INSERT_PARTY = insert(PARTY)
_THE_PARTY = (PARTY.c.application_id == bindparam("_app")) & (PARTY.c.role == bindparam("_role"))
_UPDATE_PARTY = update(PARTY).where(_THE_PARTY)
_DELETE_PARTY = delete(PARTY).where(_THE_PARTY)


@dataclass
class PendingWrites:
    """What the decision changed, collected until :func:`write_decision`."""

    app_columns: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # application_event rows
    changed_materials: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Written:
    outbox_version: int
    outbox_id: int


def write_decision(conn: Connection, case: CaseRecord, pending: PendingWrites, *, region_code: str,
                   audit_entry: dict[str, Any], case_events: Sequence[dict[str, Any]], now: dt.datetime) -> Written:
    """Write the decided case and everything that goes with it (the caller's transaction commits).

    ``audit_entry`` holds :func:`audit.entry`'s arguments bar the head; ``case_events`` are the
    new case_event rows (``hall.recorder.event_values``), whose texts ride in the snapshot after
    any earlier ones still waiting to.
    """
    app = case.app
    app["local_version"] = next_local_version(case.last_outbox_version, app["local_version"])
    app["sync_state"] = "pending"
    columns = {**pending.app_columns, "local_version": app["local_version"], "sync_state": "pending"}
    conn.execute(_UPDATE_APPLICATION, {"_id": app["id"], **columns})
    _write_parties(conn, case)
    if pending.changed_materials:
        conn.execute(_UPDATE_MATERIAL, [{"_id": m["id"], **{n: m[n] for n in _MATERIAL_CHANGES}}
                                        for m in pending.changed_materials])
    conn.execute(_INSERT_EVENT, pending.events)
    audit.append(conn, case.audit_head, **audit_entry)
    earlier = case.carried_events()
    row = frozen_row(app, region_code, clerk=case.clerk_username, applicant=case.parties.get("applicant"),
                     agent=case.parties.get("agent"), materials=case.materials,
                     case_events=[e["payload"] for e in earlier] + [e["payload"] for e in case_events], now=now)
    outbox_id = int(conn.execute(_INSERT_OUTBOX, row).scalar_one())
    if case_events:
        conn.execute(_INSERT_CASE_EVENT, [{**e, "outbox_id": outbox_id} for e in case_events])
    if earlier:
        conn.execute(_UPDATE_CASE_EVENT, [{"_id": e["id"], "outbox_id": outbox_id} for e in earlier])
    return Written(outbox_version=app["local_version"], outbox_id=outbox_id)


def _write_parties(conn: Connection, case: CaseRecord) -> None:
    """The case's snapshots: inserted, brought up to date in place, or (an agent dropped) deleted."""
    app_id = case.app["id"]
    for role in ("applicant", "agent"):
        row = case.parties.get(role)
        if row is None:
            if role in case.stored_roles:
                conn.execute(_DELETE_PARTY, {"_app": app_id, "_role": role})
            continue
        values = {n: row[n] for n in _PARTY_COLUMNS}
        if role in case.stored_roles:
            conn.execute(_UPDATE_PARTY, {"_app": app_id, "_role": role, **values})
        else:
            conn.execute(_INSERT_PARTY, {"application_id": app_id, "role": role, **values})
