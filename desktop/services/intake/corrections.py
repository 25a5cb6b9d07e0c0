"""Correcting a decided case: a new, versioned change — never a silent overwrite (sync rule 3).

Once a case is decided its payload is queued, frozen, and may already be with the platform; its
papers are in the citizen's hands. A wrong phone number or a misspelt name is then put right by
a *correction*: one write transaction that updates the case's own party snapshot, records an
``application_event`` of kind ``corrected`` (from and to the same status, with what changed —
masked — and why in ``detail``), writes an audit event, and queues the case again as the next
outbox version. Issued papers stay as they were handed over; a paper showing the corrected data
is a reissue with a new number (``PrintRecords.prepare(..., reissue=True)``).

The event is shaped for the hall's case events: ``detail`` carries the base version and the new
version, so turning it into a ``corrected`` case event is a mapping, not a migration.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.domain.case_events import EventKind
from desktop.domain.lifecycle import Status
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.services import audit
from desktop.services.accounts.auth import CurrentUser
from desktop.services.applications.loading import load_application
from desktop.services.context import AppContext
from desktop.services.hall.recorder import record as record_event
from desktop.services.hall.state import case_state, diff
from desktop.services.intake.applicants import (
    PartyData,
    keep_snapshot,
    party_from_row,
    upsert_party,
    validate_party,
)
from desktop.services.intake.builders import party_columns
from desktop.services.intake.errors import IntakeError
from desktop.services.outbox import enqueue_application
from desktop.store.models import ApplicationEvent, ApplicationParty

CORRECTED = "corrected"
FIELD_LABELS = {"kind": "类型", "name": "姓名/名称", "id_number": "证件号码", "phone": "联系电话", "address": "地址",
                "legal_rep": "法定代表人", "ethnicity": "民族"}
ROLE_LABELS = {"applicant": "申请人", "agent": "代理人"}
_MASKERS = {"id_number": mask_id_number, "phone": mask_phone}


class CorrectionRefused(IntakeError):
    """A correction that cannot be made as asked; the message says why."""


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


@dataclass(frozen=True)
class Correction:
    """What a correction did: the fields it changed and the version it queued."""

    uuid: str
    changed: tuple[str, ...]  # e.g. ("申请人联系电话", "代理人")
    base_version: int
    version: int
    event_id: int


def _masked(field_name: str, value: str) -> str:
    return _MASKERS.get(field_name, lambda v: v)(value) if value else ""


def _diff(role: str, before: ApplicationParty | None, after: PartyData | None) -> dict[str, list[str]]:
    """{'applicant.phone': [old, new]} with personal numbers masked (the event and audit keep no full ID)."""
    old = party_from_row(before).to_dict() if before is not None else {}
    new = after.to_dict() if after is not None and not after.is_blank else {}
    if bool(old) != bool(new):
        return {role: ["" if not old else _masked("name", old["name"]), "" if not new else new["name"]]}
    return {f"{role}.{k}": [_masked(k, old.get(k, "")), _masked(k, new.get(k, ""))]
            for k in FIELD_LABELS if old.get(k, "") != new.get(k, "")}


def _label(key: str) -> str:
    role, _, field_name = key.partition(".")
    return ROLE_LABELS[role] + FIELD_LABELS.get(field_name, "")


def correct_parties(ctx: AppContext, clerk: CurrentUser, uuid: str, *, reason: str,
                    applicant: PartyData | None = UNCHANGED, agent: PartyData | None = UNCHANGED) -> Correction:
    """Correct the applicant and/or agent of a decided case (``agent=None`` removes the agent)."""
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionRefused("更正必须说明原因")
    now = ctx.now()
    today = ctx.hall_clock.date_of(now)
    with ctx.db.transaction() as s:
        app = load_application(s, uuid)
        if app.status == Status.DRAFT:
            raise CorrectionRefused("尚未作出决定的办件可直接在受理页修改，无需更正")
        if app.origin != "window":
            raise CorrectionRefused("该办件由其他窗口受理，更正请由受理窗口办理")
        before = case_state(app)  # the hall's view before (its `corrected` event carries the difference)
        new_applicant = party_from_row(app.applicant) if applicant is UNCHANGED and app.applicant else applicant
        new_agent = (party_from_row(app.agent) if app.agent else None) if agent is UNCHANGED else agent
        if new_applicant is None:
            raise CorrectionRefused("申请人不能删除")
        problems = validate_party(new_applicant, today=today)
        if new_agent is not None and not new_agent.is_blank:
            problems += validate_party(new_agent, role="代理人", today=today)
        if problems:
            raise CorrectionRefused(f"不能更正：{problems[0]}", problems)
        changes = _diff("applicant", app.applicant, new_applicant) | _diff("agent", app.agent, new_agent)
        if not changes:
            raise CorrectionRefused("更正内容与办件现有信息相同，无需更正")
        # The shared records pre-fill the person's next case with the corrected data.
        record = upsert_party(s, new_applicant, now=now, today=today)
        agent_record = (upsert_party(s, new_agent, now=now, today=today)
                        if new_agent is not None and not new_agent.is_blank else None)
        for name, value in party_columns(record.name, mask_id_number(record.id_number), record.id,
                                         agent_record.id if agent_record else None).items():
            setattr(app, name, value)
        app.applicant = keep_snapshot(app.applicant, "applicant", new_applicant, today)
        app.agent = (keep_snapshot(app.agent, "agent", new_agent, today)
                     if new_agent is not None and agent_record is not None else None)
        app.updated_at = now
        base = app.local_version
        labels = tuple(_label(k) for k in changes)
        event = ApplicationEvent(application_id=app.id, from_status=app.status, to_status=app.status, at=now,
                                 user_id=clerk.id, source="window", kind=CORRECTED,
                                 note=f"更正{'、'.join(labels)}：{reason}",
                                 detail=json.dumps({"reason": reason, "changes": changes, "base_version": base},
                                                   ensure_ascii=False, sort_keys=True))
        s.add(event)
        s.flush()
        data = diff(before, case_state(app))
        data["note"] = f"更正{'、'.join(labels)}：{reason}"
        record_event(s, app, EventKind.CORRECTED, data, clerk=clerk.username, clerk_name=clerk.display_name or clerk.username,
               window_id=ctx.config.hall.window_id, at=now, carrier="outbox")  # rides in the new outbox version
        row = enqueue_application(s, app, ctx.config.hall.region_code, now=now)
        event.detail = json.dumps({"reason": reason, "changes": changes, "base_version": base,
                                   "version": row.version}, ensure_ascii=False, sort_keys=True)
        audit.record(s, clerk.username, "application.correct", app.acceptance_no or app.uuid,
                     {"uuid": app.uuid, "fields": list(changes), "version": row.version, "reason": reason}, at=now)
        return Correction(uuid=app.uuid, changed=labels, base_version=base, version=row.version, event_id=event.id)
