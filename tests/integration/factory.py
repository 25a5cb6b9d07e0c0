"""Queued applications for sync tests, queued by the intake service's ``enqueue_application``.

Small counts go through the ORM exactly as the counter does; :func:`queue_bulk` (benchmarks,
the kill -9 test) writes the same rows with ``executemany`` using the intake service's own row
and payload builders, so both paths produce identical shapes. Attachments are real files under
the data dir's content-addressed layout.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid as uuidlib
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.services.context import AppContext
from desktop.services.outbox import enqueue_application
from desktop.store.models import (
    Applicant,
    Application,
    ApplicationEvent,
    ApplicationMaterial,
    ApplicationParty,
    Attachment,
    Outbox,
    User,
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(i: int, *, valid: bool = True) -> str:
    body = f"{620102 + i // 21000}{1960 + i % 40:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"  # unique to 1.9M
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


def enqueue(s, app: Application, region_code: str, now: dt.datetime) -> Outbox:
    """The intake service's own queueing: the frozen payload and outbox row of HELPERS.md."""
    return enqueue_application(s, app, region_code, now=now)


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
                              applicant_record=applicant, applicant_name=applicant.name, local_version=1,
                              applicant=ApplicationParty(role="applicant", kind="person", name=applicant.name,
                                                         id_number=applicant.id_number, phone=applicant.phone,
                                                         address=applicant.address))
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


SYNC_FIELDS = {"sync_state", "official_no", "server_version", "server_status", "server_updated_at",
               "case_version", "applicant_key"}  # the hall's: the platform's case version, the lookup hash


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


def queue_bulk(ctx: AppContext, n: int, *, matter_code: str, pages_every: int = 0, seed: int = 7) -> int:
    """``n`` accepted, queued applications written with executemany (same builders as intake)."""
    from sqlalchemy import func, insert

    from desktop.services.intake.builders import (
        build_payload,
        material_payload,
        outbox_row,
        party_payload,
        payload_text,
    )

    rng = random.Random(seed)
    now = ctx.now().replace(microsecond=0)
    region, window = ctx.config.hall.region_code, ctx.config.hall.window_id
    with ctx.db.transaction() as s:
        clerk = _clerk(s)
        base = {m: (s.execute(select(func.max(m.id))).scalar() or 0) for m in (Applicant, Application,
                                                                               ApplicationMaterial)}
        applicants, apps, materials, pages, outbox = [], [], [], [], []
        for k in range(n):
            app_id, applicant_id, material_id = base[Application] + k + 1, base[Applicant] + k + 1, \
                base[ApplicationMaterial] + k + 1
            party = {"kind": "person", "name": f"批量申请人{k}", "id_number": id_number(k + 10_000),
                     "phone": f"138{k:08d}", "address": "兰州市", "legal_rep": ""}
            applicants.append({"id": applicant_id, **party, "id_masked": "", "created_at": now, "updated_at": now})
            app = {"id": app_id, "uuid": str(uuidlib.UUID(int=rng.getrandbits(128), version=4)),
                   "acceptance_no": f"{window}-B{seed:03d}-{k:06d}", "matter_code": matter_code, "matter_version": 1,
                   "matter_name": "批量事项", "applicant_id": applicant_id, "applicant_name": party["name"],
                   "clerk_id": clerk.id, "window_id": window, "status": "accepted", "created_at": now,
                   "updated_at": now, "accepted_at": now, "decided_at": now, "due_date": dt.date(2026, 12, 10),
                   "local_version": 1, "sync_state": "pending", "rejection_reason": "", "supplement_note": ""}
            apps.append(app)
            material = {"id": material_id, "application_id": app_id, "seq": 1, "name": "居民身份证", "required": True,
                        "state": "provided", "provided_form": "original", "provided_copies": 1,
                        "deferred_until": None, "certificate_ref": None}
            materials.append(material)
            these = []
            if pages_every and k % pages_every == 0:
                for page in range(2):
                    data = f"bulk scan {seed} {k} {page}".encode()
                    sha = write_blob(ctx.config.attachments_dir, data)
                    these.append({"sha256": sha, "mime": "image/jpeg", "size": len(data), "page_no": page + 1})
                    pages.append({"material_id": material_id, "source": "demo", "created_at": now, **these[-1]})
            payload = build_payload(app, region_code=region, clerk=clerk.username, applicant=party, agent=None,
                                    materials=[material_payload(material, these)])
            assert party_payload(party) == payload["applicant"]
            outbox.append(outbox_row(app_id, app["uuid"], 1, payload_text(payload), now))
        for model, rows in ((Applicant, applicants), (Application, apps), (ApplicationMaterial, materials),
                            (Attachment, pages), (Outbox, outbox)):
            if rows:
                s.execute(insert(model), rows)
    return n
