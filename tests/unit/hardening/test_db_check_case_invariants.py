"""Issue 16 #4: `db check` flags a decided case back in draft and a case with two acceptance numbers."""
from __future__ import annotations

from sqlalchemy import select

from desktop.services import audit
from desktop.services.maintenance.db_check import run_checks
from desktop.store.models import Application, ApplicationEvent, User


def _case(ctx, **columns) -> Application:
    with ctx.db.transaction() as s:
        clerk = User(username="amy", role="clerk", password_hash="x")
        s.add(clerk)
        s.flush()
        app = Application(uuid="11111111-2222-4333-8444-555555555555", matter_code="M", matter_version=1,
                          matter_name="事项", clerk_id=clerk.id, window_id="W01", **columns)
        s.add(app)
        s.flush()
        return app


def _failed(ctx) -> list[str]:
    return [f.name for f in run_checks(ctx.config.db_path) if not f.ok]


def test_db_check_flags_a_decided_case_sent_back_to_draft(ctx):
    app = _case(ctx, status="draft", acceptance_no="620100-W01-20261129-0001", decided_at=ctx.now())
    with ctx.db.transaction() as s:
        s.add(ApplicationEvent(application_id=app.id, from_status="draft", to_status="accepted", at=ctx.now()))
    assert "no decided case back in draft" in _failed(ctx)


def test_db_check_flags_a_case_that_was_given_two_acceptance_numbers(ctx):
    app = _case(ctx, status="accepted", acceptance_no="620100-W01-20261129-0002", decided_at=ctx.now())
    with ctx.db.transaction() as s:
        s.add(ApplicationEvent(application_id=app.id, from_status="draft", to_status="accepted", at=ctx.now()))
        for number in ("620100-W01-20261129-0001", "620100-W01-20261129-0002"):
            audit.record(s, "amy", "application.accept", number, {"uuid": app.uuid, "matter": "M"})
    assert "each case has one acceptance number" in _failed(ctx)
    with ctx.db.session() as s:
        assert s.scalar(select(Application.acceptance_no)) == "620100-W01-20261129-0002"


def test_a_sound_decided_case_passes_both_probes(ctx):
    app = _case(ctx, status="accepted", acceptance_no="620100-W01-20261129-0003", decided_at=ctx.now())
    with ctx.db.transaction() as s:
        s.add(ApplicationEvent(application_id=app.id, from_status="draft", to_status="accepted", at=ctx.now()))
        audit.record(s, "amy", "application.accept", "620100-W01-20261129-0003", {"uuid": app.uuid})
    failed = _failed(ctx)
    assert "no decided case back in draft" not in failed and "each case has one acceptance number" not in failed
