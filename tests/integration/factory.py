"""Queued applications for sync tests, in the exact outbox shape the intake service writes.

Uses ``desktop.services.outbox.enqueue_application`` when this build has it; otherwise builds the
same frozen payload (HELPERS.md) and outbox row by hand. Attachments are real files under the
data dir's content-addressed layout.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid as uuidlib
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.services.context import AppContext
from desktop.store.models import (
    Applicant,
    Application,
    ApplicationEvent,
    ApplicationMaterial,
    Attachment,
    Outbox,
    User,
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(i: int, *, valid: bool = True) -> str:
    body = f"620102{1960 + i % 40:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
    if not valid:
        check = "10X98765432"[("10X98765432".index(check) + 1) % 11]
    return body + check


def write_blob(attachments_dir: Path, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    path = attachments_dir / sha[:2] / sha[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return sha


def _clerk(s) -> User:
    user = s.execute(select(User).where(User.username == "clerk1")).scalar_one_or_none()
    if user is None:
        user = User(username="clerk1", display_name="窗口一", role="clerk", password_hash="x")
        s.add(user)
        s.flush()
    return user


def payload_text(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def _payload(app: Application, clerk: User, applicant: Applicant, region_code: str) -> dict[str, Any]:
    party = {k: getattr(applicant, k) or "" for k in ("kind", "name", "id_number", "phone", "address", "legal_rep")}
    return {
        "uuid": app.uuid, "version": app.local_version, "acceptance_no": app.acceptance_no,
        "matter_code": app.matter_code, "matter_version": app.matter_version, "matter_name": app.matter_name,
        "window_id": app.window_id, "region_code": region_code, "status": app.status,
        "created_at": _iso(app.created_at), "accepted_at": _iso(app.accepted_at), "decided_at": _iso(app.decided_at),
        "due_date": app.due_date.isoformat() if app.due_date else None, "clerk": clerk.username,
        "applicant": party, "agent": None,
        "materials": [{"seq": m.seq, "name": m.name, "required": m.required, "state": m.state,
                       "provided_form": m.provided_form, "provided_copies": m.provided_copies,
                       "deferred_until": None, "certificate_ref": m.certificate_ref,
                       "attachments": [{"sha256": a.sha256, "mime": a.mime, "size": a.size, "page_no": a.page_no}
                                       for a in m.attachments]} for m in app.materials],
        "rejection_reason": app.rejection_reason or None, "supplement_note": app.supplement_note or None,
    }


def enqueue(s, app: Application, region_code: str, now: dt.datetime) -> Outbox:
    try:
        from desktop.services.outbox import enqueue_application
    except ImportError:
        enqueue_application = None
    if enqueue_application is not None:
        return enqueue_application(s, app, region_code, now=now)
    s.flush()
    last = s.execute(select(Outbox.version).where(Outbox.application_id == app.id)
                     .order_by(Outbox.version.desc()).limit(1)).scalar()
    app.local_version = (last + 1) if last else (app.local_version or 1)
    text = payload_text(_payload(app, s.get(User, app.clerk_id), app.applicant, region_code))
    row = Outbox(application_id=app.id, entity_uuid=app.uuid, kind="application", version=app.local_version,
                 payload=text, payload_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                 idempotency_key=f"{app.uuid}:{app.local_version}", state="pending", created_at=now, updated_at=now)
    s.add(row)
    app.sync_state = "pending"
    s.flush()
    return row


def queue_applications(ctx: AppContext, n: int, *, matter_code: str, pages_every: int = 0, bad_id: set[int] = frozenset(),
                       shared_page: bool = False, seed: int = 1, start: int = 0) -> list[str]:
    """Accept ``n`` applications and queue them; every ``pages_every``-th gets scanned pages."""
    rng = random.Random(seed * 1_000_003 + start)
    now = ctx.now()
    uuids: list[str] = []
    shared = write_blob(ctx.config.attachments_dir, b"shared page: household register") if shared_page else None
    with ctx.db.transaction() as s:
        clerk = _clerk(s)
        for k in range(start, start + n):
            applicant = Applicant(kind="person", name=f"申请人{k}", id_number=id_number(k, valid=k not in bad_id),
                                  id_masked="", phone=f"139{k:08d}", address="兰州市城关区")
            app = Application(uuid=str(uuidlib.UUID(int=rng.getrandbits(128), version=4)),
                              acceptance_no=f"{ctx.config.hall.window_id}-20261125-{k:05d}",
                              matter_code=matter_code, matter_version=1, matter_name="测试事项", clerk_id=clerk.id,
                              window_id=ctx.config.hall.window_id, status="accepted", created_at=now,
                              updated_at=now, accepted_at=now, decided_at=now, due_date=dt.date(2026, 12, 10),
                              applicant=applicant, applicant_name=applicant.name, local_version=1)
            material = ApplicationMaterial(seq=1, name="居民身份证", state="provided", provided_form="original",
                                           provided_copies=1)
            app.materials.append(material)
            if pages_every and k % pages_every == 0:
                for page in range(2):
                    data = f"scan of application {k} page {page} {rng.random()}".encode()
                    sha = write_blob(ctx.config.attachments_dir, data)
                    material.attachments.append(Attachment(page_no=page + 1, sha256=sha, mime="image/jpeg",
                                                           size=len(data), source="demo"))
                if shared:
                    material.attachments.append(Attachment(page_no=3, sha256=shared, mime="image/jpeg",
                                                           size=31, source="demo"))
            s.add(app)
            s.flush()
            enqueue(s, app, ctx.config.hall.region_code, now)
            uuids.append(app.uuid)
    return uuids


SYNC_FIELDS = {"sync_state", "official_no", "server_version", "server_status", "server_updated_at"}


def business_snapshot(ctx: AppContext) -> dict[str, Any]:
    """Everything local except the fields sync owns: must not change by syncing."""
    def rows(model, skip=()):
        cols = [c.name for c in model.__table__.columns if c.name not in skip]
        with ctx.db.session() as s:
            return sorted(tuple(getattr(r, c) for c in cols) for r in s.execute(select(model)).scalars())
    return {
        "application": rows(Application, SYNC_FIELDS),
        "application_material": rows(ApplicationMaterial),
        "attachment": rows(Attachment, {"uploaded"}),
        "applicant": rows(Applicant),
        "application_event": rows(ApplicationEvent),
        "outbox": rows(Outbox, {"state", "attempts", "next_attempt_at", "last_error", "parked_reason", "updated_at"}),
    }
