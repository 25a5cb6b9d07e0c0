"""补正 / 一次性告知: everything missing is listed once; the clock pauses until the citizen returns."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desktop.domain.lifecycle import IllegalTransition
from desktop.services.intake.errors import DecisionRefused
from desktop.store.models import Outbox
from tests.unit.intake.conftest import PERSON_ID, person_form, provide_all

pytestmark = pytest.mark.usefixtures("pc_time_zone")  # business dates must not follow the PC's zone


def test_supplement_notice_lists_every_missing_material_at_once(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.set_material(view.uuid, 1, "provided")
    decision = intake.request_supplement(clerk, view.uuid, note="合同需双方签字")
    assert [m.name for m in decision.missing] == ["营业执照", "房屋租赁合同"]
    assert all(m.state == "missing" for m in decision.missing)
    assert decision.status == "supplement_requested" and decision.acceptance_no.endswith("-0001")
    assert decision.supplement_due == dt.date(2026, 10, 20)  # 10 working days from 09-30 over 国庆 (10-10 调休)
    shown = intake.get_application(view.uuid)
    assert [m.name for m in shown.missing_materials] == ["营业执照", "房屋租赁合同"]
    assert shown.supplement_note == "合同需双方签字" and shown.events[-1].note == "补正：营业执照、房屋租赁合同"


def test_supplement_needs_something_missing_and_is_told_only_once(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    with pytest.raises(DecisionRefused, match="无需补正"):
        intake.request_supplement(clerk, view.uuid)
    intake.set_material(view.uuid, 2, "missing")
    intake.request_supplement(clerk, view.uuid)
    with pytest.raises(IllegalTransition, match="不能再次要求补正"):
        intake.request_supplement(clerk, view.uuid)


def test_resumed_case_is_accepted_later_with_the_paused_days_added(ctx, intake, clerk, clock):
    clock.set_day(dt.date(2026, 11, 23))  # Monday
    view = intake.start_draft(clerk, "M-LIC", person_form())
    first = intake.request_supplement(clerk, view.uuid)
    clock.set_day(dt.date(2026, 11, 26))  # Thursday: the citizen is back with everything
    [case] = intake.find_open_cases(PERSON_ID)
    intake.save_draft(case.uuid, person_form(phone_changed=True))
    provide_all(intake, case.uuid)
    decision = intake.accept(clerk, case.uuid)
    assert decision.acceptance_no == first.acceptance_no  # the number the citizen already holds
    assert decision.paused_working_days == 3  # Tue, Wed, Thu
    # 5 promised + 3 paused working days counted from the supplement notice on Monday 11-23.
    assert decision.due_date == dt.date(2026, 12, 3)
    with ctx.db.session() as s:
        versions = [json.loads(p)["status"] for p in s.execute(select(Outbox.payload).order_by(Outbox.id)).scalars()]
    assert versions == ["supplement_requested", "accepted"]


def test_supplement_case_may_be_rejected_when_the_citizen_does_not_return(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.request_supplement(clerk, view.uuid)
    assert intake.reject(clerk, view.uuid, "逾期未补正").status == "rejected"
