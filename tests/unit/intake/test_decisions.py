"""The decisions at the counter: accept, complete immediately, reject — and what they refuse."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select

from desktop.domain.checklist import ChecklistError
from desktop.domain.lifecycle import IllegalTransition
from desktop.services.intake.errors import DecisionRefused
from desktop.store.models import Applicant, Application, ApplicationEvent, AuditEvent, Outbox
from tests.unit.intake.conftest import AGENT_ID, ORG_CODE, PERSON_ID, person_form, provide_all

pytestmark = pytest.mark.usefixtures("pc_time_zone")  # business dates must not follow the PC's zone

PAYLOAD_KEYS = {"uuid", "version", "acceptance_no", "matter_code", "matter_version", "matter_name", "window_id",
                "region_code", "status", "created_at", "accepted_at", "decided_at", "due_date", "clerk",
                "applicant", "agent", "materials", "rejection_reason", "supplement_note",
                "case_events"}  # the hall's events of this change ride with the snapshot (issue 15)


def test_accept_writes_number_due_date_outbox_row_and_audit_event(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form(agent={"kind": "person", "name": "李四",
                                                                  "id_number": AGENT_ID}))
    provide_all(intake, view.uuid)
    decision = intake.accept(clerk, view.uuid)
    # Accepted Wednesday 2026-09-30, 5 working days: 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13.
    assert decision.acceptance_no == "620100-W01-20260930-0001"
    assert decision.due_date == dt.date(2026, 10, 13) and decision.status == "accepted"
    with ctx.db.session() as s:
        app = s.execute(select(Application).where(Application.uuid == view.uuid)).scalar()
        assert app.sync_state == "pending" and app.local_version == 1 and app.draft_json == ""
        assert app.accepted_at == ctx.now() and app.applicant.id_number == PERSON_ID
        assert app.agent.name == "李四"
        box = s.execute(select(Outbox)).scalar_one()
        assert box.idempotency_key == f"{view.uuid}:1" and box.state == "pending"
        assert box.payload_sha256 == hashlib.sha256(box.payload.encode("utf-8")).hexdigest()
        payload = json.loads(box.payload)
        assert set(payload) == PAYLOAD_KEYS
        assert payload["due_date"] == "2026-10-13" and payload["clerk"] == "clerk1"
        assert payload["accepted_at"] == "2026-09-30T02:00:00Z" and payload["region_code"] == "620100"
        assert payload["applicant"]["id_number"] == PERSON_ID and payload["agent"]["name"] == "李四"
        assert payload["materials"][0] == {"seq": 1, "name": "居民身份证", "required": True, "state": "provided",
                                           "provided_form": "original", "provided_copies": 1,
                                           "deferred_until": None, "certificate_ref": None, "attachments": []}
        event = s.execute(select(ApplicationEvent)).scalar_one()
        assert (event.from_status, event.to_status, event.user_id) == ("draft", "accepted", clerk.id)
        audit_row = s.execute(select(AuditEvent).where(AuditEvent.action == "application.accept")).scalar_one()
        assert audit_row.target == decision.acceptance_no and PERSON_ID not in audit_row.detail
    shown = intake.get_application(view.uuid)
    assert shown.applicant.id_number == PERSON_ID and PERSON_ID not in repr(shown)
    assert [e.to_status for e in shown.events] == ["accepted"] and shown.events[0].user == "clerk1"


def test_numbers_count_up_per_window_and_day(intake, clerk, clock):
    numbers = []
    for day in (dt.date(2026, 11, 25), dt.date(2026, 11, 25), dt.date(2026, 11, 26)):
        clock.set_day(day)
        view = intake.start_draft(clerk, "M-LIC", person_form())
        provide_all(intake, view.uuid)
        numbers.append(intake.accept(clerk, view.uuid).acceptance_no)
    assert numbers == ["620100-W01-20261125-0001", "620100-W01-20261125-0002", "620100-W01-20261126-0001"]


def test_invalid_id_refuses_acceptance_with_the_reason_and_the_draft_keeps_it(ctx, intake, clerk):
    typo = PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")
    view = intake.start_draft(clerk, "M-LIC", person_form(typo))
    provide_all(intake, view.uuid)
    with pytest.raises(DecisionRefused, match="第18位校验码应为") as err:
        intake.accept(clerk, view.uuid)
    assert any("申请人公民身份号码" in p for p in err.value.problems)
    after = intake.get_application(view.uuid)
    assert after.status == "draft" and after.acceptance_no is None
    assert after.form_state["applicant"]["id_number"] == typo
    with ctx.db.session() as s:
        assert s.execute(select(Outbox)).first() is None and s.execute(select(Applicant)).first() is None


def test_organisation_applicant_is_checked_with_the_credit_code(intake, clerk):
    form = {"applicant": {"kind": "org", "name": "某某科技有限公司", "id_number": ORG_CODE, "legal_rep": "赵六"}}
    view = intake.start_draft(clerk, "M-LIC", form)
    provide_all(intake, view.uuid)
    assert intake.accept(clerk, view.uuid).status == "accepted"
    bad = intake.start_draft(clerk, "M-LIC", {"applicant": {**form["applicant"], "id_number": "11440232MB2D06811X"}})
    provide_all(intake, bad.uuid)
    with pytest.raises(DecisionRefused, match="第18位校验码应为W"):
        intake.accept(clerk, bad.uuid)


def test_missing_required_material_blocks_acceptance_and_names_it(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.set_material(view.uuid, 1, "provided")
    assert "缺少必要材料“营业执照”" in intake.acceptance_problems(view.uuid)
    with pytest.raises(DecisionRefused) as err:
        intake.accept(clerk, view.uuid)
    assert err.value.problems == ["缺少必要材料“营业执照”", "缺少必要材料“房屋租赁合同”"]


def test_certificate_and_deferral_satisfy_their_rows(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.set_material(view.uuid, 1, "provided")
    intake.set_material(view.uuid, 2, "certificate", certificate_ref="BL-620100-0001")
    latest = intake.latest_deferral_date(view.uuid)
    assert latest == dt.date(2026, 10, 13)
    intake.set_material(view.uuid, 3, "deferred", deferred_until=latest)
    assert intake.acceptance_problems(view.uuid) == []
    decision = intake.accept(clerk, view.uuid)
    assert [m.state for m in intake.get_application(decision.uuid).deferred_materials] == ["deferred"]


def test_deferral_beyond_the_promised_limit_is_refused(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    with pytest.raises(ChecklistError, match="不得晚于 2026-10-13"):
        intake.set_material(view.uuid, 3, "deferred", deferred_until=dt.date(2026, 10, 14))
    with pytest.raises(ChecklistError, match="不允许容缺"):
        intake.set_material(view.uuid, 1, "deferred", deferred_until=dt.date(2026, 10, 8))
    with pytest.raises(ChecklistError, match="没有可替代的电子证照"):
        intake.set_material(view.uuid, 1, "certificate")
    assert intake.get_application(view.uuid).materials[2].state == "pending"


def test_reject_needs_a_reason_and_records_it(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    for reason in ("", "   "):
        with pytest.raises(DecisionRefused, match="必须填写理由"):
            intake.reject(clerk, view.uuid, reason)
    decision = intake.reject(clerk, view.uuid, "申请事项不属于本机关职权范围")
    assert decision.status == "rejected" and decision.acceptance_no.endswith("-0001")
    shown = intake.get_application(view.uuid)
    assert shown.rejection_reason == "申请事项不属于本机关职权范围" and shown.events[-1].note == shown.rejection_reason
    with ctx.db.session() as s:
        payload = json.loads(s.execute(select(Outbox.payload)).scalar_one())
    assert payload["status"] == "rejected" and payload["rejection_reason"] == "申请事项不属于本机关职权范围"


def test_immediate_items_complete_at_the_window(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-NOW", person_form())
    provide_all(intake, view.uuid)
    decision = intake.complete_immediately(clerk, view.uuid)
    assert decision.status == "completed" and decision.due_date == dt.date(2026, 9, 30)
    shown = intake.get_application(view.uuid)
    assert [(e.from_status, e.to_status) for e in shown.events] == [("draft", "accepted"), ("accepted", "completed")]
    assert shown.completed_at == ctx.now()
    with ctx.db.session() as s:
        assert json.loads(s.execute(select(Outbox.payload)).scalar_one())["status"] == "completed"


def test_only_immediate_items_may_complete_at_the_window(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    with pytest.raises(IllegalTransition, match="只有即办件"):
        intake.complete_immediately(clerk, view.uuid)
    intake.accept(clerk, view.uuid)
    with pytest.raises(IllegalTransition, match="只有即办件"):
        intake.complete_immediately(clerk, view.uuid)


def test_accepted_immediate_item_completes_later_as_a_new_outbox_version(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-NOW", person_form())
    provide_all(intake, view.uuid)
    intake.accept(clerk, view.uuid)
    assert intake.complete_immediately(clerk, view.uuid).outbox_version == 2
    with ctx.db.session() as s:
        keys = s.execute(select(Outbox.idempotency_key).order_by(Outbox.id)).scalars().all()
    assert keys == [f"{view.uuid}:1", f"{view.uuid}:2"]


def test_illegal_transitions_are_refused_never_silently_ignored(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    intake.accept(clerk, view.uuid)
    with pytest.raises(IllegalTransition, match="不能重复操作"):
        intake.accept(clerk, view.uuid)
    with pytest.raises(IllegalTransition, match="不能在窗口改为“不予受理”"):
        intake.reject(clerk, view.uuid, "理由")
    with pytest.raises(IllegalTransition):
        intake.request_supplement(clerk, view.uuid)
    with pytest.raises(IllegalTransition, match="不能再修改"):
        intake.set_material(view.uuid, 1, "missing")
    with pytest.raises(IllegalTransition, match="不能删除"):
        intake.discard_draft(clerk, view.uuid)
