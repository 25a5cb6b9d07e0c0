"""A case's hall view (``desktop.domain.case_events`` state dict) ↔ the local ``application`` row.

What the hall sees of a case is masked: the applicant's and agent's names are starred, ID
numbers are masked, the phone and address are not there at all. A case of this window keeps
its full parties in its own rows; a case cached from the hall has only what the hall saw (and
the full applicant name once it was fetched to be continued here, for the papers).

Only the fields events govern are written back to a window's own case: its parties and draft
are its own business and never come from the hall.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.domain.case_events import iso_time, parse_time
from desktop.domain.masking import mask_id_number, mask_name
from desktop.store.models import Applicant, Application, ApplicationParty

# Case fields an event may change on a window's own case (never its parties or draft).
EVENT_GOVERNED = ("status", "decided_at", "accepted_at", "completed_at", "due_date", "supplement_due",
                  "paused_working_days", "supplement_note", "rejection_reason", "result_ready_at",
                  "handed_over_at", "withdrawn_at")
_TIMES = ("created_at", "decided_at", "accepted_at", "completed_at", "result_ready_at", "handed_over_at",
          "withdrawn_at")
_DATES = ("due_date", "supplement_due")


def masked_party(row: Mapping[str, Any] | None, name: str = "", id_masked: str = "") -> dict[str, str] | None:
    """A party as the hall sees it (a row of ``applicant`` as a mapping, or the case's own columns)."""
    if row is None:
        if not name and not id_masked:
            return None
        return {"kind": "person", "name": mask_name(name), "id_masked": id_masked}
    return {"kind": row["kind"], "name": mask_name(row["name"]),
            "id_masked": row.get("id_masked") or mask_id_number(row["id_number"])}


def party_mapping(row: Applicant | ApplicationParty | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"kind": row.kind, "name": row.name, "id_number": row.id_number, "id_masked": row.id_masked}


def extras(app: Application) -> dict[str, Any]:
    """The hall-only extras of a cached case (masked agent, hand-over, page references)."""
    return parse_extra(app.hall_extra)


def parse_extra(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def material_state(m: Mapping[str, Any], pages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    until = m.get("deferred_until")
    return {"seq": m["seq"], "name": m["name"], "required": bool(m["required"]), "form_expected": m["form_expected"],
            "copies_expected": m["copies_expected"], "deferrable": bool(m["deferrable"]), "state": m["state"],
            "provided_form": m["provided_form"] or "", "provided_copies": m["provided_copies"] or 0,
            "deferred_until": until.isoformat() if isinstance(until, dt.date) else until,
            "certificate_ref": m["certificate_ref"], "pages": list(pages or [])}


_MATERIAL_COLUMNS = ("seq", "name", "required", "form_expected", "copies_expected", "deferrable", "state",
                     "provided_form", "provided_copies", "deferred_until", "certificate_ref")


def case_state(app: Application, clerk: str = "", clerk_name: str = "") -> dict[str, Any]:
    """The hall view of a local case (ORM row), as the fold of its events would give it."""
    columns = {c.name: getattr(app, c.name) for c in app.__table__.columns}
    materials = []
    for m in app.materials:
        row = {n: getattr(m, n) for n in _MATERIAL_COLUMNS}
        if m.attachments:
            row["pages"] = [{"sha256": a.sha256, "mime": a.mime, "size": a.size, "page_no": a.page_no}
                            for a in m.attachments]
        materials.append(row)
    if not clerk and app.clerk is not None:
        clerk = app.clerk.username.lstrip("@")
        clerk_name = app.clerk.display_name or clerk
    return state_of(columns, materials, applicant=party_mapping(app.applicant), agent=party_mapping(app.agent),
                    clerk=clerk, clerk_name=clerk_name)


def state_of(app: Mapping[str, Any], materials: Sequence[Mapping[str, Any]], *, applicant: Mapping[str, Any] | None,
             agent: Mapping[str, Any] | None, clerk: str = "", clerk_name: str = "") -> dict[str, Any]:
    """The hall view from plain column values (the bulk demo writer has no ORM rows)."""
    extra = parse_extra(app.get("hall_extra"))
    pages: Mapping[str, list[dict[str, Any]]] = extra.get("pages") or {}
    party = masked_party(applicant, app.get("applicant_name") or "", app.get("applicant_id_masked") or "")
    if party is not None and app.get("origin") == "hall":
        party = {**party, **(extra.get("applicant") or {})}
    state: dict[str, Any] = {
        "uuid": app["uuid"], "version": app.get("case_version") or 0, "acceptance_no": app["acceptance_no"],
        "matter_code": app["matter_code"], "matter_version": app["matter_version"], "matter_name": app["matter_name"],
        "department": app.get("department") or "", "immediate": bool(app.get("immediate")),
        "promised_days": app.get("promised_days") or 0, "window_id": app["window_id"], "clerk": clerk,
        "clerk_name": clerk_name, "status": app["status"], "paused_working_days": app.get("paused_working_days") or 0,
        "supplement_note": app.get("supplement_note") or "", "rejection_reason": app.get("rejection_reason") or "",
        "applicant": party, "agent": masked_party(agent) if agent is not None else extra.get("agent"),
        "materials": {m["seq"]: material_state(m, m.get("pages") or pages.get(str(m["seq"]))) for m in materials},
    }
    for name in _TIMES:
        state[name] = iso_time(app.get(name))
    for name in _DATES:
        value = app.get(name)
        state[name] = value.isoformat() if isinstance(value, dt.date) else value
    if app.get("official_no"):
        state["official_no"] = app["official_no"]
    if app.get("applicant_key"):
        state["applicant_key"] = app["applicant_key"]
    if extra.get("handover"):
        state["handover"] = extra["handover"]
    state["history_from"] = extra.get("history_from", 1)
    return state


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, Any]:
    """Event data that turns ``before`` into ``after`` (everything, for a birth)."""
    from desktop.domain.case_events import CASE_FIELDS

    base = before or {}
    case = {k: after.get(k) for k in CASE_FIELDS if k in after and (not before or base.get(k) != after.get(k))}
    old_materials: Mapping[int, Mapping[str, Any]] = base.get("materials") or {}
    materials = []
    for seq, row in sorted((after.get("materials") or {}).items()):
        old = old_materials.get(seq)
        if old is None or not before:
            materials.append(dict(row))
            continue
        changed = {k: v for k, v in row.items() if old.get(k) != v}
        if changed:
            materials.append({"seq": seq, **changed})
    data: dict[str, Any] = {"case": case}
    if materials:
        data["materials"] = materials
    return data


def _time(value: Any) -> dt.datetime | None:
    return parse_time(value) if value else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def row_columns(state: Mapping[str, Any], *, own: bool) -> dict[str, Any]:
    """``application`` column values from a hall view (only the event-governed ones for an own case)."""
    names = EVENT_GOVERNED if own else EVENT_GOVERNED + (
        "acceptance_no", "matter_code", "matter_version", "matter_name", "department", "immediate", "promised_days",
        "window_id", "created_at")
    out: dict[str, Any] = {}
    for name in names:
        if name not in state:
            continue
        value = state[name]
        if name in _TIMES:
            value = _time(value)
        elif name in _DATES:
            value = _date(value)
        elif name in ("paused_working_days", "promised_days", "matter_version"):
            value = int(value or 0)
        elif name in ("supplement_note", "rejection_reason", "department", "matter_name"):
            value = value or ""
        out[name] = value
    if state.get("official_no"):
        out["official_no"] = state["official_no"]
    if state.get("applicant_key"):
        out["applicant_key"] = state["applicant_key"]
    out["case_version"] = int(state.get("version") or 0) or None
    if not own:
        applicant = state.get("applicant") or {}
        out["applicant_name"] = str(applicant.get("name") or "")[:200]
        out["applicant_id_masked"] = str(applicant.get("id_masked") or "")[:32]
    return out


def material_columns(row: Mapping[str, Any], *, own: bool) -> dict[str, Any]:
    """``application_material`` values from a hall material (only the received-state ones for an own case)."""
    names: tuple[str, ...] = ("state", "provided_form", "provided_copies", "deferred_until", "certificate_ref")
    if not own:
        names += ("name", "required", "form_expected", "copies_expected", "deferrable")
    out: dict[str, Any] = {}
    for name in names:
        if name not in row:
            continue
        value = row[name]
        if name == "deferred_until":
            value = _date(value)
        elif name in ("provided_form", "name", "form_expected"):
            value = value or ""
        elif name in ("provided_copies", "copies_expected"):
            value = int(value or 0)
        elif name in ("required", "deferrable"):
            value = bool(value)
        out[name] = value
    return out


def hall_extra(state: Mapping[str, Any]) -> str:
    """The hall-only extras of a cached case as stored JSON."""
    pages = {str(seq): row.get("pages") for seq, row in (state.get("materials") or {}).items() if row.get("pages")}
    applicant = state.get("applicant") or {}
    value = {"agent": state.get("agent"), "handover": state.get("handover"),
             "history_from": state.get("history_from", 1), "pages": pages,
             "applicant": {"kind": applicant.get("kind", "person"), "name": applicant.get("name", ""),
                           "id_masked": applicant.get("id_masked", "")}}
    return json.dumps({k: v for k, v in value.items() if v}, ensure_ascii=False, sort_keys=True)
