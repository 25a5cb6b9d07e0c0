"""Papers are frozen at issue: a reprint is the original, and nothing later changes what a case said.

Cases go through the real intake service; papers through the real print records, rendered to PDF
and read back as text.
"""
from __future__ import annotations

import datetime as dt
import json
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from desktop.services.accounts.auth import CurrentUser
from desktop.services.intake.applicants import PartyData
from desktop.services.intake.corrections import CorrectionRefused
from desktop.services.intake.service import IntakeService
from desktop.services.papers.records import PrintRecords
from desktop.services.papers.verify import PaperVerifier
from desktop.store import migrate
from desktop.store.models import ApplicationEvent, AuditEvent, IssuedDocument, Outbox, User
from printing.documents import DocumentKind
from tests.unit.intake.conftest import PERSON_ID, Clock, add_matter, person_form, provide_all
from tests.unit.printing.conftest import pdf_pages

REPRINT_BANNER = "补打（原打印时间："


@pytest.fixture
def intake(ctx):
    ctx.clock = Clock(dt.datetime(2026, 11, 25, 2, 0))  # 10:00 in the hall
    add_matter(ctx, "M-LIC", promised_days=5)
    return IntakeService(ctx)


@pytest.fixture
def clerk(ctx) -> CurrentUser:
    with ctx.db.transaction() as s:
        user = User(username="clerk1", display_name="王小丽", role="clerk", password_hash="x")
        s.add(user)
        s.flush()
        return CurrentUser(user.id, user.username, user.display_name, user.role)


def _accept(intake, clerk, form=None) -> str:
    view = intake.start_draft(clerk, "M-LIC", form or person_form())
    provide_all(intake, view.uuid)
    return intake.accept(clerk, view.uuid).uuid


def _text(prepared) -> list[str]:
    return pdf_pages(prepared.rendered.pdf)


def _without_banner(pages: list[str]) -> list[str]:
    return ["\n".join(line for line in page.splitlines() if REPRINT_BANNER not in line) for page in pages]


def _payloads(ctx, uuid: str) -> list[str]:
    with ctx.db.session() as s:
        return list(s.scalars(select(Outbox.payload).where(Outbox.entity_uuid == uuid).order_by(Outbox.version)))


def test_reprint_reproduces_the_original_paper(ctx, intake, clerk):
    uuid = _accept(intake, clerk)
    records = PrintRecords(ctx)
    original = records.prepare(uuid, "receipt", actor=clerk)
    records.record(original, actor=clerk, printer="A4")
    # Everything a re-render from live rows would pick up changes: the person's next case, the
    # hall's settings, the clerk's display name, the matter in the catalog.
    ctx.clock.at = dt.datetime(2026, 12, 3, 3, 0)
    _accept(intake, clerk, person_form(applicant={"kind": "person", "name": "张三丰", "id_number": PERSON_ID,
                                                  "phone": "13900000000", "address": "新地址"}))
    ctx.config = ctx.config.replace("hall", phone="0931-0000000", name="新中心")
    with ctx.db.transaction() as s:
        s.scalars(select(User).where(User.username == "clerk1")).one().display_name = "改名了"
    reprint = PrintRecords(ctx).prepare(uuid, "receipt", actor=clerk)
    assert reprint.is_reprint and reprint.issue.id == original.issue.id
    before, after = _text(original), _text(reprint)
    assert all(REPRINT_BANNER not in page for page in before)
    assert REPRINT_BANNER + "2026年11月25日10:00）" in after[0].replace(" ", "")
    assert _without_banner(after) == before  # byte for byte, apart from the 补打 line
    assert "张三" in before[0] and "张三丰" not in before[0] and "0931-12345" in before[0]


def test_a_later_case_of_the_same_person_leaves_an_earlier_cases_papers_and_queued_payload_unchanged(
        ctx, intake, clerk):
    first = _accept(intake, clerk)
    records = PrintRecords(ctx)
    paper = records.prepare(first, "receipt", actor=clerk)
    records.record(paper, actor=clerk, printer="A4")
    queued = _payloads(ctx, first)
    later = _accept(intake, clerk, person_form(applicant={"kind": "person", "name": "张三丰", "id_number": PERSON_ID,
                                                          "phone": "13900000000", "address": "七里河区"}))
    assert _payloads(ctx, first) == queued  # no new version, nothing rewritten
    assert json.loads(queued[-1])["applicant"]["name"] == "张三"
    assert json.loads(_payloads(ctx, later)[-1])["applicant"]["name"] == "张三丰"
    earlier = intake.get_application(first)
    assert (earlier.applicant.name, earlier.applicant.phone) == ("张三", "13812345678")
    assert _without_banner(_text(records.prepare(first, "receipt", actor=clerk))) == _text(paper)
    # A paper issued only now for the earlier case still shows what that case recorded.
    materials = "".join(_text(records.prepare(first, "materials-receipt", actor=clerk)))
    assert "张三" in materials and "张三丰" not in materials
    # The shared record pre-fills the person's next case with the latest details.
    assert intake.find_open_cases(PERSON_ID) == []
    from desktop.services.intake.applicants import ApplicantService

    assert ApplicantService(ctx).find_by_id_number(PERSON_ID).party.name == "张三丰"


