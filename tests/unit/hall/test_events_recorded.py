"""Every change to a case at the window is a case event, written with the change and carried by its snapshot."""
from __future__ import annotations

import json

from sqlalchemy import select

from desktop.domain.masking import mask_id_number
from desktop.services.intake.applicants import PartyData
from desktop.services.intake.corrections import correct_parties
from desktop.store.hall_models import CaseEvent
from desktop.store.models import Outbox
from tests.unit.intake.conftest import PERSON_ID, person_form, provide_all


def _events(ctx, uuid):
    with ctx.db.session() as s:
        return s.execute(select(CaseEvent).where(CaseEvent.case_uuid == uuid).order_by(CaseEvent.id)).scalars().all()


def _carried(ctx, uuid):
    with ctx.db.session() as s:
        return [[e["kind"] for e in json.loads(p).get("case_events", [])]
                for p in s.execute(select(Outbox.payload).where(Outbox.entity_uuid == uuid)
                                   .order_by(Outbox.version)).scalars()]


def test_supplement_then_acceptance_are_two_events_each_in_its_snapshot_with_base_versions(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    intake.set_material(view.uuid, 1, "provided")
    intake.request_supplement(clerk, view.uuid)
    provide_all(intake, view.uuid)
    intake.accept(clerk, view.uuid)
    events = _events(ctx, view.uuid)
    assert [(e.kind, e.base_version, e.carrier, e.push_state) for e in events] == [
        ("supplement_requested", 0, "outbox", "pending"), ("supplement_received", 1, "outbox", "pending")]
    assert _carried(ctx, view.uuid) == [["supplement_requested"], ["supplement_received"]]
    birth = json.loads(events[0].payload)
    assert birth["data"]["case"]["applicant"] == {"kind": "person", "name": "张*",
                                                  "id_masked": mask_id_number(PERSON_ID)}
    assert PERSON_ID not in events[0].payload  # the hall sees masked data only
    received = json.loads(events[1].payload)["data"]
    assert received["case"]["status"] == "accepted" and {m["state"] for m in received["materials"]} >= {"provided"}


def test_an_immediate_item_is_accepted_then_completed_in_two_events(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-NOW", person_form())
    provide_all(intake, view.uuid)
    intake.complete_immediately(clerk, view.uuid)
    kinds = [(e.kind, json.loads(e.payload)["data"]["case"].get("status")) for e in _events(ctx, view.uuid)]
    assert kinds == [("accepted", "accepted"), ("completed_at_window", "completed")]


def test_a_correction_is_a_corrected_event_in_the_new_outbox_version(ctx, intake, clerk):
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    intake.accept(clerk, view.uuid)
    applicant = PartyData("person", "张三丰", PERSON_ID, "13912345678", "兰州市城关区", "")
    correct_parties(ctx, clerk, view.uuid, reason="姓名录入有误", applicant=applicant)
    events = _events(ctx, view.uuid)
    assert [e.kind for e in events] == ["accepted", "corrected"] and events[1].base_version == 1
    data = json.loads(events[1].payload)["data"]
    assert data["case"]["applicant"]["name"] == "张*丰" and "姓名录入有误" in data["note"]
    assert "13912345678" not in events[1].payload
    assert _carried(ctx, view.uuid) == [["accepted"], ["corrected"]]
