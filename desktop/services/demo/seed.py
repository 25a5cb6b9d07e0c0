"""`onewindow demo seed`: a database full of realistic synthetic cases, for demos and benchmarks.

One plan (:mod:`demo_plan`) of who came to which window for what, and what the clerk decided,
is written either through the real services (:mod:`demo_replay`, the default up to
``SERVICES_LIMIT`` cases) or by the bulk writer (:mod:`demo_bulk`) that reproduces the same
rows with ``executemany`` — a million cases in a few minutes.

Delivery to the platform is simulated the same way for both: cases decided before today count
as delivered (outbox ``done``, application ``synced``), and delivered outbox rows older than
``OUTBOX_KEEP_DAYS`` are pruned, so a seeded counter looks like one that has been syncing.
"""
from __future__ import annotations

import datetime as dt
import logging
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from desktop.services.accounts.auth import AuthService, CurrentUser
from desktop.services.attachments.seed import attach_sample_pages
from desktop.services.catalog.calendar import CalendarService
from desktop.services.catalog.service import CatalogService, apply_matters
from desktop.services.context import AppContext
from desktop.services.demo.bulk import BulkWriter
from desktop.services.demo.people import PeopleFactory
from desktop.services.demo.plan import MatterInfo, generate_plans
from desktop.services.demo.replay import replay
from desktop.services.intake.applicants import PartyData
from desktop.services.reports import facts as report_facts
from desktop.store.base import stored_text
from desktop.store.models import Application, Matter, User

log = logging.getLogger("onewindow.demo")

