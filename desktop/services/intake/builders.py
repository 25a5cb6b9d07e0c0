"""Row and payload builders shared by the intake services and the bulk demo seeder.

The bulk seeder writes a million applications with ``executemany`` instead of the ORM; it
stays honest by building every row with these same functions, so a seeded row and a row the
counter wrote have the same columns, defaults and payload shape.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.domain.canonical_json import canonical
from desktop.domain.masking import mask_id_number


def iso_utc(value: dt.datetime | None) -> str | None:
    """ISO-8601 with 'Z' for a naive-UTC datetime (the payload's time format)."""
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def iso_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def material_snapshot(material: Any) -> dict[str, Any]:
    """application_material column values copied from a matter material (ORM row or mapping)."""
    get = material.get if isinstance(material, Mapping) else lambda k: getattr(material, k)
    return {
        "matter_material_id": get("id"), "seq": get("seq"), "name": get("name"), "required": bool(get("required")),
        "copies_expected": get("copies"), "form_expected": get("form"), "deferrable": bool(get("deferrable")),
        "electronic_required": bool(get("electronic_required")), "cert_type": get("cert_type"),
        "notes": get("notes") or "", "state": "pending", "provided_form": "", "provided_copies": 0,
        "deferred_until": None, "certificate_ref": None, "certificate_available": False,
    }


def party_snapshot(party: Mapping[str, Any], *, birth_date: dt.date | None, sex: str) -> dict[str, Any]:
    """application_party column values for a case's applicant or agent, as the form gave them."""
    id_number = str(party.get("id_number") or "")
    return {"kind": party.get("kind") or "person", "name": party.get("name") or "", "id_number": id_number,
            "id_masked": mask_id_number(id_number), "phone": party.get("phone") or "",
            "address": party.get("address") or "", "legal_rep": party.get("legal_rep") or "",
            "ethnicity": party.get("ethnicity") or "", "birth_date": birth_date, "sex": sex}


def party_payload(party: Mapping[str, Any] | None) -> dict[str, str] | None:
    if party is None:
        return None
    return {k: str(party.get(k) or "") for k in ("kind", "name", "id_number", "phone", "address", "legal_rep")}


def material_payload(material: Mapping[str, Any], attachments: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    return {
        "seq": material["seq"], "name": material["name"], "required": bool(material["required"]),
        "state": material["state"], "provided_form": material["provided_form"] or "",
        "provided_copies": int(material["provided_copies"] or 0),
        "deferred_until": iso_date(material["deferred_until"]), "certificate_ref": material["certificate_ref"],
        "attachments": [{"sha256": a["sha256"], "mime": a["mime"], "size": a["size"], "page_no": a["page_no"]}
                        for a in attachments],
    }


def build_payload(app: Mapping[str, Any], *, region_code: str, clerk: str, applicant: Mapping[str, Any] | None,
                  agent: Mapping[str, Any] | None, materials: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The frozen outbox payload of HELPERS.md from application column values."""
    return {
        "uuid": app["uuid"], "version": app["local_version"], "acceptance_no": app["acceptance_no"],
        "matter_code": app["matter_code"], "matter_version": app["matter_version"],
        "matter_name": app["matter_name"], "window_id": app["window_id"], "region_code": region_code,
        "status": app["status"], "created_at": iso_utc(app["created_at"]),
        "accepted_at": iso_utc(app["accepted_at"]), "decided_at": iso_utc(app["decided_at"]),
        "due_date": iso_date(app["due_date"]), "clerk": clerk,
        "applicant": party_payload(applicant), "agent": party_payload(agent), "materials": list(materials),
        "rejection_reason": app["rejection_reason"] or None, "supplement_note": app["supplement_note"] or None,
    }


def payload_text(payload: Mapping[str, Any]) -> str:
    """Canonical JSON: the exact text hashed and sent (sorted keys, UTF-8, no spaces)."""
    return canonical(payload)


def outbox_row(application_id: int, uuid: str, version: int, text: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "application_id": application_id, "entity_uuid": uuid, "kind": "application", "version": version,
        "payload": text, "payload_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "idempotency_key": f"{uuid}:{version}", "state": "pending", "attempts": 0, "next_attempt_at": None,
        "last_error": "", "parked_reason": "", "created_at": now, "updated_at": now,
    }


def event_row(application_id: int, from_status: str, to_status: str, at: dt.datetime, user_id: int | None,
              note: str = "", source: str = "window") -> dict[str, Any]:
    return {"application_id": application_id, "from_status": from_status, "to_status": to_status, "at": at,
            "user_id": user_id, "source": source, "note": note}


# --- application columns: one builder per step, applied by the services and the seeder alike ---


def draft_row(*, uuid: str, matter: Any, clerk_id: int, window_id: str, now: dt.datetime, draft_json: str,
              applicant_name: str, applicant_id_masked: str) -> dict[str, Any]:
    """Every column of a new draft (``matter`` is an ORM row or a mapping of matter columns)."""
    get = matter.get if isinstance(matter, Mapping) else lambda k: getattr(matter, k)
    return {
        "uuid": uuid, "acceptance_no": None, "official_no": None, "matter_code": get("code"),
        "matter_version": get("version"), "matter_name": get("name"), "department": get("department"),
        "immediate": bool(get("immediate")), "promised_days": get("promised_days"),
        "matter_kind": get("kind") or "", "decided_by": get("decided_by") or "hall", "applicant_id": None,
        "agent_id": None, "applicant_name": applicant_name, "applicant_id_masked": applicant_id_masked,
        "clerk_id": clerk_id, "window_id": window_id, "status": "draft", "created_at": now, "updated_at": now,
        "decided_at": None, "accepted_at": None, "completed_at": None, "due_date": None, "supplement_due": None,
        "paused_working_days": 0, "rejection_reason": "", "supplement_note": "", "draft_json": draft_json,
        "local_version": 1, "sync_state": "local", "server_version": None, "server_status": None,
        "server_updated_at": None,
    }


def transition_columns(status: str, now: dt.datetime) -> dict[str, Any]:
    return {"status": status, "decided_at": now, "updated_at": now}


def acceptance_columns(now: dt.datetime, due_date: dt.date, paused_days: int) -> dict[str, Any]:
    # The parties now live in applicant rows: the draft's copy of them is dropped.
    return {"accepted_at": now, "due_date": due_date, "paused_working_days": paused_days, "draft_json": ""}


def supplement_columns(supplement_due: dt.date, note: str) -> dict[str, Any]:
    return {"supplement_due": supplement_due, "supplement_note": note}


def rejection_columns(reason: str) -> dict[str, Any]:
    return {"rejection_reason": reason, "draft_json": ""}


def party_columns(applicant_name: str, applicant_id_masked: str, applicant_id: int,
                  agent_id: int | None) -> dict[str, Any]:
    return {"applicant_name": applicant_name, "applicant_id_masked": applicant_id_masked,
            "applicant_id": applicant_id, "agent_id": agent_id}


def provided_material(material: Mapping[str, Any], state: str, *, provided_form: str = "",
                      provided_copies: int | None = None, deferred_until: dt.date | None = None,
                      certificate_ref: str | None = None) -> dict[str, Any]:
    """The checklist columns after the clerk records ``state`` for a row (see IntakeService.set_material)."""
    provided = state == "provided"
    return {
        "state": state,
        "provided_form": (provided_form or material["form_expected"]) if provided else "",
        "provided_copies": (material["copies_expected"] if provided_copies is None else provided_copies)
        if provided else 0,
        "deferred_until": deferred_until if state == "deferred" else None,
        "certificate_ref": (certificate_ref or material["cert_type"]) if state == "certificate" else None,
    }


def audit_detail(uuid: str, matter_code: str, status: str, extra: Mapping[str, Any]) -> dict[str, Any]:
    return {"uuid": uuid, "matter": matter_code, "status": status, **extra}
