"""Benchmark: the applications list over 1,000,000 applications must answer in under 50 ms.

Run:  python -m tests.bench applications [--quick]
      python -m tests.bench.bench_applications_list [--rows N] [--db PATH] [--rebuild] [--demo-seed]

Builds (once, then reuses) a real migrated database with N applications shaped like the intake
service writes them (a busy window over ~2 years, 300 matters with a skewed popularity, 8
clerks, 100k applicants) — or, with ``--demo-seed``, with the intake engineer's bulk path
(``onewindow demo seed``: one window, 365 days) — then times the service query and the model's first fetch for the
first page, each filter change, text searches, a deep page and the capped count.
Prints a table; exits non-zero if the first page or a filter change takes 50 ms or more.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.config import load_config  # noqa: E402
from desktop.domain.masking import mask_id_number  # noqa: E402
from desktop.services.applications.list_queries import PAGE_SIZE, ApplicationFilter, ApplicationQueries  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from tests.bench.harness import Figure, Size, Table, bare_replayer, captured_sql, interleaved  # noqa: E402

LIMIT_MS = 50.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"
STATUSES = (["accepted"] * 60 + ["completed"] * 25 + ["supplement_requested"] * 7
            + ["transferred"] * 5 + ["rejected"] * 3)


def _ts(value: dt.datetime) -> str:
    return value.isoformat(sep=" ", timespec="microseconds")  # SQLAlchemy's SQLite DATETIME form


def build(db_path: Path, rows: int) -> None:
    config = load_config(data_dir=db_path.parent, search_default_provisioning=False)
    AppContext.open(config).close()  # create and migrate the schema
    rnd = random.Random(20261125)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    now = _ts(dt.datetime(2026, 11, 25))
    conn.executemany("INSERT INTO user (id, username, display_name, role, password_hash, active, "
                     "failed_attempts, created_at) VALUES (?, ?, ?, 'clerk', 'x', 1, 0, ?)",
                     [(i, f"clerk{i}", f"{SURNAMES[i]}{GIVEN[i]}", now) for i in range(1, 9)])
    conn.executemany("INSERT INTO matter (id, code, name, department, kind, promised_days, legal_days, fee_cents, "
                     "fee_note, immediate, version, content_hash, deleted, search_text, initials, source, updated_at)"
                     " VALUES (?, ?, ?, '示例局', '行政许可', 5, 20, 0, '', 0, 1, '', 0, '', '', 'bundled', ?)",
                     [(i, f"M{i:04d}", f"示例事项{i:03d}", now) for i in range(1, 301)])
    applicants = []
    for i in range(1, 100_001):
        idn = f"{620000 + i // 1000}{1950 + i % 60}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}{i % 10}"
        applicants.append((i, rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN), idn,
                           mask_id_number(idn), now, now))
    conn.executemany("INSERT INTO applicant (id, kind, name, id_number, id_masked, phone, address, sex, ethnicity,"
                     " legal_rep, created_at, updated_at) VALUES (?, 'person', ?, ?, ?, '', '', '', '', '', ?, ?)",
                     applicants)
    matter_weights = [1 / (k + 1) for k in range(300)]
    start = dt.datetime(2024, 11, 25, 1, 0)
    step = dt.timedelta(days=730) / rows
    seq_by_day: dict[str, int] = {}
    batch = []
    for n in range(1, rows + 1):
        created = start + step * n
        day = created.strftime("%Y%m%d")
        seq_by_day[day] = seq_by_day.get(day, 0) + 1
        m = rnd.choices(range(1, 301), matter_weights)[0]
        a = applicants[rnd.randrange(len(applicants))]
        status = rnd.choice(STATUSES)
        batch.append((n, str(uuid.UUID(int=rnd.getrandbits(128))), f"W01-{day}-{seq_by_day[day]:04d}",
                      f"620100-{day[:4]}-{n:07d}" if status != "draft" and n % 3 else None,
                      f"M{m:04d}", f"示例事项{m:03d}", a[0], a[1], a[3], 1 + n % 8, status, _ts(created),
                      _ts(created), (created.date() + dt.timedelta(days=7)).isoformat()))
        if len(batch) == 50_000:
            _insert(conn, batch)
            batch = []
    if batch:
        _insert(conn, batch)
    conn.commit()
    conn.close()


def build_with_demo_seed(db_path: Path, rows: int) -> None:
    from desktop.services.demo.seed import seed_demo

    ctx = AppContext.open(load_config(data_dir=db_path.parent, search_default_provisioning=False))
    try:
        seed_demo(ctx, applications=rows, days=365, windows=1, matters=74, bulk=True)
    finally:
        ctx.close()


def _insert(conn: sqlite3.Connection, batch: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO application (id, uuid, acceptance_no, official_no, matter_code, matter_version, matter_name,"
        " department, immediate, promised_days, applicant_id, applicant_name, applicant_id_masked, clerk_id,"
        " window_id, status, created_at, updated_at, due_date, paused_working_days, rejection_reason,"
        " supplement_note, draft_json, local_version, sync_state)"
        " VALUES (?, ?, ?, ?, ?, 1, ?, '示例局', 0, 5, ?, ?, ?, ?, 'W01', ?, ?, ?, ?, 0, '', '', '', 1, 'synced')",
        batch)


def _time(fn, repeat: int = 7) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def bench(size: Size) -> list[Table]:
    rows = size.pick(1_000_000, 5_000)
    db_path = Path(tempfile.gettempdir()) / f"onewindow-bench-apps-{rows}" / "onewindow.sqlite3"
    if not db_path.exists():
        db_path.parent.mkdir(parents=True, exist_ok=True)
        build(db_path, rows)
    ctx = AppContext.open(load_config(data_dir=db_path.parent, search_default_provisioning=False))
    q = ApplicationQueries(ctx)
    today = dt.date(2026, 11, 24)
    table = Table(f"applications list over {rows:,} applications (bare = the same SQL replayed bare)")
    try:
        for name, flt in [
            ("first page (window)", ApplicationFilter(window_id="W01")),
            ("filter: status = rejected", ApplicationFilter(window_id="W01", status="rejected")),
            ("filter: rare matter", ApplicationFilter(window_id="W01", matter_code="M0300")),
            ("filter: today", ApplicationFilter(window_id="W01", date_from=today, date_to=today)),
            ("text: two-char name prefix", ApplicationFilter(window_id="W01", text="王伟")),
        ]:
            with captured_sql(ctx.db.engine) as statements:
                q.page(flt)
            b, p = interleaved(bare_replayer(db_path, list(statements)), lambda flt=flt: q.page(flt),
                               size.pick(7, 1))
            table.add(Figure(name, p, b, "same SQL bare", LIMIT_MS / 1000))
    finally:
        ctx.close()
    return [table]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/onewindow-bench-apps/onewindow.sqlite3"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--demo-seed", action="store_true", help="build with desktop.services.demo.seed (bulk)")
    args = parser.parse_args()
    db_path: Path = args.db
    if args.rebuild and db_path.exists():
        for p in db_path.parent.glob(db_path.name + "*"):
            p.unlink()
    if not db_path.exists():
        db_path.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        if args.demo_seed:
            build_with_demo_seed(db_path, args.rows)
        else:
            build(db_path, args.rows)
        print(f"built {args.rows:,} applications in {time.perf_counter() - t:.1f} s")

    from ui.applications.model import ApplicationsModel
    from ui.qt import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841
    ctx = AppContext.open(load_config(data_dir=db_path.parent, search_default_provisioning=False))
    from ui.composition import core_services
    from ui.operations.runner import OperationRunner
    from ui.tasks import SynchronousPool

    q = ApplicationQueries(ctx)
    # The model reads through operations; a synchronous pool times the query and the model together.
    model = ApplicationsModel(OperationRunner(core_services(ctx), pool=SynchronousPool()))
    today = dt.date(2026, 11, 24)
    base = ApplicationFilter(window_id="W01")
    some_id = q.page(base, limit=1).rows[0]
    full_id = None
    with ctx.db.session() as s:
        from sqlalchemy import text
        full_id = s.execute(text("SELECT p.id_number FROM applicant p JOIN application a ON a.applicant_id = p.id"
                                 " WHERE a.id = :i"), {"i": some_id.id}).scalar_one()
    cases: list[tuple[str, ApplicationFilter, bool]] = [
        ("first page (window)", base, True),
        ("status = rejected", ApplicationFilter(window_id="W01", status="rejected"), True),
        ("status = supplement_requested", ApplicationFilter(window_id="W01", status="supplement_requested"), True),
        ("matter = popular M0001", ApplicationFilter(window_id="W01", matter_code="M0001"), True),
        ("matter = rare M0300", ApplicationFilter(window_id="W01", matter_code="M0300"), True),
        ("clerk = 3", ApplicationFilter(window_id="W01", clerk_id=3), True),
        ("today", ApplicationFilter(window_id="W01", date_from=today, date_to=today), True),
        ("last 30 days + rejected", ApplicationFilter(window_id="W01", status="rejected",
                                                      date_from=today - dt.timedelta(days=29), date_to=today), True),
        ("rare matter + rejected + clerk", ApplicationFilter(window_id="W01", matter_code="M0300",
                                                             status="rejected", clerk_id=2), True),
        ("date range a year ago", ApplicationFilter(window_id="W01", date_from=dt.date(2025, 11, 1),
                                                    date_to=dt.date(2025, 11, 30)), True),
        ("text: acceptance no prefix", ApplicationFilter(window_id="W01", text="W01-20260315-00"), False),
        ("text: official no", ApplicationFilter(window_id="W01", text="620100-2025-0500001"), False),
        ("text: full ID number", ApplicationFilter(window_id="W01", text=full_id), False),
        ("text: masked ID number", ApplicationFilter(window_id="W01", text=mask_id_number(full_id)), False),
        ("text: full name", ApplicationFilter(window_id="W01", text=some_id.applicant_name), False),
        ("text: surname only (王): no name match", ApplicationFilter(window_id="W01", text="王"), False),
        ("text: two-char name prefix", ApplicationFilter(window_id="W01", text=some_id.applicant_name[:2]), False),
    ]
    print(f"\n{'case':40} {'rows':>5} {'service ms':>11} {'model ms':>9} {'count ms':>9}  count")
    failures = []
    for name, flt, gated in cases:
        svc = _time(lambda flt=flt: q.page(flt))
        mdl = _time(lambda flt=flt: model.set_filter(flt))
        cnt = _time(lambda flt=flt: q.count(flt), repeat=3)
        c = q.count(flt)
        print(f"{name:40} {model.rowCount():>5} {svc:>11.2f} {mdl:>9.2f} {cnt:>9.2f}  "
              f"{'>' if c.capped else ''}{c.value}")
        if gated and max(svc, mdl) >= LIMIT_MS:
            failures.append(name)
    model.set_filter(base)

    def deep() -> None:
        for _ in range(50):
            model.fetchMore()
    print(f"\n50 further pages by fetchMore ({50 * PAGE_SIZE:,} rows): {_time(deep, repeat=1):.1f} ms total, "
          f"rows now {model.rowCount():,}")
    print(f"matter choices (skip-scan): {_time(q.matter_choices, 3):.2f} ms; "
          f"clerk choices: {_time(q.clerk_choices, 3):.2f} ms")
    ctx.close()
    if failures:
        print(f"\nOVER {LIMIT_MS:.0f} ms: {', '.join(failures)}")
        return 1
    print(f"\nfirst page and every filter change under {LIMIT_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
