"""E-certificates (电子证照) end to end against the reference server: look up, use, print, offline, faults."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import time

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.services.accounts.auth import CurrentUser
from desktop.services.certificates.service import CertificateError, CertificateService
from desktop.services.intake.service import IntakeService
from desktop.services.maintenance.db_check import run_checks
from desktop.services.papers.records import PrintRecords
from desktop.store.models import AuditEvent, CertificateCache, User
from sync.certificates import background_lookup, certificate_port
from sync.token_store import MemoryTokenStore
from tests.central_server.certificates import LI, WANG, ZHANG
from tests.unit.intake.conftest import Clock, add_matter

pytestmark = pytest.mark.integration

MATERIALS = [
    dict(seq=1, name="申请人居民身份证", required=True, copies=1, form="original", cert_type="ID_CARD"),
    dict(seq=2, name="居民户口簿", required=True, copies=1, form="original", cert_type="HOUSEHOLD_REGISTER"),
    dict(seq=3, name="结婚证", required=False, copies=1, form="copy", cert_type="MARRIAGE_CERT"),
    dict(seq=4, name="机动车驾驶证", required=False, copies=1, form="copy", cert_type="DRIVING_LICENSE"),
    dict(seq=5, name="受托人居民身份证", required=False, copies=1, form="copy", cert_type="ID_CARD"),
    dict(seq=6, name="申请表", required=False, copies=1, form="original"),
]


def person(id_number: str, name: str = "张建国") -> dict:
    return {"applicant": {"kind": "person", "name": name, "id_number": id_number, "phone": "13812345678",
                          "address": "甘肃省兰州市城关区庆阳路77号"}, "agent": None}


@pytest.fixture
def enrolled(ctx, central, engine_for):
    return engine_for(ctx, central)


@pytest.fixture
def world(ctx, central, enrolled):
    ctx.clock = Clock(dt.datetime(2026, 9, 30, 2, 0))
    add_matter(ctx, "M-CERT", promised_days=5, materials=MATERIALS)
    with ctx.db.transaction() as s:
        user = User(username="clerk1", display_name="王小丽", role="clerk", password_hash="x")
        s.add(user)
        s.flush()
        clerk = CurrentUser(user.id, user.username, user.display_name, user.role)
    port = certificate_port(ctx, token_store=enrolled._token_store, timeout=2.0)
    assert port is not None
    yield ctx, central, clerk, IntakeService(ctx), CertificateService(ctx, port)
    port.close()


def receipt_text(ctx, uuid: str) -> str:
    pdf = PrintRecords(ctx).prepare(uuid, "receipt").rendered.pdf
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def audit_rows(ctx, prefix: str = "certificate.") -> list[AuditEvent]:
    with ctx.db.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action.like(prefix + "%")).order_by(AuditEvent.id)))


def test_lookup_offers_own_valid_certificates_and_the_receipt_lists_the_one_used(world):
    ctx, central, clerk, intake, certs = world
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    result = certs.lookup_for_application(clerk, draft.uuid)
    assert result.source == "server" and result.rejected == ()
    # Revoked marriage certificate and expired driving licence are never offered; the agent's
    # ID row is someone else's document.
    assert result.available_seqs == (1, 2)
    assert {c.cert_id for c in result.offered} == {"EC-ID-0001", "EC-HR-0001"}
    assert ZHANG not in repr(result.offered)
    view = intake.get_application(draft.uuid)
    assert [m.seq for m in view.materials if m.certificate_available] == [1, 2]

    used = certs.use_certificate(clerk, draft.uuid, 1, "EC-ID-0001")
    assert used.state == "certificate" and used.certificate_ref == "居民身份证（EC-ID-0001）"
    assert sorted(a.mime for a in used.attachments) == ["application/json", "application/pdf"]
    pdf_page = next(a for a in used.attachments if a.mime == "application/pdf")
    pdf = certs.attachments.open_attachment_bytes(pdf_page.sha256)
    assert hashlib.sha256(pdf).hexdigest() == pdf_page.sha256 and pdf.startswith(b"%PDF")
    record = json.loads(certs.attachments.open_attachment_bytes(
        next(a for a in used.attachments if a.mime == "application/json").sha256))
    assert record["mode"] == "online" and record["platform"]["authentic"] is True
    certs.use_certificate(clerk, draft.uuid, 2, "EC-HR-0001")

    decision = intake.accept(clerk, draft.uuid)
    text = receipt_text(ctx, decision.uuid)
    assert "电子证照调用：居民身份证（EC-ID-0001）" in text
    assert "电子证照调用：居民户口簿（EC-HR-0001）" in text
    assert ZHANG not in text
    assert [f for f in run_checks(ctx.config.db_path) if not f.ok] == []


def test_offline_lookup_shows_the_cache_with_its_date_until_it_expires(world):
    ctx, central, clerk, intake, certs = world
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    certs.lookup_for_application(clerk, draft.uuid)
    with ctx.db.session() as s:
        cached = s.scalars(select(CertificateCache)).all()
        assert cached and all(ZHANG not in (r.holder_key + r.number) for r in cached)
    central.stop()

    ctx.clock.at += dt.timedelta(hours=3)
    result = certs.lookup_for_application(clerk, draft.uuid)
    assert result.source == "cache" and "缓存于 2026-09-30 02:00" in result.message
    assert result.available_seqs == (1, 2)
    used = certs.use_certificate(clerk, draft.uuid, 2, "EC-HR-0001")
    assert used.state == "certificate"
    assert [a.mime for a in used.attachments] == ["application/json"]  # no file offline, only the record

    ctx.clock.at += dt.timedelta(days=ctx.config.certificates.cache_days)
    stale = certs.lookup_for_application(clerk, draft.uuid)
    assert stale.source == "cache" and stale.offered == () and "请收取纸质材料" in stale.message


def test_certificates_past_their_date_or_revoked_are_not_offered_nor_usable(world):
    ctx, central, clerk, intake, certs = world
    draft = intake.start_draft(clerk, "M-CERT", person(LI, "李秀兰"))
    result = certs.lookup_for_application(clerk, draft.uuid)
    assert result.available_seqs == (1,)  # the household register's date has passed
    with pytest.raises(CertificateError, match="过期"):
        certs.use_certificate(clerk, draft.uuid, 2, "EC-HR-0002")
    other = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    with pytest.raises(CertificateError, match="已注销"):
        certs.use_certificate(clerk, other.uuid, 3, "EC-MC-0001")
    assert intake.get_application(other.uuid).materials[2].state == "pending"


def test_a_certificate_of_another_holder_is_refused_and_nothing_applied(world):
    ctx, central, clerk, intake, certs = world
    central.admin_post("/admin/certificates", {"listed_under": ZHANG, "item": {
        "id": "EC-ID-WRONG", "type": "ID_CARD", "name": "居民身份证", "number": WANG, "holder_type": "person",
        "holder_id": WANG, "issuer": "兰州市公安局", "issued_on": "2018-03-15", "valid_until": None,
        "status": "valid"}})
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    result = certs.lookup_for_application(clerk, draft.uuid)
    assert result.offered == () and any("不属于本办件申请人" in r for r in result.rejected)
    assert not any(m.certificate_available for m in intake.get_application(draft.uuid).materials)
    with pytest.raises(CertificateError, match="不属于本办件申请人"):
        certs.use_certificate(clerk, draft.uuid, 1, "EC-ID-WRONG")


def test_a_file_whose_hash_does_not_match_is_refused(world):
    ctx, central, clerk, intake, certs = world
    central.admin_post("/admin/certificates", {"sha256": "ab" * 32, "item": {
        "id": "EC-RE-TAMPERED", "type": "HOUSEHOLD_REGISTER", "name": "居民户口簿", "number": "HK-1",
        "holder_type": "person", "holder_id": ZHANG, "issuer": "兰州市公安局", "issued_on": "2011-01-01",
        "valid_until": None, "status": "valid"}})
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    with pytest.raises(CertificateError, match="校验值不一致"):
        certs.use_certificate(clerk, draft.uuid, 2, "EC-RE-TAMPERED")
    row = intake.get_application(draft.uuid).materials[1]
    assert row.state == "pending" and row.attachments == () and row.certificate_ref is None


def test_unknown_type_and_malformed_date_are_refused_item_by_item(world):
    ctx, central, clerk, intake, certs = world
    base = {"holder_type": "person", "holder_id": ZHANG, "issuer": "某机关", "issued_on": "2020-01-01",
            "status": "valid", "number": "X-1", "name": "证照"}
    central.admin_post("/admin/certificates", {"item": {**base, "id": "EC-BAD-TYPE", "type": "SPACESHIP_LICENSE"}})
    central.admin_post("/admin/certificates", {"item": {**base, "id": "EC-BAD-DATE", "type": "ID_CARD",
                                                        "valid_until": "2030-02-30"}})
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    result = certs.lookup_for_application(clerk, draft.uuid)
    assert result.rejected == ("电子证照 EC-BAD-DATE 的有效期“2030-02-30”不是有效日期，已拒绝使用该证照",)
    assert result.available_seqs == (1, 2)  # the good certificates are still offered
    with pytest.raises(CertificateError, match="SPACESHIP_LICENSE.*本系统不认识"):
        certs.use_certificate(clerk, draft.uuid, 1, "EC-BAD-TYPE")
    assert intake.get_application(draft.uuid).materials[0].state == "pending"


def test_lookups_are_audited_with_masked_holder_and_refused_without_an_open_application(world):
    ctx, central, clerk, intake, certs = world
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    certs.lookup_for_application(clerk, draft.uuid, purpose="户口迁移受理")
    certs.use_certificate(clerk, draft.uuid, 1, "EC-ID-0001")
    certs.use_certificate(clerk, draft.uuid, 2, "EC-HR-0001")
    intake.accept(clerk, draft.uuid)
    with pytest.raises(CertificateError, match="只能为正在受理"):
        certs.lookup_for_application(clerk, draft.uuid)
    rows = audit_rows(ctx)
    assert [r.action for r in rows] == ["certificate.lookup", "certificate.use", "certificate.use",
                                        "certificate.lookup.refused"]
    assert all(r.actor == "clerk1" for r in rows)
    first = json.loads(rows[0].detail)
    assert first["purpose"] == "户口迁移受理" and first["holder"] == "6201**********0419"
    with ctx.db.session() as s:
        assert not any(ZHANG in (e.detail + e.target) for e in s.scalars(select(AuditEvent)))


def test_a_failing_or_slow_platform_never_blocks_intake(world, enrolled):
    ctx, central, clerk, intake, certs = world
    central.set_faults("5xx=1")
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    result = certs.lookup_for_application(clerk, draft.uuid)
    assert result.source == "cache" and result.offered == () and "纸质材料" in result.message
    central.set_faults("latency=3000-3000ms")
    started = time.monotonic()
    slow = background_lookup(ctx, clerk, draft.uuid, token_store=enrolled._token_store, timeout=0.3)
    assert slow.source == "cache" and time.monotonic() - started < 2.5
    intake.set_material(draft.uuid, 1, "provided")
    intake.set_material(draft.uuid, 2, "provided")
    assert intake.accept(clerk, draft.uuid).acceptance_no


def test_background_lookup_reports_refusals_and_works_unenrolled_from_the_cache(world, enrolled):
    ctx, central, clerk, intake, certs = world
    draft = intake.start_draft(clerk, "M-CERT", person(ZHANG))
    online = background_lookup(ctx, clerk, draft.uuid, token_store=enrolled._token_store)
    assert online.source == "server" and online.available_seqs == (1, 2)
    unenrolled = background_lookup(ctx, clerk, draft.uuid, token_store=MemoryTokenStore())
    assert unenrolled.source == "cache" and unenrolled.available_seqs == (1, 2)
    nobody = intake.start_draft(clerk, "M-CERT", {"applicant": None, "agent": None})
    refused = background_lookup(ctx, clerk, nobody.uuid, token_store=enrolled._token_store)
    assert refused.source == "none" and "请先录入申请人" in refused.message
