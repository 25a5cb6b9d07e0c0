"""Pushing in bulk: one read of the outbox per pass, each batch claimed against the current state.

The pass reads every due row through one cursor; what goes out is decided when a batch is
claimed (one UPDATE … RETURNING), so a row a clerk held or an earlier version requeued since the
pass began is not sent. Big batches and one-by-one batches leave the same rows behind.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from desktop.store.models import Application, Outbox
from sync.pusher import OutboxPusher, _DueRows
from tests.integration.checks import assert_in_sync
from tests.integration.factory import enqueue, queue_applications

pytestmark = pytest.mark.integration


def _pusher(ctx) -> OutboxPusher:
    return OutboxPusher(ctx.db, api=None, read_blob=lambda sha: b"", clock=ctx.now)  # type: ignore[arg-type]


def _due(ctx, limit: int = 10) -> list:
    """What one pass of the pusher reads as due now (its first page)."""
    due = _DueRows(ctx.db, ctx.now())
    try:
        return due.next(limit)
    finally:
        due.close()


def _correct(ctx, uuid: str) -> None:
    """A clerk's correction: the next version of the case, queued behind the first."""
    with ctx.db.transaction() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        app.supplement_note = "更正：联系电话"
        enqueue(s, app, ctx.config.hall.region_code, ctx.now())


def _sync_rows(ctx) -> tuple[list[tuple], list[tuple]]:
    """What a push leaves behind, without the moments it happened at."""
    with ctx.db.session() as s:
        outbox = s.execute(select(Outbox.idempotency_key, Outbox.version, Outbox.state, Outbox.attempts,
                                  Outbox.last_error, Outbox.parked_reason).order_by(Outbox.id)).all()
        apps = s.execute(select(Application.uuid, Application.sync_state, Application.official_no,
                                Application.server_version, Application.server_status, Application.local_version)
                         .order_by(Application.id)).all()
    return [tuple(r) for r in outbox], [tuple(r) for r in apps]


def test_a_row_held_after_the_pass_read_the_outbox_is_not_claimed(ctx, central):
    queue_applications(ctx, 3, matter_code=central.matter_codes()[0])
    pusher = _pusher(ctx)
    batch = _due(ctx)
    assert len(batch) == 3
    with ctx.db.transaction() as s:  # a clerk's conflict hold lands between the read and the claim
        s.execute(update(Outbox).where(Outbox.id == batch[1].id).values(state="held"))
    claimed = pusher._claim(batch)
    assert [r.id for r in claimed] == [batch[0].id, batch[2].id]
    with ctx.db.session() as s:
        states = dict(s.execute(select(Outbox.id, Outbox.state)).tuples().all())
    assert states == {batch[0].id: "sending", batch[1].id: "held", batch[2].id: "sending"}


def test_a_later_version_waits_while_an_earlier_one_is_unsent(ctx, central):
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    _correct(ctx, uuid)
    pusher = _pusher(ctx)
    batch = _due(ctx)
    assert len(batch) == 2
    claimed = pusher._claim(batch)
    assert [r.key for r in claimed] == [batch[0].key] and batch[0].key.endswith(":1")


def test_rows_not_yet_due_are_not_read(ctx, central):
    queue_applications(ctx, 2, matter_code=central.matter_codes()[0])
    later = ctx.now() + dt.timedelta(minutes=5)
    with ctx.db.transaction() as s:
        first = s.execute(select(Outbox.id).order_by(Outbox.id).limit(1)).scalar_one()
        s.execute(update(Outbox).where(Outbox.id == first).values(next_attempt_at=later))
    assert [r.id for r in _due(ctx)] == [first + 1]


