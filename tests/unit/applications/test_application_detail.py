"""The detail of one application: the full picture, with personal data masked."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.applications.loading import load_detail
from desktop.services.intake.errors import ApplicationNotFound
from tests.unit.applications.factory import add_applicant, add_application, add_user


def test_detail_masks_id_number_and_phone(ctx):
    with ctx.db.transaction() as s:
        clerk = add_user(s)
        zhang = add_applicant(s, "张三", "11010519491231002X")
        app = add_application(s, clerk=clerk, applicant=zhang, created_at=dt.datetime(2026, 11, 20, 2))
    detail = load_detail(ctx, app.id)
    assert detail.applicant.id_masked == "1101**********002X"
    assert detail.applicant.phone_masked == "138****5678"
    assert "11010519491231002X" not in repr(detail)
    assert detail.applicant.id_number == "" and detail.applicant.phone == ""  # never handed to the screen
    assert detail.clerk == "王小明"


def test_detail_and_intake_view_read_a_case_through_the_same_read_models(ctx):
    """One read-model set: the detail dialog and the intake screen see the same materials and history."""
    from desktop.services.applications.loading import load_application, to_view
    from desktop.store.models import ApplicationEvent, ApplicationMaterial

    with ctx.db.transaction() as s:
        clerk = add_user(s)
        app = add_application(s, clerk=clerk, applicant=add_applicant(s, "张三", "11010519491231002X"),
                              created_at=dt.datetime(2026, 11, 20, 2))
        s.add(ApplicationMaterial(application_id=app.id, seq=1, name="居民身份证", required=True, state="provided",
                                  provided_form="original", provided_copies=1))
        s.add(ApplicationEvent(application_id=app.id, at=dt.datetime(2026, 11, 20, 2), from_status="draft",
                               to_status="accepted", user_id=clerk.id, source="window", note=""))
    detail = load_detail(ctx, app.id)
    with ctx.db.session() as s:
        view = to_view(s, load_application(s, app.uuid))
    assert detail.materials == view.materials and detail.events == view.events
    assert (detail.events[0].user, detail.events[0].by) == ("clerk1", "王小明")
    assert detail.applicant == view.applicant.for_display()


def test_missing_application_is_a_clear_error(ctx):
    with pytest.raises(ApplicationNotFound, match="未找到"):
        load_detail(ctx, 12345)


def test_a_drafts_detail_names_the_applicant_the_form_holds_masked(ctx):
    """A draft has no decided parties yet; its detail shows who the form is for, as the list does."""
    import json

    with ctx.db.transaction() as s:
        app = add_application(s, clerk=add_user(s), status="draft", created_at=dt.datetime(2026, 11, 20, 2))
        app.draft_json = json.dumps({"applicant": {"kind": "person", "name": "李秀兰", "id_number": "11010519491231002X",
                                                   "phone": "13812345678"}})
    applicant = load_detail(ctx, app.id).applicant
    assert (applicant.name, applicant.id_masked, applicant.phone_masked) == ("李秀兰", "1101**********002X", "138****5678")
    assert applicant.id_number == "" and applicant.phone == ""