def test_a_correction_queues_a_new_version_with_an_event_and_an_audit_row(ctx, intake, clerk):
    uuid = _accept(intake, clerk)
    records = PrintRecords(ctx)
    paper = records.prepare(uuid, "receipt", actor=clerk)
    records.record(paper, actor=clerk, printer="A4")
    fixed = PartyData(kind="person", name="张三", id_number=PERSON_ID, phone="13987654321", address="兰州市城关区")
    correction = intake.correct(clerk, uuid, applicant=fixed, reason="申请人告知电话号码有误")
    assert (correction.base_version, correction.version) == (1, 2)
    assert correction.changed == ("申请人联系电话",)
    payloads = [json.loads(p) for p in _payloads(ctx, uuid)]
    assert [p["version"] for p in payloads] == [1, 2]
    assert payloads[0]["applicant"]["phone"] == "13812345678"  # the queued version stays frozen
    assert payloads[1]["applicant"]["phone"] == "13987654321"
    with ctx.db.session() as s:
        event = s.scalars(select(ApplicationEvent).where(ApplicationEvent.kind == "corrected")).one()
        assert event.from_status == event.to_status == "accepted" and event.user_id == clerk.id
        detail = json.loads(event.detail)
        assert detail["changes"] == {"applicant.phone": ["138****5678", "139****4321"]}
        assert (detail["base_version"], detail["version"], detail["reason"]) == (1, 2, "申请人告知电话号码有误")
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.action == "application.correct")).one()
    # The issued paper is what the citizen holds: a reprint still shows it; a reissue shows the correction.
    assert _without_banner(_text(records.prepare(uuid, "receipt", actor=clerk))) == _text(paper)
    reissued = records.prepare(uuid, "receipt", actor=clerk, reissue=True)
    assert not reissued.is_reprint and reissued.issue.document_no != paper.issue.document_no
    assert "139****4321" in "".join(_text(reissued))


def test_a_correction_needs_a_reason_and_a_real_change_and_a_decided_case(ctx, intake, clerk):
    uuid = _accept(intake, clerk)
    same = PartyData(kind="person", name="张三", id_number=PERSON_ID, phone="13812345678", address="兰州市城关区")
    with pytest.raises(CorrectionRefused, match="原因"):
        intake.correct(clerk, uuid, applicant=same, reason=" ")
    with pytest.raises(CorrectionRefused, match="无需更正"):
        intake.correct(clerk, uuid, applicant=same, reason="核对")
    draft = intake.start_draft(clerk, "M-LIC", person_form())
    with pytest.raises(CorrectionRefused, match="受理页修改"):
        intake.correct(clerk, draft.uuid, applicant=same, reason="核对")
    assert len(_payloads(ctx, uuid)) == 1


def test_document_numbers_follow_the_hall_rule_per_family_and_year_and_survive_a_restore(
        ctx, config, intake, clerk, tmp_path):
    records = PrintRecords(ctx)
    numbers = [records.prepare(_accept(intake, clerk), "receipt").issue.document_no for _ in range(2)]
    assert numbers == ["示例政务受〔2026〕第0001号", "示例政务受〔2026〕第0002号"]
    backup = migrate.backup_database(config.db_path, tmp_path / "before.sqlite3")
    assert records.prepare(_accept(intake, clerk), "receipt").issue.document_no.endswith("第0003号")
    ctx.close()
    migrate.restore_database(backup, config.db_path)
    from desktop.services.context import AppContext

    restored = AppContext.open(config, clock=Clock(dt.datetime(2026, 11, 25, 3, 0)))
    try:
        again = PrintRecords(restored).prepare(_accept(IntakeService(restored), clerk), "receipt")
    finally:
        restored.close()
    assert again.issue.document_no.endswith("第0004号")  # 0003 is on a citizen's paper already
    ctx.clock.at = dt.datetime(2027, 1, 4, 2, 0)