SERVICES_LIMIT = 2_000
OUTBOX_KEEP_DAYS = 2
CLERK_NAMES = ("王小丽", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴昊", "徐丹", "孙浩")
DEMO_CLERK_PASSWORD = "Demo2026seed"


@dataclass
class SeedResult:
    path: str  # services | bulk
    applications: int
    matters: int
    windows: tuple[str, ...]
    seconds: float
    by_status: dict[str, int] = field(default_factory=dict)


def _ensure_matters(ctx: AppContext, wanted: int) -> list[MatterInfo]:
    CatalogService(ctx).ensure_sample_loaded()
    with ctx.db.session() as s:
        present = s.execute(select(func.count(Matter.id)).where(Matter.deleted.is_(False))).scalar_one()
    if present < wanted:
        _add_synthetic_matters(ctx, wanted - present)
    with ctx.db.session() as s:
        matters = s.execute(select(Matter).where(Matter.deleted.is_(False)).order_by(Matter.code)
                            .limit(wanted)).scalars().all()
        return [MatterInfo(code=m.code, name=m.name, version=m.version, department=m.department,
                           immediate=m.immediate, promised_days=m.promised_days, kind=m.kind,
                           decided_by=m.decided_by,
                           materials=tuple({"id": x.id, "seq": x.seq, "name": x.name, "required": x.required,
                                            "copies": x.copies, "form": x.form, "cert_type": x.cert_type,
                                            "deferrable": x.deferrable, "electronic_required": x.electronic_required,
                                            "notes": x.notes} for x in m.materials))
                for m in matters]


def _add_synthetic_matters(ctx: AppContext, count: int) -> None:
    """More matters than the sample has: variants of the sample's, under DEMO codes."""
    with ctx.db.session() as s:
        base = s.execute(select(Matter).where(Matter.deleted.is_(False)).order_by(Matter.code)).scalars().all()
        items = []
        for i in range(count):
            m = base[i % len(base)]
            items.append({"code": f"{ctx.config.hall.region_code}-DEMO-{i + 1:04d}", "name": f"{m.name}（演示{i + 1}）",
                          "department": m.department, "kind": m.kind, "promised_days": m.promised_days,
                          "legal_days": m.legal_days, "fee_cents": m.fee_cents, "fee_note": m.fee_note,
                          "immediate": m.immediate,
                          "materials": [{"name": x.name, "required": x.required, "copies": x.copies, "form": x.form,
                                         "cert_type": x.cert_type, "deferrable": x.deferrable,
                                         "electronic_required": x.electronic_required, "notes": x.notes}
                                        for x in m.materials]})
    with ctx.db.transaction() as s:
        apply_matters(s, items, (), "import", actor="demo")


def _windows(ctx: AppContext, count: int) -> tuple[str, ...]:
    own = ctx.config.hall.window_id
    others = [f"W{i:02d}" for i in range(1, 40) if f"W{i:02d}" != own]
    return tuple([own] + others[: count - 1])


def _clerks(ctx: AppContext, windows: tuple[str, ...]) -> list[CurrentUser]:
    """One clerk per window; created (argon2-hashed, demo password) when missing."""
    auth = AuthService(ctx)
    clerks = []
    for i, window in enumerate(windows):
        username = f"clerk{window.lower()}"
        with ctx.db.session() as s:
            user = s.execute(select(User).where(User.username == username)).scalar()
        if user is None:
            clerks.append(auth.create_user(username, DEMO_CLERK_PASSWORD, "clerk",
                                           display_name=CLERK_NAMES[i % len(CLERK_NAMES)]))
        else:
            clerks.append(CurrentUser(user.id, user.username, user.display_name, user.role))
    return clerks


def _unique(make: Callable[[], PartyData], count: int) -> list[PartyData]:
    """``count`` parties with distinct numbers (random IDs collide like birthdays at this scale)."""
    seen: set[str] = set()
    out: list[PartyData] = []
    while len(out) < count:
        party = make()
        if party.id_number not in seen:
            seen.add(party.id_number)
            out.append(party)
    return out


def settle_delivered(conn: sqlite3.Connection, *, delivered_before: dt.datetime, keep_after: dt.datetime) -> None:
    """Simulate past deliveries: queued before ``delivered_before`` counts as sent and acknowledged."""
    stamp = stored_text(delivered_before)
    conn.execute("UPDATE outbox SET state='done', updated_at=created_at WHERE state='pending' AND created_at < ?",
                 (stamp,))
    conn.execute(
        "UPDATE application SET sync_state='synced', server_version=local_version, server_status=status, "
        "server_updated_at=decided_at WHERE sync_state='pending' AND NOT EXISTS "
        "(SELECT 1 FROM outbox o WHERE o.application_id = application.id AND o.state = 'pending')")
    conn.execute("DELETE FROM outbox WHERE state='done' AND created_at < ?",
                 (stored_text(keep_after),))


def seed_demo(ctx: AppContext, *, matters: int = 30, applications: int = 300, days: int = 30, windows: int = 6,
              seed: int = 2026, bulk: bool | None = None,
              progress: Callable[[str], None] | None = None) -> SeedResult:
    """Fill the database with ``applications`` synthetic cases over the last ``days`` days."""
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    rng = random.Random(seed)
    now = ctx.now()
    clock = ctx.hall_clock
    today = clock.date_of(now)
    now_local = clock.local(now)
    matter_infos = _ensure_matters(ctx, max(1, matters))
    CalendarService(ctx).ensure_bundled_loaded()
    calendar = CalendarService(ctx).calendar()
    window_ids = _windows(ctx, max(1, windows))
    clerks = _clerks(ctx, window_ids)
    people = PeopleFactory(rng, today)
    persons = max(20, min(applications // 3, 300_000))
    parties = _unique(people.person, persons) + _unique(people.organisation, persons // 5)
    plans = generate_plans(rng, matters=matter_infos, calendar=calendar, today=today, clock=clock,
                           now_local=now_local,
                           days=max(1, days), total=applications, windows=window_ids, parties=len(parties),
                           persons=persons)
    delivered_before = clock.day_start_utc(today)
    keep_after = delivered_before - dt.timedelta(days=OUTBOX_KEEP_DAYS)
    use_bulk = applications > SERVICES_LIMIT if bulk is None else bulk
    raw = ctx.db.raw_connection()  # the store's own key and pragmas (see desktop/store/connect.py)
    try:
        if use_bulk:
            raw.execute("PRAGMA foreign_keys = OFF")  # every reference is built in memory; the seed can be redone
            raw.execute("PRAGMA synchronous = OFF")
            writer = BulkWriter(raw, region=ctx.config.hall.region_code, calendar=calendar, clock=clock, matters=matter_infos,
                                parties=parties, clerks=[(c.id, c.username) for c in clerks],
                                delivered_before=delivered_before, keep_outbox_after=keep_after)
            with report_facts.bulk_load(raw):  # the report counters: rebuilt once, not per row
                writer.write_all(plans, progress=lambda n: say(f"已写入 {n} 件"))
            writer.record_high_water(ctx.config.data_dir, since=today - dt.timedelta(days=7))
        else:
            replay(ctx, plans, matters=matter_infos, parties=parties, clerks=clerks,
                   progress=lambda n: say(f"已办理 {n} 件"))
        raw.execute("BEGIN IMMEDIATE")
        settle_delivered(raw, delivered_before=delivered_before, keep_after=keep_after)
        raw.execute("COMMIT")
        if use_bulk:
            raw.execute("ANALYZE")
    finally:
        raw.close()
    say(f"已为抽样办件生成材料页面 {attach_sample_pages(ctx)} 页")  # a sample only; see attachments.seed
    with ctx.db.session() as s:
        by_status: dict[str, int] = dict(s.execute(select(Application.status, func.count(Application.id))
                                                   .group_by(Application.status)).tuples().all())
    result = SeedResult("bulk" if use_bulk else "services", applications, len(matter_infos), window_ids,
                        time.perf_counter() - started, by_status)
    log.info("demo seed: %d applications via %s in %.1f s", applications, result.path, result.seconds)
    return result
