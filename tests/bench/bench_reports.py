"""Benchmark: the supervisor's report over a database with N applications (default 1,000,000).

Run on demand:  python tests/bench/bench_reports.py [--applications N] [--keep DIR]
Rows are bulk-inserted with executemany in the schema's shape (desktop/store/models.py),
spread over a year of working days, 8 windows, 24 clerks and 40 matters, with realistic
intake hours. Prints a table of timings; targets: numbers < 2 s, PDF < 3 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.config import load_config  # noqa: E402
from desktop.domain.reports import Drill, ReportPeriod  # noqa: E402
from desktop.services.accounts.auth import CurrentUser  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from desktop.services.reports import ReportService  # noqa: E402
from desktop.services.reports.export import export_report  # noqa: E402

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
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    batch, events, outbox = [], [], []

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
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="data dir to keep (reused if it already holds a database)")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="ow-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    fresh = not config.db_path.exists()
    ctx = AppContext.open(config, clock=lambda: dt.datetime(2026, 11, 25, 10, 0))
    if fresh:
        t, _ = timed(lambda: seed(config.db_path, args.applications, random.Random(9)))
        print(f"seeded {args.applications:,} applications in {t:.1f} s ({data_dir})")
    boss = CurrentUser(id=0, username="bench", display_name="基准测试", role="supervisor")
    service = ReportService(ctx)
    day = ReportPeriod.day(LAST_DAY)
    month = ReportPeriod(LAST_DAY - dt.timedelta(days=30), LAST_DAY)
    rows = []
    for label, fn in [
        ("daily numbers, all windows", lambda: service.build(boss, day)),
        ("daily numbers, window W03", lambda: service.build(boss, day, "W03")),
        ("30-day numbers, all windows", lambda: service.build(boss, month)),
        ("drill-down 'overdue' (500 rows)", lambda: service.applications(boss, day, None, Drill("overdue"))),
        ("daily PDF (numbers + render + write)", lambda: export_report(service, boss, day, None, "pdf",
                                                                        data_dir / "daily.pdf")),
        ("daily CSV incl. detail", lambda: export_report(service, boss, day, None, "csv", data_dir / "daily.csv")),
        ("daily XLSX incl. detail", lambda: export_report(service, boss, day, None, "xlsx",
                                                          data_dir / "daily.xlsx")),
    ]:
        best = min(timed(fn)[0] for _ in range(3))
        rows.append((label, best))
    report = service.build(boss, day)
    print(f"\n{'operation':<40} {'best of 3':>10}")
    print("-" * 52)
    for label, secs in rows:
        print(f"{label:<40} {secs:>9.3f}s")
    print(f"\nday {LAST_DAY}: {report.total:,} applications, overdue {report.overdue_count:,}, "
          f"due soon {report.due_soon_count:,}, pending sync {report.sync.app_pending:,}")
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
