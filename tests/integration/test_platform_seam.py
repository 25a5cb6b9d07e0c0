"""Issue 14 item 4 and issue 16 #3/#4: every platform status goes through the state machine.

Over the reference server on loopback: a change the machine forbids is refused and listed and
the case keeps its acceptance number; a platform decision meeting an unsent local change is a
recorded conflict with both versions, which the supervisor resolves.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.lifecycle import IllegalTransition, Status, window_transition
from desktop.services.accounts.auth import AuthService
from desktop.services.conflicts import ConflictError, ConflictService
from desktop.services.maintenance.db_check import run_checks
from desktop.store.models import Application, ApplicationEvent, Outbox
from tests.integration.factory import enqueue, queue_applications

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _app(ctx, uuid: str) -> Application:
    with ctx.db.session() as s:
        return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()


def _supervisor(ctx):
    auth = AuthService(ctx)
    auth.create_user("boss", "boss2026x", "supervisor")
    return auth.login("boss", "boss2026x")


def test_a_platform_status_the_state_machine_forbids_is_refused_listed_and_the_number_kept(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    assert engine.run_once().ok
    number = _app(ctx, uuid).acceptance_no
    central.admin_post("/admin/applications/status", {"uuid": uuid, "status": "draft", "note": "平台退回草稿"})
    summary = engine.run_once()
    app = _app(ctx, uuid)
    assert (app.status, app.acceptance_no) == ("accepted", number)  # refused: never applied
    assert app.server_status == "draft"  # what the platform said is noted
    [conflict] = ConflictService(ctx).list()
    assert (conflict.kind, conflict.local_status, conflict.remote_status) == ("platform_refused", "accepted", "draft")
    assert number == conflict.acceptance_no and "草稿" in conflict.reason
    assert any("被拒绝" in w for w in summary.warnings)
    with pytest.raises(IllegalTransition):  # so the clerk cannot decide it again and draw a second number
        window_transition(app.status, Status.ACCEPTED)
    mine = ("no decided case back in draft", "each case has one acceptance number", "audit hash chain")
    assert all(f.ok for f in run_checks(ctx.config.db_path) if f.name in mine)  # (the factory writes no events)
    listed = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(ctx.config.data_dir),
                             "conflicts", "list"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 1 and number in listed.stdout and "平台状态被拒绝" in listed.stdout
    assert engine.run_once().status_changes == 0 and len(ConflictService(ctx).list()) == 1  # replay: once


def test_a_platform_rejection_meeting_an_unsent_local_acceptance_is_kept_as_a_conflict(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    with ctx.db.transaction() as s:  # the case went out awaiting supplement
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        s.query(Outbox).filter(Outbox.application_id == app.id).delete()
        app.status, app.acceptance_no = "supplement_requested", app.acceptance_no
        enqueue(s, app, ctx.config.hall.region_code, ctx.now())
    assert engine.run_once().ok
    central.admin_post("/admin/applications/status", {"uuid": uuid, "status": "rejected", "note": "补正逾期"})
    with ctx.db.transaction() as s:  # offline, the citizen came back and the window accepted it
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        app.status = window_transition(app.status, Status.ACCEPTED)
        s.add(ApplicationEvent(application_id=app.id, from_status="supplement_requested", to_status="accepted",
                               at=ctx.now(), source="window"))
        enqueue(s, app, ctx.config.hall.region_code, ctx.now())
    engine.run_once(pull=True, budget_seconds=0)  # the pull meets the unsent acceptance
    engine.run_once()  # and a normal run must not push it over the platform's rejection
    [conflict] = ConflictService(ctx).list()
    assert (conflict.kind, conflict.local_status, conflict.remote_status) == ("platform_conflict", "accepted",
                                                                              "rejected")
    assert json.loads(conflict.local_payload)["status"] == "accepted"  # both versions kept verbatim
    assert json.loads(conflict.remote_payload)["note"] == "补正逾期"
    [server_side] = [a for a in central.admin_get("/admin/applications")["items"] if a["uuid"] == uuid]
    assert server_side["status"] == "rejected"  # the platform's decision was not overwritten
    assert _app(ctx, uuid).sync_state == "parked"
    supervisor = _supervisor(ctx)
    resolved = ConflictService(ctx).resolve(conflict.id, "take_remote", supervisor, note="按平台决定")
    assert resolved.state == "resolved" and resolved.resolved_by == "boss"
    app = _app(ctx, uuid)
    assert (app.status, app.sync_state) == ("rejected", "synced")
    with ctx.db.session() as s:
        states = [o.state for o in s.scalars(select(Outbox).where(Outbox.application_id == app.id)
                                             .order_by(Outbox.version))]
    assert states[-1] == "withdrawn"
    with pytest.raises(ConflictError):
        ConflictService(ctx).resolve(conflict.id, "keep_local", supervisor)
    assert _app(ctx, uuid).rejection_reason == "补正逾期"  # the platform's reason, for the notice
    assert [f.name for f in run_checks(ctx.config.db_path) if not f.ok] == []


def test_keeping_the_window_version_releases_the_held_change(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    engine.run_once()
    with ctx.db.transaction() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        app.supplement_note = "补充说明"
        enqueue(s, app, ctx.config.hall.region_code, ctx.now())
    central.admin_post("/admin/applications/status", {"uuid": uuid, "status": "completed"})
    engine.run_once(pull=True, budget_seconds=0)
    [conflict] = ConflictService(ctx).list()
    clerk_user = AuthService(ctx)
    clerk_user.create_user("amy", "clerk2026", "clerk")
    from desktop.domain.accounts import PermissionDenied

    with pytest.raises(PermissionDenied):  # the role check is inside the service
        ConflictService(ctx).resolve(conflict.id, "keep_local", clerk_user.login("amy", "clerk2026"))
    ConflictService(ctx).resolve(conflict.id, "keep_local", _supervisor(ctx))
    assert _app(ctx, uuid).sync_state == "pending"
    assert engine.run_once().created == 1  # the window's version went out


def test_another_province_maps_its_own_codes_without_code_changes(ctx, central, engine_for):
    from sync.status_pull import StatusReport, apply_change

    numbered = ctx.config.replace("server", platform="example-province")
    from desktop.services.platform_codes import platform_codes

    codes = platform_codes(numbered)
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    with ctx.db.transaction() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        app.sync_state = "synced"
    report = StatusReport()
    with ctx.db.transaction() as s:
        apply_change(s, {"uuid": uuid, "status": "03", "server_version": 2, "at": "2026-11-29T01:00:00Z"}, report,
                     codes)
        apply_change(s, {"uuid": uuid, "status": "00", "server_version": 3}, report, codes)
    app = _app(ctx, uuid)
    assert app.status == "transferred" and report.applied == 1 and report.refused == 1
