"""Pulling catalog, statuses and calendar: cursors with rows, tombstones, no overwrite of unsent work."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from desktop.store.models import (
    Application,
    ApplicationEvent,
    ApplicationMaterial,
    CalendarDay,
    Matter,
    SyncCursor,
)
from sync.catalog_pull import CatalogPuller
from sync.errors import SyncError
from tests.integration.factory import enqueue, queue_applications

pytestmark = pytest.mark.integration


def _matters(ctx) -> dict[str, Matter]:
    with ctx.db.session() as s:
        return {m.code: m for m in s.execute(select(Matter)).scalars()}


def test_catalog_pull_brings_the_whole_catalog_then_only_changes_and_tombstones(ctx, central, engine_for):
    engine = engine_for(ctx, central, page_size=2)
    codes = central.matter_codes()
    first = engine.run_once()
    assert first.ok and first.matters_changed == len(codes)
    assert {c for c, m in _matters(ctx).items() if not m.deleted} >= set(codes)
    central.admin_post("/admin/matters", {"upsert": [{"code": "620100-NEW-0001", "name": "新增事项", "department": "市局",
                                                     "promised_days": 5, "legal_days": 20}],
                                          "delete": [codes[0]]})
    second = engine.run_once()
    assert (second.matters_changed, second.matters_deleted) == (1, 1)
    matters = _matters(ctx)
    assert matters["620100-NEW-0001"].name == "新增事项" and matters[codes[0]].deleted
    assert engine.run_once().matters_changed == 0  # nothing new since the saved cursor


def test_a_failed_page_keeps_neither_its_rows_nor_its_cursor(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    api = engine.api(engine.token_store().get())

    def failing_apply(session, items, tombstones):
        session.add(Matter(code="HALF-WRITTEN", name="x", department="x"))
        session.flush()
        raise ValueError("bad page")

    with pytest.raises(SyncError):
        CatalogPuller(ctx.db, api, ctx.now, page_size=2, apply=failing_apply).pull()
    api.close()
    with ctx.db.session() as s:
        assert s.get(SyncCursor, "matters") is None
        assert s.execute(select(Matter).where(Matter.code == "HALF-WRITTEN")).first() is None


def test_a_catalog_change_never_alters_an_accepted_application(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    code = central.matter_codes()[0]
    engine.run_once()
    [uuid] = queue_applications(ctx, 1, matter_code=code)
    with ctx.db.session() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        before = (app.matter_version, app.matter_name, [(m.seq, m.name) for m in app.materials])
    central.admin_post("/admin/matters", {"upsert": [{"code": code, "name": "改名后的事项", "department": "市局",
                                                      "promised_days": 5, "legal_days": 20,
                                                      "materials": [{"name": "全新材料"}]}]})
    assert engine.run_once().matters_changed == 1
    with ctx.db.session() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        assert (app.matter_version, app.matter_name, [(m.seq, m.name) for m in app.materials]) == before
        matter = s.execute(select(Matter).where(Matter.code == code)).scalar_one()
        assert matter.name == "改名后的事项" and matter.version >= 2


def test_platform_status_changes_arrive_once_with_the_server_time(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    [a, b] = queue_applications(ctx, 2, matter_code=central.matter_codes()[0])
    engine.run_once()
    moved = central.admin_post("/admin/applications/status", {"uuid": a, "status": "transferred", "note": "转市局"})
    central.admin_post("/admin/applications/status", {"uuid": b, "status": "returned", "note": "材料不清晰"})
    summary = engine.run_once()
    assert summary.status_changes == 2
    with ctx.db.session() as s:
        app_a = s.execute(select(Application).where(Application.uuid == a)).scalar_one()
        app_b = s.execute(select(Application).where(Application.uuid == b)).scalar_one()
        assert (app_a.status, app_a.server_status, app_a.server_version) == ("transferred", "transferred", 2)
        assert app_a.server_updated_at == dt.datetime.fromisoformat(moved["at"].replace("Z", ""))
        assert app_b.status == "accepted" and app_b.server_status == "returned"  # shown, not a local status
        events = s.execute(select(ApplicationEvent).order_by(ApplicationEvent.id)).scalars().all()
        assert [(e.to_status, e.source, e.note) for e in events] == [("transferred", "server", "转市局"),
                                                                    ("returned", "server", "材料不清晰")]
    assert engine.run_once().status_changes == 0  # the cursor moved with the rows


def test_a_status_pull_never_overwrites_an_application_with_unsent_changes(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0])
    engine.run_once()
    with ctx.db.transaction() as s:  # the clerk corrects it while offline: a new queued version
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        app.supplement_note = "补充说明"
        enqueue(s, app, ctx.config.hall.region_code, ctx.now())
    central.admin_post("/admin/applications/status", {"uuid": uuid, "status": "completed"})
    summary = engine.run_once(pull=True, budget_seconds=0)  # zero budget: pull without pushing first
    assert summary.status_changes == 0
    with ctx.db.session() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        # Not overwritten, and not silently pushed over the platform's decision either: both
        # versions are kept as a conflict and the change is held for the supervisor (rule 5).
        assert (app.status, app.supplement_note, app.sync_state) == ("accepted", "补充说明", "parked")
        assert app.server_status == "completed"  # noted in the sync fields only
        assert s.execute(select(ApplicationEvent)).first() is None
    from desktop.services.conflicts import ConflictService

    assert [c.kind for c in ConflictService(ctx).list()] == ["platform_conflict"]


def test_calendar_pull_writes_the_platform_calendar_once_a_day(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    summary = engine.run_once()
    assert summary.calendar_years == [2026]
    with ctx.db.session() as s:
        day = s.get(CalendarDay, dt.date(2026, 10, 1))
        assert (day.kind, day.source) == ("holiday", "server")
        assert s.get(CalendarDay, dt.date(2026, 9, 20)).kind == "workday"
    assert engine.run_once().calendar_years == []


def test_materials_keep_their_snapshot_when_the_matter_material_is_removed(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    code = central.matter_codes()[0]
    engine.run_once()
    queue_applications(ctx, 1, matter_code=code)
    with ctx.db.transaction() as s:
        matter = s.execute(select(Matter).where(Matter.code == code)).scalar_one()
        s.execute(update(ApplicationMaterial).values(matter_material_id=matter.materials[0].id))
    central.admin_post("/admin/matters", {"delete": [code]})
    engine.run_once()
    with ctx.db.session() as s:
        [material] = s.execute(select(ApplicationMaterial)).scalars().all()
        assert material.name == "居民身份证"