def test_one_batch_of_many_leaves_the_same_rows_as_batches_of_one(ctx, central, start_server, engine_for,
                                                                   tmp_path):
    """The bulk path (one claim, one settle per batch) against one application per request."""
    from desktop.config import load_config
    from desktop.services.context import AppContext

    other_central = start_server()
    other = AppContext.open(load_config(data_dir=tmp_path / "other", search_default_provisioning=False))
    try:
        results = []
        for context, server, size in ((ctx, central, 1000), (other, other_central, 1)):
            code = server.matter_codes()[0]
            uuids = queue_applications(context, 12, matter_code=code, pages_every=4, bad_id={5})
            _correct(context, uuids[3])
            summary = engine_for(context, server, batch_size=size).run_once()
            assert summary.created == 12 and summary.parked == 1, summary.lines()  # 11 cases + 1 correction
            assert_in_sync(context, server, expect_parked=1)
            results.append(_sync_rows(context))
        bulk, single = results
        # Same outcomes row by row; the platform's numbers differ only by which server issued them.
        assert [r[:6] for r in bulk[0]] == [r[:6] for r in single[0]]
        assert [(r[0], r[1], r[3], r[4], r[5]) for r in bulk[1]] == [(r[0], r[1], r[3], r[4], r[5]) for r in single[1]]
        assert all(r[2] for r in bulk[1] if r[1] == "synced") and all(r[2] for r in single[1] if r[1] == "synced")
    finally:
        other.close()


# The settle as it was before it wrote each answered application once: derive every state, then copy the answers.
_OLD_SETTLE = ("UPDATE application SET sync_state = CASE "
               "WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.application_id = application.id "
               "AND o.state IN ('pending', 'sending')) THEN 'pending' "
               "WHEN (SELECT o.state FROM outbox o WHERE o.application_id = application.id "
               "ORDER BY o.version DESC, o.state DESC LIMIT 1) = 'done' THEN 'synced' "
               "ELSE 'parked' END WHERE id IN ({})")
_OLD_COPY_ANSWER = ("UPDATE application SET official_no = coalesce(?, official_no), "
                    "server_version = CASE WHEN ? IS NULL THEN server_version "
                    "ELSE max(coalesce(server_version, 0), ?) END, "
                    "server_status = coalesce(?, server_status) WHERE id = ?")


def test_settling_each_answered_application_in_one_write_leaves_what_derive_then_copy_left(ctx, central):
    queue_applications(ctx, 8, matter_code=central.matter_codes()[0])
    with ctx.db.session() as s:
        apps = list(s.execute(select(Application.id).order_by(Application.id)).scalars())
    with ctx.db.transaction() as s:  # every kind of outbox state an application can be settled from
        for app_id, state in zip(apps, ("done", "done", "parked", "pending", "sending", "done", "done", "done"),
                                 strict=True):
            s.execute(update(Outbox).where(Outbox.application_id == app_id).values(state=state))
        s.execute(update(Application).where(Application.id == apps[6]).values(server_version=9, official_no="OLD-6"))
    with ctx.db.transaction() as s:
        app = s.get(Application, apps[5])
        enqueue(s, app, ctx.config.hall.region_code, ctx.now())  # version 2 pending behind a done version 1
    results = {apps[0]: {"official_no": "N0", "server_version": 1, "status": "accepted"},
               apps[1]: {"official_no": "N1", "server_version": 2.0, "status": None},
               apps[5]: {"official_no": "N5", "server_version": 1, "status": "accepted"},
               apps[6]: {"official_no": None, "server_version": 3, "status": "completed"},  # never lowers a version
               apps[7]: {"official_no": "N7", "server_version": True}}  # not a number: left as it was

    def settle(write) -> list[tuple]:
        with ctx.db.transaction() as s:
            write(s)
            rows = s.execute(select(Application.id, Application.sync_state, Application.official_no,
                                    Application.server_version, Application.server_status)
                             .order_by(Application.id)).all()
            s.rollback()
        return [tuple(r) for r in rows]

    def old(s) -> None:
        conn = s.connection()
        conn.exec_driver_sql(_OLD_SETTLE.format(",".join("?" * len(apps))), tuple(apps))
        answered = []
        for app_id, result in results.items():
            version = result.get("server_version")
            v = int(version) if isinstance(version, int | float) and not isinstance(version, bool) else None
            answered.append((result.get("official_no"), v, v, result.get("status"), app_id))
        conn.exec_driver_sql(_OLD_COPY_ANSWER, answered)

    before = settle(old)
    assert settle(lambda s: None) != before  # each settle was rolled back: both start from the same rows
    after = settle(lambda s: OutboxPusher._settle_applications(s, set(apps), results))
    assert after == before
    assert {r[1] for r in after} == {"synced", "parked", "pending"}
