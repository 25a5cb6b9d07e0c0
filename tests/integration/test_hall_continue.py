"""Any window continues any case: W01 asks for a supplement, W02 records it, W01 sees it after its pull."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.lifecycle import Status
from desktop.domain.masking import mask_id_number
from desktop.services.hall.actions import HallActionRefused, Handover
from desktop.services.papers.records import PrintRecords
from desktop.store.hall_models import CaseEvent
from desktop.store.models import Application
from tests.integration.hall_world import citizen, hall_codes, open_window, receipt_qr

pytestmark = pytest.mark.integration


def pdf_text(pdf: bytes) -> str:
    import io
    import re

    from pypdf import PdfReader

    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def hall(tmp_path, central):
    codes = hall_codes(central, 2)
    w1 = open_window(tmp_path, central, "W01", codes[0])
    w2 = open_window(tmp_path, central, "W02", codes[1])
    yield w1, w2
    for w in (w1, w2):
        w.ctx.close()


def test_a_supplement_asked_at_w01_is_recorded_at_w02_under_the_original_number(hall, central):
    w1, w2 = hall
    uuid = w1.take_case(citizen(1), missing=(2,))
    decision = w1.intake.request_supplement(w1.clerk, uuid)
    number = decision.acceptance_no
    assert number and "-W01-" in number
    w1.sync()
    w2.sync()

    found = w2.cases.find(receipt_qr(w2.ctx, number))
    assert found.source == "local" and [c.uuid for c in found.cases] == [uuid]
    assert found.cases[0].window_id == "W01" and found.cases[0].status == Status.SUPPLEMENT_REQUESTED
    assert "*" in found.cases[0].applicant  # the hall sees masked names

    view = w2.cases.open(uuid)
    assert view.cached == "full" and view.can_supplement and [m.seq for m in view.missing] == [2]
    result = w2.actions.record_supplement(w2.clerk, uuid)
    assert result.status == Status.ACCEPTED and result.acceptance_no == number
    w2.sync()

    w1.sync()
    with w1.ctx.db.session() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        assert app.status == Status.ACCEPTED and app.acceptance_no == number
        assert app.due_date is not None and app.case_version == 2
        history = s.execute(select(CaseEvent.kind, CaseEvent.window_id, CaseEvent.version)
                            .where(CaseEvent.application_id == app.id).order_by(CaseEvent.version)).all()
    assert history == [("supplement_requested", "W01", 1), ("supplement_received", "W02", 2)]
    events = central.admin_get("/admin/hall/events")["items"]
    assert [(e["kind"], e["version"]) for e in events if e["case_uuid"] == uuid] == [
        ("supplement_requested", 1), ("supplement_received", 2)]


def test_a_number_of_nothing_or_of_another_hall_says_so_and_changes_nothing(hall, central, tmp_path):
    w1, w2 = hall
    other_code = central.admin_post("/admin/enrol-codes", {"hall": "H2", "count": 1})["codes"][0]
    w9 = open_window(tmp_path / "other", central, "W09", other_code)
    try:
        uuid = w9.take_case(citizen(9))
        number = w9.intake.accept(w9.clerk, uuid).acceptance_no
        w9.sync()
        before = central.admin_get("/admin/hall/events")["items"]
        nothing = w2.cases.find("620100-W01-20260101-0999")
        assert not nothing.found and "未找到" in nothing.message
        other = w2.cases.find(number)
        assert not other.found and "其他政务服务大厅" in other.message
        assert central.admin_get("/admin/hall/events")["items"] == before
        with w2.ctx.db.session() as s:
            assert s.execute(select(Application.id)).first() is None
    finally:
        w9.ctx.close()


def test_the_result_is_handed_over_at_another_window_only_to_the_applicant_or_an_authorised_agent(hall, central):
    w1, w2 = hall
    person = citizen(3)
    uuid = w1.take_case(person)
    w1.intake.accept(w1.clerk, uuid)
    w1.sync()
    central.admin_post("/admin/applications/status", {"uuid": uuid, "status": "completed", "note": "已办结"})
    w2.sync()
    found = w2.cases.find(person["applicant"]["id_number"])  # the ID card read at the pick-up window
    assert [c.uuid for c in found.cases] == [uuid]
    w2.cases.open(uuid)
    stranger = Handover("applicant", "李四", citizen(4)["applicant"]["id_number"])
    with pytest.raises(HallActionRefused, match="不符"):
        w2.actions.record_handover(w2.clerk, uuid, stranger)
    with pytest.raises(HallActionRefused, match="授权委托书"):
        w2.actions.record_handover(w2.clerk, uuid, Handover("agent", "李四", stranger.id_number))
    applicant = Handover("applicant", person["applicant"]["name"], person["applicant"]["id_number"])
    result = w2.actions.record_handover(w2.clerk, uuid, applicant)
    assert result.papers == ("handover-receipt",)
    records = PrintRecords(w2.ctx)
    prepared = records.prepare(uuid, "handover-receipt")  # the 领取回执, numbered in the official form
    records.record(prepared, actor=w2.clerk, printer="W02-A4")
    text = pdf_text(prepared.rendered.pdf)
    assert "办理结果领取回执" in text and "申请人本人" in text and "W02号窗口当面领取" in text
    # 经办人 is the clerk who handed it over at W02, not W01's clerk who accepted the case
    assert "经办人W02窗口员（" in text and "W01窗口员" not in text
    assert person["applicant"]["name"] in text and person["applicant"]["id_number"] not in text
    assert mask_id_number(person["applicant"]["id_number"]) in text
    w2.sync()
    w1.sync()
    view = w1.cases.view(uuid)
    assert view.handed_over_at is not None and "W02" in view.handover_text
    assert view.status_label == "已领取"


def test_two_windows_on_one_case_the_first_wins_and_the_other_is_told_in_plain_words(hall, central):
    w1, w2 = hall
    uuid = w1.take_case(citizen(5), missing=(2,))
    number = w1.intake.request_supplement(w1.clerk, uuid).acceptance_no
    w1.sync()
    w2.sync()
    w2.cases.open(uuid)  # W02 caches the case in full, then loses the network
    w2.go_offline()
    offline = w2.actions.record_supplement(w2.clerk, uuid)  # offline: queued like any other change
    assert offline.queued and w2.cases.view(uuid).status == Status.ACCEPTED
    w1.actions.record_supplement(w1.clerk, uuid)  # the citizen's other visit, at W01, online
    w1.sync()

    w2.go_online(central)
    summary = w2.sync()
    assert len(summary.hall_refusals) == 1
    told = summary.hall_refusals[0]
    assert told.startswith("此件已于 ") and told.endswith("在 W01 号窗口补齐材料"), told
    view = w2.cases.view(uuid)
    assert view.acceptance_no == number and view.status == Status.ACCEPTED
    assert [h.refusal for h in view.refusals] == [told]
    w1.sync()

    events = central.admin_get("/admin/hall/events")["items"]
    mine = [e for e in events if e["case_uuid"] == uuid]
    assert len({e["event_uuid"] for e in mine}) == len(mine) == 3  # every event exactly once
    numbered = sorted((e["version"], e["kind"], e["window_id"]) for e in mine if e["version"])
    assert numbered == [(1, "supplement_requested", "W01"), (2, "supplement_received", "W01")]
    (lost,) = [e for e in mine if not e["version"]]
    assert lost["window_id"] == "W02" and lost["refused"]["message"] == told
    for w in (w1, w2):  # both windows list the refused event for the supervisor
        with w.ctx.db.session() as s:
            refused = s.execute(select(CaseEvent.event_uuid).where(CaseEvent.push_state == "refused")).scalars().all()
        assert refused == [lost["event_uuid"]]


def test_the_accepting_window_offline_loses_to_another_window_and_nothing_is_overwritten(hall, central):
    w1, w2 = hall
    uuid = w1.take_case(citizen(6), missing=(2,))
    w1.intake.request_supplement(w1.clerk, uuid)
    w1.sync()
    w2.sync()
    w1.go_offline()
    w1.actions.record_supplement(w1.clerk, uuid)  # W01's own decision: rides in its outbox snapshot
    w2.cases.open(uuid)
    w2.actions.record_supplement(w2.clerk, uuid)
    w2.sync()  # W02 is first on the platform

    w1.go_online(central)
    summary = w1.sync()
    assert summary.hall_refusals and summary.hall_refusals[0].endswith("在 W02 号窗口补齐材料")
    assert summary.parked == 1  # the snapshot that carried it is parked with the same plain words
    from sync.queue import list_parked

    (parked,) = list_parked(w1.ctx.db)
    assert parked.reason.startswith(summary.hall_refusals[0])
    with w1.ctx.db.session() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        assert app.status == Status.ACCEPTED and app.case_version == 2
    platform = [a for a in central.applications() if a["uuid"] == uuid][0]
    assert platform["version"] == 1  # the refused snapshot did not overwrite the platform's case


def test_a_receipt_for_a_supplement_completed_at_another_window_names_that_window_and_its_clerk(hall, central):
    w1, w2 = hall
    uuid = w1.take_case(citizen(5), missing=(2,))
    number = w1.intake.request_supplement(w1.clerk, uuid).acceptance_no
    w1.sync()
    w2.sync()
    w2.cases.open(uuid)
    result = w2.actions.record_supplement(w2.clerk, uuid)
    assert "receipt" in result.papers
    records = PrintRecords(w2.ctx)
    prepared = records.prepare(uuid, "receipt")
    text = pdf_text(prepared.rendered.pdf)
    assert number in text  # the original acceptance number, with who accepted it under that number
    assert "受理窗口示例市政务服务中心W02号窗口受理人W02窗口员" in text and "W01窗口员" not in text
    w2.sync()
    w1.sync()  # the first window learns who accepted its case, and prints the same
    again = pdf_text(PrintRecords(w1.ctx).prepare(uuid, "receipt").rendered.pdf)
    assert "W02号窗口受理人W02窗口员" in again and "W01窗口员" not in again
