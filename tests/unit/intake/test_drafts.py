"""Drafts: snapshot, autosave (keeps what was typed), recovery and resume."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.domain.lifecycle import IllegalTransition
from desktop.domain.masking import mask_id_number
from desktop.services.intake.errors import ApplicationNotFound, IntakeError
from desktop.store.models import Application, AuditEvent, MatterMaterial
from tests.unit.intake.conftest import PERSON_ID, person_form, provide_all


def test_draft_snapshots_the_matters_materials_at_its_version(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    assert view.status == "draft" and view.matter_version == 3 and view.promised_days == 5
    assert [m.name for m in view.materials] == ["居民身份证", "营业执照", "房屋租赁合同", "近期照片"]
    assert view.materials[2].deferrable and view.materials[2].copies_expected == 2
    with ctx.db.transaction() as s:  # the catalog changes later: the draft keeps what the clerk saw
        s.execute(MatterMaterial.__table__.update().values(name="改名"))
    assert intake.get_application(view.uuid).materials[0].name == "居民身份证"
    assert view.applicant.name == "张三" and view.applicant.id_masked == mask_id_number(PERSON_ID)


def test_unknown_or_withdrawn_matter_is_refused(intake, clerk):
    with pytest.raises(IntakeError, match="不存在或已停用"):
        intake.start_draft(clerk, "NOPE")


def test_autosave_keeps_an_invalid_id_exactly_as_typed(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC")
    typo = PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")
    intake.save_draft(view.uuid, person_form(typo, note="客户去取身份证"))
    again = intake.get_application(view.uuid)
    assert again.form_state["applicant"]["id_number"] == typo
    assert again.form_state["note"] == "客户去取身份证"
    assert again.applicant.name == "张三"


def test_autosave_is_refused_once_the_case_is_decided(intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    intake.accept(clerk, view.uuid)
    with pytest.raises(IllegalTransition, match="不能再修改"):
        intake.save_draft(view.uuid, person_form())
    with pytest.raises(ApplicationNotFound):
        intake.save_draft("no-such-uuid", {})


def test_open_drafts_lists_unfinished_work_of_this_window(intake, clerk):
    a = intake.start_draft(clerk, "M-LIC", person_form())
    b = intake.start_draft(clerk, "M-LIC", window_id="W09")
    listed = intake.open_drafts()
    assert [d.uuid for d in listed] == [a.uuid]
    assert listed[0].applicant_name == "张三" and listed[0].applicant_id_masked == mask_id_number(PERSON_ID)
    assert [d.uuid for d in intake.open_drafts("W09")] == [b.uuid]


def test_find_open_case_by_applicant_id_or_acceptance_number(intake, clerk):
    draft = intake.start_draft(clerk, "M-LIC", person_form())
    assert [c.uuid for c in intake.find_open_cases(PERSON_ID.lower())] == [draft.uuid]
    decision = intake.request_supplement(clerk, draft.uuid)
    assert [c.status for c in intake.find_open_cases(decision.acceptance_no)] == ["supplement_requested"]
    assert [c.uuid for c in intake.find_open_cases(PERSON_ID)] == [draft.uuid]
    assert intake.find_open_cases("") == []


def test_discarding_a_draft_removes_it_and_is_audited(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC")
    intake.discard_draft(clerk, view.uuid)
    with ctx.db.session() as s:
        assert s.execute(select(func.count(Application.id))).scalar() == 0
        assert s.execute(select(AuditEvent.action).order_by(AuditEvent.id.desc())).scalar() == "application.discard"
