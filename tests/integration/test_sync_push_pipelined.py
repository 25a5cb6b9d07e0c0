"""The pipelined pusher: the next batch is on the wire while the previous answer is recorded.

At most two batches are in flight, each claimed ('sending') before it leaves; a failure is
handled only once nothing else is on the wire. Over the reference server on loopback: the
overlap really happens, a dropped connection mid-pipeline loses and doubles nothing, and a
batch the platform refuses as a whole is resent row by row while the next one was in flight.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, update

from desktop.store.models import Outbox
from sync import api as sync_api
from sync.pusher import OutboxPusher
from tests.integration.checks import assert_in_sync
from tests.integration.factory import queue_applications

pytestmark = pytest.mark.integration


def _sending(ctx) -> int:
    with ctx.db.session() as s:
        return s.execute(select(func.count()).select_from(Outbox).where(Outbox.state == "sending")).scalar_one()


def test_the_next_batch_is_on_the_wire_while_the_previous_answer_is_recorded(ctx, central, engine_for, monkeypatch):
    on_the_wire: list[int] = []  # batches whose POST has not returned yet
    lock = threading.Lock()
    overlapped: list[bool] = []
    post, record = sync_api.ApiClient.push, OutboxPusher._record

    def watched_post(self, entries):
        with lock:
            on_the_wire.append(len(entries))
        try:
            return post(self, entries)
        finally:
            with lock:
                on_the_wire.pop()

    def watched_record(self, rows, results, report):
        with lock:
            overlapped.append(bool(on_the_wire))
        return record(self, rows, results, report)

    monkeypatch.setattr(sync_api.ApiClient, "push", watched_post)
    monkeypatch.setattr(OutboxPusher, "_record", watched_record)
    central.set_faults("latency=60-60ms")  # each POST takes long enough for the overlap to show
    engine = engine_for(ctx, central, batch_size=4)
    queue_applications(ctx, 20, matter_code=central.matter_codes()[0])
    summary = engine.run_once()
    assert summary.ok and summary.created == 20, summary.lines()
    assert len(overlapped) == 5 and sum(overlapped) >= 3, overlapped  # all but the last overlap (load may cost one)
    assert _sending(ctx) == 0
    assert_in_sync(ctx, central)


def test_a_connection_dropped_mid_pipeline_loses_and_doubles_nothing(ctx, start_server, engine_for):
    central = start_server(faults="drop-after-commit=0.4,latency=0-20ms", seed=17)
    engine = engine_for(ctx, central, batch_size=3)
    queue_applications(ctx, 24, matter_code=central.matter_codes()[0], pages_every=5)
    for _ in range(60):
        summary = engine.run_once(budget_seconds=2, max_wait=0.2)
        if summary.pending == 0 and summary.error is None:
            break
    central.set_faults("")
    assert engine.run_once().ok
    assert _sending(ctx) == 0
    assert assert_in_sync(ctx, central)["applications"] == 24
    assert central.stats()["created"] == 24  # each application created exactly once


def test_a_batch_refused_whole_is_resent_row_by_row_while_the_next_was_in_flight(ctx, central, engine_for):
    engine = engine_for(ctx, central, batch_size=4)
    queue_applications(ctx, 12, matter_code=central.matter_codes()[0])
    with ctx.db.transaction() as s:  # one row of the second batch breaks the envelope: the platform refuses all 4
        fifth = s.execute(select(Outbox.id).order_by(Outbox.id).offset(4).limit(1)).scalar_one()
        s.execute(update(Outbox).where(Outbox.id == fifth).values(payload_sha256="f" * 65))
    summary = engine.run_once()
    assert summary.created == 11 and summary.parked == 1, summary.lines()
    with ctx.db.session() as s:
        parked = s.execute(select(Outbox.id, Outbox.parked_reason).where(Outbox.state == "parked")).all()
    assert [p.id for p in parked] == [fifth] and "接口约定" in parked[0].parked_reason
    assert _sending(ctx) == 0
    assert_in_sync(ctx, central, expect_parked=1)