def test_every_paper_carries_a_qr_that_checks_it_against_the_record(ctx, intake, clerk):
    uuid = _accept(intake, clerk)
    records = PrintRecords(ctx)
    verifier = PaperVerifier(ctx)
    for kind in (DocumentKind.RECEIPT, DocumentKind.MATERIALS_RECEIPT):
        prepared = records.prepare(uuid, kind, actor=clerk)
        with ctx.db.session() as s:
            row = s.get(IssuedDocument, prepared.issue.id)
            payload = json.loads(row.content)["issue"]["verify_payload"]
        assert prepared.issue.document_no in unquote(payload) and prepared.issue.verify_code in payload
        assert prepared.issue.verify_code in "".join(_text(prepared)).replace(" ", "")
        assert verifier.verify(payload).ok
        assert verifier.verify(prepared.issue.document_no, prepared.issue.verify_code).ok
    forged = payload.replace(prepared.issue.verify_code, "0123456789")
    result = verifier.verify(forged)
    assert result.outcome == "altered" and "核验码与登记不一致" in result.message
    assert verifier.verify("示例政务受〔2026〕第9999号", "0123456789").outcome == "unknown"
    with ctx.db.transaction() as s:  # someone edits the stored paper behind the app's back
        row = s.get(IssuedDocument, prepared.issue.id)
        row.content = row.content.replace("王小丽", "某某某")
    assert verifier.verify(payload).outcome == "damaged"
    from desktop.services.maintenance.db_check import run_checks

    check = next(f for f in run_checks(ctx.config.db_path) if f.name.startswith("issued papers still say"))
    assert not check.ok and f"issued_document {prepared.issue.id}" in check.detail


def test_the_seal_area_names_the_issuing_body_and_dates_the_paper_in_chinese_numerals(ctx, intake, clerk):
    uuid = _accept(intake, clerk)
    text = "".join(_text(PrintRecords(ctx).prepare(uuid, "receipt"))).replace(" ", "")
    assert "示例市政务服务中心（盖章）" in text and "二〇二六年十一月二十五日" in text
    assert "《中华人民共和国行政许可法》第三十二条第一款第（五）项" in text  # the matter is a licence


def test_a_matter_decided_by_its_department_names_the_department_on_the_rejection(ctx, intake, clerk):
    with ctx.db.transaction() as s:
        from desktop.store.models import Matter

        s.scalars(select(Matter).where(Matter.code == "M-LIC")).one().decided_by = "department"
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.reject(clerk, view.uuid, "不属于本机关职权范围")
    text = "".join(_text(PrintRecords(ctx).prepare(view.uuid, "rejection-notice"))).replace(" ", "")
    assert "市场监管局决定不予受理" in text and "作出决定的机关：市场监管局" in text
    assert "市场监管局（盖章）" in text


def test_the_supplement_notice_says_what_happens_if_nothing_is_supplied_in_time(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.request_supplement(clerk, view.uuid)
    text = "".join(_text(PrintRecords(ctx).prepare(view.uuid, "supplement-notice"))).replace(" ", "")
    assert "逾期后果：申请人逾期未补正且未说明正当理由的，视为放弃本次申请" in text
    assert "示例政务补告〔2026〕第0001号" in text


def test_a_paper_printed_before_papers_were_frozen_is_frozen_from_the_case_on_its_first_reprint(tmp_path):
    import sqlite3

    from desktop.config import load_config
    from desktop.services.context import AppContext
    from tests.unit.store.test_migrations import _populate_0002, _upgrade_to

    data = tmp_path / "data"
    data.mkdir()
    config = load_config(data_dir=data, search_default_provisioning=False)
    _upgrade_to(config.db_path, "0004")
    conn = sqlite3.connect(config.db_path)
    _populate_0002(conn)
    conn.commit()
    conn.close()
    ctx = AppContext.open(config)  # upgrades, giving the old prints an issue without content
    try:
        reprint = PrintRecords(ctx).prepare("620100-W01-20261120-0001", "receipt")
        with ctx.db.session() as s:
            row = s.get(IssuedDocument, reprint.issue.id)
            assert row.reconstructed and row.content and row.document_no == "620100-W01-20261120-0001"
        text = "".join(_text(reprint)).replace(" ", "")
        assert reprint.is_reprint and "补打（原打印时间：2026年11月20日10:00）" in text and "张三" in text
        assert _without_banner(_text(PrintRecords(ctx).prepare(reprint.case.id, "receipt"))) == _without_banner(
            _text(reprint))  # frozen from now on
    finally:
        ctx.close()
