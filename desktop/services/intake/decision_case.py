"""The case as a decision reads it: plain column values, read once, in the deciding transaction.

A decision (see ``decisions.py``) needs the case row, its clerk, its party snapshots, its
checklist with the pages, its hall events not yet numbered, the last queued outbox version and
the audit chain's head. They are read here with Core statements (no ORM identity map, no unit of
work), the decision changes the plain values in memory, and ``decision_writes.py`` writes the
result as one batch. The reads run after ``BEGIN IMMEDIATE``, so the chain head, the outbox
version and the event count cannot move until the commit.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Connection, Integer, Table, bindparam, func, select

from desktop.services.applications.loading import material_view
from desktop.services.applications.read_models import MaterialView
from desktop.services.hall.recorder import UNNUMBERED_LIVE
from desktop.services.hall.state import state_of
from desktop.services.intake.applicants import PartyData
from desktop.services.intake.errors import ApplicationNotFound
from desktop.store.hall_models import CaseEvent
from desktop.store.models import (
    Application,
    ApplicationMaterial,
    ApplicationParty,
    Attachment,
    AuditEvent,
    Outbox,
    User,
)

APPLICATION = cast(Table, Application.__table__)
PARTY = cast(Table, ApplicationParty.__table__)
MATERIAL = cast(Table, ApplicationMaterial.__table__)
ATTACHMENT = cast(Table, Attachment.__table__)
CASE_EVENT = cast(Table, CaseEvent.__table__)


@dataclass
class CaseRecord:
    """One case's rows as plain mutable mappings (``app`` is every ``application`` column)."""

    app: dict[str, Any]
    clerk_username: str
    clerk_display_name: str
    parties: dict[str, dict[str, Any]]  # role → application_party row
    materials: list[dict[str, Any]]  # application_material rows by seq, each with its "attachments"
    case_events: list[dict[str, Any]]  # this case's case_event rows (a few columns), by id
    audit_head: str | None
    last_outbox_version: int | None
    stored_roles: frozenset[str] = field(default=frozenset())  # snapshot roles present when read

    def form_state(self) -> dict:
        """The draft's form (what ``applications.loading.form_state`` gives for an ORM row)."""
        if not self.app["draft_json"]:
            return {}
        try:
            state = json.loads(self.app["draft_json"])
        except ValueError:
            return {}
        return state if isinstance(state, dict) else {}

    def material_views(self) -> list[MaterialView]:
        return [material_view(_as_row(m)) for m in self.materials]

    def unnumbered_events(self) -> int:
        """This window's own events the platform has not numbered yet (see ``recorder.base_version``)."""
        return sum(1 for e in self.case_events if e["version"] is None and e["push_state"] in UNNUMBERED_LIVE)

    def carried_events(self) -> list[dict[str, Any]]:
        """Earlier events written to ride with the next snapshot and not yet queued (``carried_events``)."""
        return [e for e in self.case_events
                if e["carrier"] == "outbox" and e["outbox_id"] is None and e["push_state"] == "pending"]

    def hall_view(self) -> dict[str, Any]:
        """The hall's view of the case as it now stands (``hall.state.case_state`` on plain values)."""
        materials = []
        for m in self.materials:
            row = {n: m[n] for n in ("seq", "name", "required", "form_expected", "copies_expected", "deferrable",
                                     "state", "provided_form", "provided_copies", "deferred_until", "certificate_ref")}
            if m["attachments"]:
                row["pages"] = [{"sha256": a["sha256"], "mime": a["mime"], "size": a["size"], "page_no": a["page_no"]}
                                for a in m["attachments"]]
            materials.append(row)
        clerk = self.clerk_username.lstrip("@")
        return state_of(self.app, materials, applicant=_party_mapping(self.parties.get("applicant")),
                        agent=_party_mapping(self.parties.get("agent")), clerk=clerk,
                        clerk_name=self.clerk_display_name or clerk)


def party_from_snapshot(row: dict[str, Any]) -> PartyData:
    """The form's party from a stored snapshot (``applicants.party_from_row`` on a mapping)."""
    return PartyData(kind=row["kind"], name=row["name"], id_number=row["id_number"], phone=row["phone"],
                     address=row["address"], legal_rep=row["legal_rep"], ethnicity=row["ethnicity"])


def _party_mapping(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"kind": row["kind"], "name": row["name"], "id_number": row["id_number"], "id_masked": row["id_masked"]}


def _as_row(material: dict[str, Any]) -> Any:
    """Attribute access for ``material_view`` (written for ORM rows)."""
    return SimpleNamespace(**{**material, "attachments": [SimpleNamespace(**a) for a in material["attachments"]]})


def _reads() -> tuple[Any, ...]:
    """The case's reads, built once (a prebuilt statement costs a tenth of one built per call)."""
    app_id = bindparam("app_id", type_=Integer)
    head = select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1).scalar_subquery()
    last_version = select(func.max(Outbox.version)).where(Outbox.application_id == APPLICATION.c.id).scalar_subquery()
    case = (select(APPLICATION, User.username.label("_clerk_username"),
                   User.display_name.label("_clerk_display_name"), head.label("_audit_head"),
                   last_version.label("_last_outbox_version"))
            .outerjoin(User, User.id == APPLICATION.c.clerk_id).where(APPLICATION.c.uuid == bindparam("uuid")))
    parties = select(PARTY).where(PARTY.c.application_id == app_id)
    materials = select(MATERIAL).where(MATERIAL.c.application_id == app_id).order_by(MATERIAL.c.seq, MATERIAL.c.id)
    pages = (select(ATTACHMENT).join(MATERIAL, MATERIAL.c.id == ATTACHMENT.c.material_id)
             .where(MATERIAL.c.application_id == app_id).order_by(ATTACHMENT.c.page_no, ATTACHMENT.c.id))
    # By application only (its index), filtered in Python: the planner would otherwise walk the
    # push-state index over every pending event of the store.
    events = (select(CASE_EVENT.c.id, CASE_EVENT.c.version, CASE_EVENT.c.push_state, CASE_EVENT.c.carrier,
                     CASE_EVENT.c.outbox_id, CASE_EVENT.c.payload)
              .where(CASE_EVENT.c.application_id == app_id).order_by(CASE_EVENT.c.id))
    return case, parties, materials, pages, events


_CASE, _PARTIES, _MATERIALS, _PAGES, _EVENTS = _reads()


def load_case(conn: Connection, uuid: str) -> CaseRecord:
    """Read the case and what its decision needs; :class:`ApplicationNotFound` if there is none."""
    found = conn.execute(_CASE, {"uuid": uuid}).mappings().first()
    if found is None:
        raise ApplicationNotFound("未找到该办件，可能已被删除")
    app = {c.name: found[c.name] for c in APPLICATION.columns}
    key = {"app_id": app["id"]}
    parties = {r["role"]: dict(r) for r in conn.execute(_PARTIES, key).mappings()}
    materials = [dict(r, attachments=[]) for r in conn.execute(_MATERIALS, key).mappings()]
    if materials:
        by_id = {m["id"]: m for m in materials}
        for a in conn.execute(_PAGES, key).mappings():
            by_id[a["material_id"]]["attachments"].append(dict(a))
    events = [dict(r) for r in conn.execute(_EVENTS, key).mappings()]
    return CaseRecord(app=app, clerk_username=found["_clerk_username"] or "",
                      clerk_display_name=found["_clerk_display_name"] or "", parties=parties, materials=materials,
                      case_events=events, audit_head=found["_audit_head"],
                      last_outbox_version=found["_last_outbox_version"], stored_roles=frozenset(parties))
