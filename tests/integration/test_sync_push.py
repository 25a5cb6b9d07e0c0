"""Pushing the outbox: identity by UUID, idempotency, per-record results, attachments first."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from desktop.store.models import Application, Outbox
from sync.queue import list_parked
from tests.integration.checks import assert_in_sync
from tests.integration.factory import business_snapshot, enqueue, queue_applications

pytestmark = pytest.mark.integration


def test_push_sends_every_queued_application_once_and_records_official_numbers(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    queue_applications(ctx, 25, matter_code=central.matter_codes()[0], pages_every=3, shared_page=True)
    before = business_snapshot(ctx)
    summary = engine.run_once()
    assert summary.ok, summary.lines()
    assert (summary.created, summary.duplicate, summary.pending, summary.parked) == (25, 0, 0, 0)
    assert assert_in_sync(ctx, central) == {"applications": 25, "attachments": 9 * 2 + 1}
    assert business_snapshot(ctx) == before  # only sync fields changed
    again = engine.run_once()
    assert (again.created, again.duplicate) == (0, 0)  # nothing left to send, nothing resent


def test_a_response_lost_after_the_commit_is_answered_duplicate_not_a_second_copy(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    central.set_faults("drop-after-commit=1.0")
    queue_applications(ctx, 5, matter_code=central.matter_codes()[0])
    lost = engine.run_once(budget_seconds=1)
    assert lost.pending == 5 and lost.created == 0
    assert len(central.applications()) == 5  # the server did commit them
    central.set_faults("")
    summary = engine.run_once()
    # The retry is answered from what the server stored (a replayed batch or per-item "duplicate").
    assert summary.ok and summary.created + summary.duplicate == 5
    assert central.stats()["created"] == 5
    assert_in_sync(ctx, central)


def test_rejected_application_is_parked_with_the_platform_reason_and_the_rest_still_sync(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    queue_applications(ctx, 6, matter_code=central.matter_codes()[0], bad_id={2})
    summary = engine.run_once()
    assert not summary.ok and summary.parked == 1 and summary.created == 5
    parked = list_parked(ctx.db)
    assert len(parked) == 1 and "校验位" in parked[0].reason
    assert parked[0].applicant == "申**2"  # masked for the list
    assert_in_sync(ctx, central, expect_parked=1)


def test_a_correction_is_a_new_version_with_the_same_official_number(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    engine.run_once()
    with ctx.db.transaction() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        first_no = app.official_no
        app.supplement_note = "更正：联系电话"
        enqueue(s, app, ctx.config.hall.region_code, ctx.now())
    assert engine.status().pending == 1
    summary = engine.run_once()
    assert summary.ok and summary.created == 1
    [server] = central.applications()
    assert (server["version"], server["server_version"], server["official_no"]) == (2, 2, first_no)
    assert_in_sync(ctx, central)


def test_same_key_with_other_content_is_parked_as_a_conflict(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    engine.run_once()
    with ctx.db.transaction() as s:  # a frozen record altered after it was sent: must never be accepted
        row = s.execute(select(Outbox)).scalar_one()
        row.payload = row.payload.replace("居民身份证", "户口簿")
        row.state = "pending"
    summary = engine.run_once()
    assert summary.parked == 1
    [parked] = list_parked(ctx.db)
    assert "冲突" in parked.reason or "不同内容" in parked.reason
    assert len(central.applications()) == 1


def test_rows_left_sending_by_a_crash_go_back_to_pending_and_are_sent(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    queue_applications(ctx, 4, matter_code=central.matter_codes()[0])
    with ctx.db.transaction() as s:
        s.execute(update(Outbox).values(state="sending"))
    summary = engine.run_once()
    assert summary.ok and summary.created == 4
    assert_in_sync(ctx, central)


def test_attachments_already_on_the_platform_are_not_uploaded_again(ctx, central, engine_for):
    import requests

    engine = engine_for(ctx, central)
    queue_applications(ctx, 3, matter_code=central.matter_codes()[0], pages_every=1)
    summary = engine.run_once()
    assert summary.uploaded == 6
    with ctx.db.transaction() as s:  # forget locally that they were uploaded: HEAD finds them
        s.execute(update(Outbox).values(state="pending"))
        s.execute(update(Outbox.__table__.c.state.table).values(state="pending"))
    from desktop.store.models import Attachment

    with ctx.db.transaction() as s:
        s.execute(update(Attachment).values(uploaded=False))
    queue_applications(ctx, 1, matter_code=central.matter_codes()[0], pages_every=1, start=100, seed=9)
    summary = engine.run_once()
    assert summary.uploaded == 2  # only the new application's pages; HEAD said the rest arrived
    assert central.stats()["attachment_puts"] == 8
    assert requests.head(central.url + "/api/v1/attachments/" + "0" * 64, timeout=5).status_code == 401


def test_a_page_missing_on_this_machine_parks_its_application_with_a_reason(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    queue_applications(ctx, 2, matter_code=central.matter_codes()[0], pages_every=2)
    for path in ctx.config.attachments_dir.rglob("*"):
        if path.is_file():
            path.unlink()
    summary = engine.run_once()
    assert summary.parked == 1 and summary.created == 1
    [parked] = list_parked(ctx.db)
    assert "附件文件丢失" in parked.reason
