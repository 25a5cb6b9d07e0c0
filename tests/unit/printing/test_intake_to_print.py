"""End to end with the real intake service: accept or ask for supplement, then print what the citizen gets."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.accounts.auth import CurrentUser
from desktop.services.intake.service import IntakeService
from desktop.services.papers.content import DocumentService
from desktop.services.papers.records import PrintRecords
from desktop.store.models import User
from printing.documents import DocumentKind
from tests.unit.intake.conftest import PERSON_ID, Clock, add_matter, person_form
from tests.unit.printing.conftest import flat, pdf_pages

pytestmark = pytest.mark.usefixtures("pc_time_zone")  # business dates must not follow the PC's zone


@pytest.fixture
def intake(ctx):
    ctx.clock = Clock(dt.datetime(2026, 9, 30, 2, 0))
    add_matter(ctx, "M-LIC", promised_days=5)
    return IntakeService(ctx)


@pytest.fixture
def clerk(ctx) -> CurrentUser:
    with ctx.db.transaction() as s:
        user = User(username="clerk1", display_name="王小丽", role="clerk", password_hash="x")
        s.add(user)
        s.flush()
        return CurrentUser(user.id, user.username, user.display_name, user.role)


def text(prepared) -> str:
    return flat("".join(pdf_pages(prepared.rendered.pdf)))


def test_accepted_case_prints_receipt_and_undertaking_with_what_intake_recorded(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.set_material(view.uuid, 1, "provided")
    intake.set_material(view.uuid, 2, "certificate", certificate_ref="BL-620100-0001")
    intake.set_material(view.uuid, 3, "deferred", deferred_until=intake.latest_deferral_date(view.uuid))
    decision = intake.accept(clerk, view.uuid)
    assert DocumentService(ctx).after_decision(decision.uuid) == (DocumentKind.RECEIPT,
                                                                 DocumentKind.DEFERRAL_UNDERTAKING)
    records = PrintRecords(ctx)
    receipt = text(records.prepare(decision.uuid, "receipt"))
    assert decision.acceptance_no in receipt
    due = decision.due_date
    assert f"{due.year}年{due.month}月{due.day}日" in receipt
    assert PERSON_ID not in receipt and PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:] in receipt
    assert "电子证照调用：BL-620100-0001" in receipt and "容缺受理，须于" in receipt
    undertaking = text(records.prepare(decision.acceptance_no, "deferral-undertaking"))
    assert "房屋租赁合同" in undertaking


def test_supplement_request_prints_every_missing_material(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.set_material(view.uuid, 1, "provided")
    decision = intake.request_supplement(clerk, view.uuid, note="租赁合同需双方签字")
    notice = text(PrintRecords(ctx).prepare(decision.uuid, "supplement-notice"))
    for missing in decision.missing:
        assert flat(missing.name) in notice
    assert "租赁合同需双方签字" in notice
    due = decision.supplement_due
    assert f"请于{due.year}年{due.month}月{due.day}日前" in notice
    with pytest.raises(Exception, match="不能打印《受理通知书》"):
        PrintRecords(ctx).prepare(decision.uuid, "receipt")
