"""Benchmark: the supervisor's report over a store of N applications (default 1,000,000).

Run:  python -m tests.bench reports [--quick]   (or this module: python -m tests.bench.bench_reports)

Rows are bulk-inserted with executemany in the schema's shape (desktop/store/models.py),
spread over a year of working days (half of them in the last ~60 days), 8 windows, 24 clerks
and 40 matters, with realistic intake hours. Each figure is the report service's ``build``
against the very same SQL statements replayed on a bare ``sqlite3`` connection (captured from
the service in the same run), interleaved. Targets (issue 17): daily < 100 ms, one month < 300 ms
on a 1M-row store; a year should cost about what a month costs.
The seeded store is kept under the temp dir (one per size) and reused by later runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import uuid
from pathlib import Path

from desktop.config import load_config
from desktop.domain.reports import Drill, ReportPeriod
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.reports import ReportService, facts
from tests.bench.harness import Figure, Size, Table, bare_replayer, captured_sql, interleaved, timed

WINDOWS = [f"W{i:02d}" for i in range(1, 9)]
DEPARTMENTS = ["市场监管局", "人社局", "自然资源局", "公安局", "民政局", "卫健委", "住建局", "税务局"]
STATUS_WEIGHTS = [("completed", 55), ("accepted", 12), ("transferred", 15), ("rejected", 5),
                  ("supplement_requested", 8), ("draft", 5)]
LAST_DAY = dt.date(2026, 11, 25)


def seed(db_path: Path, n: int, rng: random.Random) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    now = str(dt.datetime(2026, 11, 25, 2, 0))
    conn.executemany("INSERT INTO user (id, username, display_name, role, password_hash, active, failed_attempts,"
                     " created_at) VALUES (?,?,?,?,?,1,0,?)",
                     [(i, f"clerk{i:02d}", f"窗口人员{i:02d}", "clerk", "x", now) for i in range(1, 25)])
    matters = [(f"M{i:03d}", f"事项{i:03d}号 登记办理", DEPARTMENTS[i % len(DEPARTMENTS)], i % 3 == 0,
                0 if i % 3 == 0 else rng.choice([3, 5, 10, 15])) for i in range(40)]
    days = []
    d = LAST_DAY
    while len(days) < 250:
        if d.weekday() < 5:
            days.append(d)
        d -= dt.timedelta(days=1)
    batch: list[tuple] = []
    events: list[tuple] = []
    outbox: list[tuple] = []

    def flush() -> None:
        conn.executemany(
            "INSERT INTO application (id, uuid, acceptance_no, matter_code, matter_version, matter_name, department,"
            " immediate, promised_days, applicant_name, applicant_id_masked, clerk_id, window_id, status,"
            " created_at, updated_at, decided_at, due_date, paused_working_days, rejection_reason,"
            " supplement_note, draft_json, local_version, sync_state)"
            " VALUES (?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,0,'','','',1,?)", batch)
        conn.executemany("INSERT INTO application_event (application_id, from_status, to_status, at, source, note)"
                         " VALUES (?,'draft','supplement_requested',?,'window','')", events)
        conn.executemany("INSERT INTO outbox (application_id, entity_uuid, kind, version, payload, payload_sha256,"
                         " idempotency_key, state, attempts, last_error, parked_reason, created_at, updated_at)"
                         " VALUES (?,?,'application',1,'{}','',?,?,0,'','',?,?)", outbox)
        batch.clear()
        events.clear()
        outbox.clear()

    with facts.bulk_load(conn):  # the report counters are rebuilt once at the end, not per row
        _seed_rows(conn, n, rng, matters, days, flush, batch, events, outbox)
    conn.execute("ANALYZE")
    conn.close()


def _seed_rows(conn, n, rng, matters, days, flush, batch, events, outbox) -> None:
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    for app_id in range(1, n + 1):
        day = days[min(int(rng.expovariate(1 / 60)), len(days) - 1)] if rng.random() < 0.5 else rng.choice(days)
        hour = min(17, max(8, int(rng.gauss(11.5, 2.5))))
        created = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59))) - dt.timedelta(
            hours=8)
        code, name, dept, immediate, promised = rng.choice(matters)
        status = rng.choices(statuses, weights)[0]
        if status == "completed" and not immediate and rng.random() < 0.3:
            status = "transferred"
        if status in ("accepted", "transferred") and day < LAST_DAY - dt.timedelta(days=20) and rng.random() < 0.98:
            status = "completed"  # old cases are mostly closed; a few linger and show as overdue
        decided = None if status == "draft" else created + dt.timedelta(seconds=rng.lognormvariate(6.3, 0.6))
        due = None if status in ("draft", "rejected", "supplement_requested") else day + dt.timedelta(
            days=promised + promised // 5 * 2)
        window = WINDOWS[app_id % len(WINDOWS)]
        sync = "synced" if day < LAST_DAY - dt.timedelta(days=2) else rng.choice(["pending", "synced", "local"])
        if rng.random() < 0.001:
            sync = "parked"
        uid = str(uuid.UUID(int=rng.getrandbits(128)))
        created_s = str(created)  # str() of a datetime is the store's text form ('.ffffff' only if non-zero)
        batch.append((app_id, uid, None if status == "draft" else f"{window}{day:%Y%m%d}{app_id:07d}", code, name,
                      dept, immediate, promised, "张三丰", "6201**********123X", rng.randint(1, 24), window, status,
                      created_s, created_s, str(decided) if decided else None,
                      due.isoformat() if due else None, sync))
        if status == "supplement_requested" or rng.random() < 0.03:
            events.append((app_id, created_s))
        if sync in ("pending", "parked"):
            outbox.append((app_id, uid, f"{uid}:1", sync, created_s, created_s))
        if len(batch) >= 50_000:
            flush()
    flush()




def store_dir(rows: int) -> Path:
    return Path(tempfile.gettempdir()) / f"onewindow-bench-reports-{rows}"


def open_seeded(rows: int, data_dir: Path | None = None) -> tuple[AppContext, Path]:
    data_dir = data_dir or store_dir(rows)
    data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    fresh = not config.db_path.exists()
    ctx = AppContext.open(config, clock=lambda: dt.datetime(2026, 11, 25, 10, 0))
    if fresh:
        seconds, _ = timed(lambda: seed(config.db_path, rows, random.Random(9)))
        print(f"seeded {rows:,} applications in {seconds:.1f} s ({data_dir})", file=sys.stderr)
    return ctx, config.db_path


PERIODS = {
    "daily": ReportPeriod.day(LAST_DAY),
    "one month": ReportPeriod(LAST_DAY - dt.timedelta(days=30), LAST_DAY),
    "one year": ReportPeriod(LAST_DAY - dt.timedelta(days=364), LAST_DAY),
}
TARGETS = {"daily": 0.100, "one month": 0.300, "one year": 0.300}


def bench(size: Size, rows: int | None = None) -> list[Table]:
    rows = rows or size.pick(1_000_000, 3_000)
    runs = size.pick(5, 1)
    ctx, db_path = open_seeded(rows)
    boss = CurrentUser(id=0, username="bench", display_name="基准测试", role="supervisor")
    service = ReportService(ctx)
    table = Table(f"reports over {rows:,} applications (bare = the same SQL replayed on a bare sqlite3 connection)")
    try:
        for name, period in PERIODS.items():
            for window in (None, "W03"):
                with captured_sql(ctx.db.engine) as statements:
                    service.build(boss, period, window)
                bare = bare_replayer(db_path, list(statements))
                b, p = interleaved(bare, lambda period=period, window=window: service.build(boss, period, window),
                                   runs)
                table.add(Figure(f"{name} report, {'window ' + window if window else 'all windows'}", p, b,
                                 f"same {len(statements)} SQL bare", TARGETS[name] if window is None else None))
        day = PERIODS["daily"]
        b, p = interleaved(None, lambda: service.applications(boss, day, None, Drill("overdue")), runs)
        table.add(Figure("drill-down 'overdue' (500 rows)", p))
        report = service.build(boss, day)
        table.notes.append(f"day {LAST_DAY}: {report.total:,} applications, overdue {report.overdue_count:,}, "
                           f"due soon {report.due_soon_count:,}, pending sync {report.sync.app_pending:,}")
    finally:
        ctx.close()
    return [table]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--applications", type=int, help="rows in the store (default 1,000,000; quick 3,000)")
    args = parser.parse_args(argv)
    for table in bench(Size(args.quick), args.applications):
        print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
