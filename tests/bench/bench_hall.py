"""Benchmark: the hall cache — initial feed, incremental feed, lookups, the hall daily report.

Run:  python -m tests.bench hall [--quick]   (or: python -m tests.bench.bench_hall)

* Initial feed: the reference server is seeded with a synthetic hall (30 windows × 90 days,
  ≈150,000 cases with their events); an empty, enrolled client pulls the whole hall feed over
  loopback HTTP into its hall cache (page by page, each page folded with the hall's rules and
  committed with its cursor). Bare baseline: the very rows the feed wrote (cases, materials,
  events, status history, clerk names), inserted with ``executemany`` into an empty store of the
  same schema on a bare ``sqlite3`` connection. Targets (issue 15): < 60 s and < 2× the bare insert.
* Incremental feed: ≈1,000 new events on the server, one pull. Target < 2 s.
* Lookup by acceptance number and by receipt QR payload in the cache (the service's ``find``),
  p95 over random numbers; bare: the same index lookup on a bare connection. Target < 5 ms p95.
* The hall daily report over a 1,000,000-case cache (scope hall: every window, per-window
  breakdown and freshness); bare: the same SQL replayed. Target < 2 s.
* The hall cases page's list of the latest arrivals of other windows over the same cache (read on
  every sync that brings hall changes); bare: the same SQL replayed. Target < 50 ms.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from desktop.config import load_config, save_local_settings
from desktop.domain.reports import ReportPeriod
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.hall.cases import HallCaseService
from desktop.services.hall.report import HallReportService
from sync.api import ApiClient
from sync.enrol import enroll
from sync.hall_sync import pull_feed
from sync.token_store import MemoryTokenStore
from tests.bench.harness import (
    Figure,
    Size,
    Table,
    bare_replayer,
    captured_sql,
    interleaved,
    percentile,
    timed,
)

CACHE_TABLES = ("user", "application", "application_material", "application_event", "case_event", "hall_window")


def _client(root: Path, name: str, central, code: str) -> tuple[AppContext, ApiClient]:
    data_dir = root / name
    data_dir.mkdir(parents=True)
    config = save_local_settings(load_config(data_dir=data_dir, search_default_provisioning=False),
                                 {"hall": {"window_id": "S01", "cache_days": 90}})
    ctx = AppContext.open(config)
    store = MemoryTokenStore()
    enroll(ctx, central.url, code, token_store=store)
    return ctx, ApiClient(central.url, store.get(), timeout=120)


def _empty_store(root: Path) -> Path:
    data_dir = root / "bare"
    data_dir.mkdir()
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))
    ctx.close()
    return data_dir / "onewindow.sqlite3"


def _bare_insert(source: Path, target: Path, where: dict[str, str] | None = None) -> float:
    """Copy the feed's rows into an empty store of the same schema with executemany: the yardstick."""
    where = where or {}
    src = sqlite3.connect(source)
    rows = {}
    for table in CACHE_TABLES:
        cols = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]
        rows[table] = (cols, src.execute(f'SELECT * FROM "{table}" {where.get(table, "")}').fetchall())
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode = WAL")
    dst.execute("PRAGMA synchronous = FULL")
    dst.execute("PRAGMA foreign_keys = ON")
    dst.execute("DELETE FROM user")  # (an empty store has none; a re-run starts clean)

    def insert() -> None:
        dst.execute("BEGIN IMMEDIATE")
        for table, (cols, data) in rows.items():
            quoted = ", ".join(f'"{c}"' for c in cols)
            dst.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(cols))})', data)
        dst.execute("COMMIT")

    seconds, _ = timed(insert)
    dst.close()
    return seconds


