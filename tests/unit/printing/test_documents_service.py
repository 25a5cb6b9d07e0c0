"""Mapping stored cases to documents: state rules, lookups, masking, and recorded (re)prints."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.services.accounts.auth import CurrentUser
from desktop.services.papers.content import DocumentError, DocumentService
from desktop.services.papers.records import PrintRecords
from desktop.store.models import Application, AuditEvent, PrintedDocument
from printing.documents import DocumentKind
from tests.unit.printing.conftest import FULL_ID, add_case, flat, pdf_pages

CLERK = CurrentUser(id=1, username="clerk1", display_name="王五", role="clerk")


def test_accepted_case_offers_receipt_slip_undertaking_and_materials_receipt(ctx):
    app_id = add_case(ctx)
    kinds = DocumentService(ctx).applicable(app_id)
    assert kinds == (DocumentKind.RECEIPT, DocumentKind.RECEIPT_SLIP, DocumentKind.DEFERRAL_UNDERTAKING,
                     DocumentKind.MATERIALS_RECEIPT)
    assert DocumentService(ctx).after_decision(app_id) == (DocumentKind.RECEIPT, DocumentKind.DEFERRAL_UNDERTAKING)


def test_receipt_is_refused_for_a_rejected_case_naming_what_can_be_printed(ctx):
    app_id = add_case(ctx, status="rejected")
    with pytest.raises(DocumentError, match="不予受理.*不能打印《受理通知书》.*rejection-notice"):
        DocumentService(ctx).build(app_id, DocumentKind.RECEIPT)


def test_undertaking_is_refused_when_nothing_was_deferred(ctx):
    app_id = add_case(ctx, deferred=False)
    with pytest.raises(DocumentError, match="没有容缺受理的材料"):
        DocumentService(ctx).build(app_id, DocumentKind.DEFERRAL_UNDERTAKING)


def test_receipt_built_from_the_database_masks_the_id_and_counts_scanned_pages(ctx):
    app_id = add_case(ctx)
    prepared = PrintRecords(ctx).prepare(app_id, DocumentKind.RECEIPT)
    text = flat("".join(pdf_pages(prepared.rendered.pdf)))
    assert "620100-W03-20261125-0007" in text
    assert "6201**********123X" in text and FULL_ID not in text
    assert "138****5678" in text and "13812345678" not in text
    assert "已收取（3页扫描件）" in text
    assert "容缺受理，须于2026年12月9日前补交" in text
    assert "电子证照调用：DZZZ-620100-0001" in text
    assert "2026年12月16日" in text and "王五" in text


def test_supplement_notice_gets_a_notice_number_findable_again(ctx):
    app_id = add_case(ctx, status="supplement_requested")
    records = PrintRecords(ctx)
    prepared = records.prepare(app_id, DocumentKind.SUPPLEMENT_NOTICE)
    text = flat("".join(pdf_pages(prepared.rendered.pdf)))
    number = prepared.case.label
    with ctx.db.session() as s:
        uuid = s.get(Application, app_id).uuid
    assert prepared.issue.document_no == "示例政务补告〔2026〕第0001号"  # the hall's rule, numbered at issue
    assert prepared.issue.document_no in text
    assert "排水水质检测报告" in text and "近三个月内有效" in text and "请于2026年12月2日前" in text
    service = DocumentService(ctx)
    assert service.find(prepared.issue.document_no).id == app_id
    assert service.find("BZ-" + uuid.replace("-", "")[:12].upper()).id == app_id  # older notices' numbers
    assert service.find(uuid).id == app_id
    assert service.find(uuid[:8]).id == app_id
    assert number == uuid.replace("-", "")[:12].upper()


def test_lookup_by_acceptance_and_official_number_and_unknown_reference(ctx):
    app_id = add_case(ctx)
    with ctx.db.transaction() as s:
        s.get(Application, app_id).official_no = "620100-2026-000123"
    service = DocumentService(ctx)
    assert service.find("620100-W03-20261125-0007").id == app_id
    assert service.find("620100-2026-000123").id == app_id
    with pytest.raises(DocumentError, match="找不到编号为“nope-1”的申请"):
        service.find("nope-1")


def test_first_print_is_recorded_with_an_audit_event(ctx):
    app_id = add_case(ctx)
    records = PrintRecords(ctx)
    prepared = records.prepare(app_id, DocumentKind.RECEIPT)
    assert not prepared.is_reprint
    row = records.record(prepared, actor=CLERK, printer="HP LaserJet", outcome="printed")
    assert row.reprint_of is None and row.pages == prepared.rendered.pages and len(row.pdf_sha256) == 64
    with ctx.db.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "document.print")).one()
        assert "receipt" in event.detail and event.actor == "clerk1"


@pytest.mark.usefixtures("pc_time_zone")
def test_reprint_is_marked_and_keeps_original_time(ctx):
    app_id = add_case(ctx)
    ctx.clock = lambda: dt.datetime(2026, 11, 25, 1, 31)
    records = PrintRecords(ctx)
    first = records.record(records.prepare(app_id, "receipt"), actor=CLERK, printer="A4")
    ctx.clock = lambda: dt.datetime(2026, 11, 25, 3, 0)
    again = records.prepare(app_id, "receipt")
    assert again.is_reprint and again.original.id == first.id
    text = flat("".join(pdf_pages(again.rendered.pdf)))
    assert "补打（原打印时间：2026年11月25日09:31）" in text  # the hall's clock, whatever the PC's zone
    second = records.record(again, actor=CLERK, printer="A4")
    assert second.reprint_of == first.id
    with ctx.db.session() as s:
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("document.%"))).all() == [
            "document.issue", "document.print", "document.reprint"]


def test_the_80mm_slip_printed_after_the_a4_receipt_is_an_original_of_the_same_paper(ctx):
    app_id = add_case(ctx)
    records = PrintRecords(ctx)
    receipt = records.prepare(app_id, "receipt")
    records.record(receipt, actor=CLERK, printer="A4")
    slip = records.prepare(app_id, "receipt-slip")
    assert not slip.is_reprint and "补打" not in flat("".join(pdf_pages(slip.rendered.pdf)))
    assert slip.issue.id == receipt.issue.id  # one paper, one number, on two kinds of paper
    assert slip.issue.document_no in flat("".join(pdf_pages(slip.rendered.pdf)))
    records.record(slip, actor=CLERK, printer="Thermal")
    assert records.prepare(app_id, "receipt-slip").is_reprint


def test_a_failed_print_records_nothing_and_the_next_print_is_not_a_reprint(ctx):
    app_id = add_case(ctx)
    records = PrintRecords(ctx)
    records.prepare(app_id, "receipt")  # rendered, then the printer failed: record() is never called
    assert records.history(app_id) == []
    assert not records.prepare(app_id, "receipt").is_reprint


def test_saved_pdf_goes_to_the_data_dir_and_is_recorded_as_saved(ctx):
    app_id = add_case(ctx)
    records = PrintRecords(ctx)
    prepared = records.prepare(app_id, "receipt")
    path = records.save_pdf(prepared)
    assert path.is_relative_to(ctx.config.data_dir / "printed") and path.read_bytes() == prepared.rendered.pdf
    row = records.record(prepared, actor=CLERK, printer=f"PDF: {path}", outcome="saved_pdf")
    with ctx.db.session() as s:
        assert s.get(PrintedDocument, row.id).outcome == "saved_pdf"


def test_db_check_accepts_recorded_reprints_and_flags_a_broken_link(ctx):
    from desktop.services.maintenance.db_check import run_checks

    app_id = add_case(ctx)
    records = PrintRecords(ctx)
    first = records.record(records.prepare(app_id, "receipt"), actor=CLERK, printer="A4")
    second = records.record(records.prepare(app_id, "receipt"), actor=CLERK, printer="A4")
    names = {"reprints point to an earlier print of the same case", "printed documents record a known outcome"}
    assert all(f.ok for f in run_checks(ctx.config.db_path) if f.name in names)
    with ctx.db.transaction() as s:
        row = s.get(PrintedDocument, first.id)
        row.reprint_of, row.outcome = second.id, "jammed"  # a link forward in time, an unknown outcome
    assert not any(f.ok for f in run_checks(ctx.config.db_path) if f.name in names)