def feed_tables(size: Size) -> list[Table]:
    from tests.integration.central import start_central_server

    windows, days, per_day = size.pick((30, 90, 55), (3, 5, 4))
    root = Path(tempfile.mkdtemp(prefix="onewindow-bench-hall-"))
    central = start_central_server(root / "central.sqlite3")
    table = Table(f"hall feed: {windows} windows × {days} days (bare = the same rows inserted with executemany)")
    try:
        made = central.admin_post("/admin/hall/generate", {"hall": "H1", "windows": windows, "days": days,
                                                           "per_day": per_day, "seed": 7})
        code = central.admin_post("/admin/enrol-codes", {"hall": "H1", "count": 1})["codes"][0]
        ctx, api = _client(root, "S01", central, code)
        page = 5000
        seconds, report = timed(lambda: pull_feed(ctx, api, page_size=page))
        ctx.close()
        bare = _bare_insert(ctx.config.db_path, _empty_store(root))
        table.add(Figure(f"initial feed, {made['cases']:,} cases / {made['events']:,} events", seconds, bare,
                         "bare executemany", 60.0,
                         note=f"ratio target < 2x; {report.pages} pages of {page}"))
        ctx = AppContext.open(ctx.config)
        with ctx.db.session() as s:
            from sqlalchemy import func, select

            from desktop.store.models import Application

            max_id = s.execute(select(func.max(Application.id))).scalar() or 0
        extra = central.admin_post("/admin/hall/generate", {"hall": "H1", "windows": windows, "days": 1,
                                                            "per_day": max(1, 870 // windows), "seed": 8,
                                                            "today": True})
        seconds, report = timed(lambda: pull_feed(ctx, api, page_size=page))
        ctx.close()
        again = root / "bare2"
        again.mkdir()
        bare_target = _empty_store(again)
        bare = _bare_insert(ctx.config.db_path, bare_target, {
            "application": f"WHERE id > {max_id}", "application_material": f"WHERE application_id > {max_id}",
            "application_event": f"WHERE application_id > {max_id}", "case_event": f"WHERE application_id > {max_id}",
            "hall_window": "WHERE 0"})
        table.add(Figure(f"incremental feed, {extra['events']:,} new events", seconds, bare, "bare executemany", 2.0))
        ctx = AppContext.open(ctx.config)
        table.figures.extend(lookup_figures(ctx, size))
        ctx.close()
        api.close()
    finally:
        central.stop()
        shutil.rmtree(root, ignore_errors=True)
    return [table]


def lookup_figures(ctx: AppContext, size: Size) -> list[Figure]:
    service = HallCaseService(ctx, source=None)
    with ctx.db.session() as s:
        from sqlalchemy import select

        from desktop.store.models import Application

        numbers = list(s.execute(select(Application.acceptance_no).where(Application.acceptance_no.is_not(None))
                                 ).scalars())
    rng = random.Random(3)
    picks = [rng.choice(numbers) for _ in range(size.pick(400, 40))]
    conn = sqlite3.connect(ctx.config.db_path)
    out = []
    for label, make in (("number", lambda n: n), ("QR payload", lambda n: f"{ctx.config.hall.enquiry_url}?no={n}")):
        ours, bare = [], []
        for number in picks:
            bare.append(timed(lambda number=number: conn.execute(
                "SELECT * FROM application WHERE acceptance_no = ? OR official_no = ?", (number, number)).fetchall())[0])
            query = make(number)
            seconds, result = timed(lambda query=query: service.find(query, ask_platform=False))
            assert result.found, number
            ours.append(seconds)
        out.append(Figure(f"lookup by {label} in {len(numbers):,}-case cache (p95)", percentile(ours, 95),
                          percentile(bare, 95), "bare index lookup p95", 0.005))
    conn.close()
    return out


def report_tables(size: Size) -> list[Table]:
    from tests.bench.bench_reports import LAST_DAY, seed

    rows = size.pick(1_000_000, 3_000)
    data_dir = Path(tempfile.gettempdir()) / f"onewindow-bench-hall-report-{rows}"
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    fresh = not config.db_path.exists()
    data_dir.mkdir(parents=True, exist_ok=True)
    ctx = AppContext.open(config, clock=lambda: dt.datetime(2026, 11, 25, 10, 0))
    if fresh:
        seconds, _ = timed(lambda: seed(config.db_path, rows, random.Random(9)))
        conn = sqlite3.connect(config.db_path)
        conn.execute("UPDATE application SET origin = 'hall', sync_state = 'synced', hall_detail = 'summary' "
                     "WHERE window_id != 'W01'")
        conn.executemany("INSERT OR REPLACE INTO hall_window(window_id, last_seen_at, updated_at) VALUES (?, ?, ?)",
                         [(f"W{i:02d}", "2026-11-25 01:55:00", "2026-11-25 01:58:00") for i in range(1, 9)])
        conn.execute("INSERT OR REPLACE INTO key_value(key, value, updated_at) VALUES "
                     "('hall.last_pull_at', '2026-11-25T01:58:00', '2026-11-25 01:58:00')")
        conn.commit()
        conn.close()
        print(f"seeded a {rows:,}-case hall cache in {seconds:.1f} s ({data_dir})", file=sys.stderr)
    boss = CurrentUser(id=0, username="bench", display_name="基准测试", role="supervisor")
    service = HallReportService(ctx)
    period = ReportPeriod.day(LAST_DAY)
    table = Table(f"hall daily report over a {rows:,}-case cache (bare = the same SQL replayed)")
    try:
        with captured_sql(ctx.db.engine) as statements:
            report = service.build(boss, period, scope="hall")
        bare = bare_replayer(config.db_path, list(statements))
        b, p = interleaved(bare, lambda: service.build(boss, period, scope="hall"), size.pick(5, 1))
        table.add(Figure("hall daily report (every window, freshness)", p, b, f"same {len(statements)} SQL bare",
                         2.0))
        table.notes.append(f"{LAST_DAY}: {report.total:,} cases in {len(report.by_window)} windows; "
                           f"{report.coverage.note if report.coverage else ''}")
        cases = HallCaseService(ctx, source=None)
        with captured_sql(ctx.db.engine) as statements:
            latest = cases.recent()
        bare = bare_replayer(config.db_path, list(statements))
        b, p = interleaved(bare, cases.recent, size.pick(20, 2))
        page = Table(f"hall cases page over a {rows:,}-case cache (bare = the same SQL replayed)")
        page.add(Figure(f"latest arrivals of other windows ({len(latest.cases)} listed)", p, b, "same SQL bare", 0.05))
    finally:
        ctx.close()
    return [table, page]


def bench(size: Size) -> list[Table]:
    return feed_tables(size) + report_tables(size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=("feed", "report"))
    args = parser.parse_args(argv)
    size = Size(args.quick)
    tables = feed_tables(size) if args.only == "feed" else report_tables(size) if args.only == "report" \
        else bench(size)
    for table in tables:
        print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
