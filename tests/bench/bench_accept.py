"""Benchmark: accepting an application (one durable write transaction); target < 5 ms (issue 17).

Run:  python -m tests.bench accept [--quick]  (or python -m tests.bench.bench_accept [--applications N])

Seeds (once, then reuses) a data dir with N synthetic applications via the bulk demo seeder,
then, on that database, opens drafts through the intake service, ticks their materials, and
times ``accept`` — the whole decision transaction: state machine, applicant upsert, number
allocation with the data-synced high-water mark, due date, event, audit row and the frozen
outbox row, committed with synchronous=FULL — each right after a bare durable commit of four
rows on the same disk (the floor: what fsync and SQLite cost). It also counts, per accept, the
SQL statements sent and the file syncs the app itself makes outside SQLite (the mark).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import event, func, select  # noqa: E402

from desktop.config import load_config  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from desktop.services.demo.people import PeopleFactory  # noqa: E402
from desktop.services.demo.seed import _clerks, _windows, seed_demo  # noqa: E402
from desktop.services.intake.service import IntakeService  # noqa: E402
from desktop.store.models import Application, Matter  # noqa: E402
from tests.bench.harness import Figure, Size, Table, percentile, timed  # noqa: E402


def bare_commit_factory(path: Path):
    """A bare durable commit: WAL, synchronous=FULL, three small inserts and an update, like a decision's rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS app(id INTEGER PRIMARY KEY, status TEXT, at TEXT)")
    conn.execute("CREATE TABLE IF NOT EXISTS ev(id INTEGER PRIMARY KEY, app INTEGER, what TEXT, at TEXT)")
    conn.execute("INSERT OR IGNORE INTO app VALUES (1, 'draft', '')")

    def commit() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE app SET status = 'accepted', at = datetime('now') WHERE id = 1")
        for what in ("event", "audit", "outbox"):
            conn.execute("INSERT INTO ev(app, what, at) VALUES (1, ?, datetime('now'))", (what,))
        conn.execute("COMMIT")

    return commit


def bench(size: Size, data_dir: Path | None = None, applications: int | None = None) -> list[Table]:
    applications = applications or size.pick(200_000, 500)
    runs = size.pick(200, 3)
    data_dir = data_dir or Path(tempfile.gettempdir()) / f"onewindow-bench-accept-{applications}"
    data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    ctx = AppContext.open(config)
    bare = bare_commit_factory(data_dir / "bare-commit.sqlite3")
    try:
        with ctx.db.session() as s:
            present = s.execute(select(func.count(Application.id))).scalar() or 0
        if present < applications:
            seed_demo(ctx, matters=74, applications=applications - present, days=365, windows=8, bulk=True)
        with ctx.db.session() as s:
            code = s.execute(select(Matter.code).where(Matter.immediate.is_(False), Matter.promised_days > 0)
                             .order_by(Matter.code).limit(1)).scalar()
        clerk = _clerk(ctx)
        intake = IntakeService(ctx)
        people = PeopleFactory(random.Random(1), dt.date.today())
        bare_times: list[float] = []
        accept_times: list[float] = []

        def ready() -> str:
            view = intake.start_draft(clerk, code, {})
            intake.save_draft(view.uuid, {"applicant": people.person().to_dict(), "agent": None})
            for m in view.materials:
                if m.required:
                    intake.set_material(view.uuid, m.seq, "provided")
            return view.uuid

        for _ in range(runs):
            uuid = ready()
            bare_times.append(timed(bare)[0])
            accept_times.append(timed(lambda uuid=uuid: intake.accept(clerk, uuid))[0])
        # Counted on one more accept, untimed: the counters' own hooks are not the app's cost.
        statements, syncs = _Counter(), _Counter()
        uuid = ready()
        with _counting(ctx, statements, syncs):
            intake.accept(clerk, uuid)
    finally:
        ctx.close()
    table = Table(f"accept transaction over {applications:,} applications ({runs} accepts, each after a bare commit)")
    table.add(Figure("accept transaction (median)", statistics.median(accept_times), statistics.median(bare_times),
                     "bare durable commit", 0.005))
    table.add(Figure("accept transaction (p95)", percentile(accept_times, 95), percentile(bare_times, 95),
                     "bare durable commit"))
    table.notes.append(f"per accept: {statements.n} SQL statements (BEGIN included, COMMIT not), "
                       f"{syncs.n} file syncs by the app outside SQLite (the number's high-water mark), "
                       "plus SQLite's own at commit (WAL, synchronous=FULL; the bare commit makes only those)")
    return [table]


class _Counter:
    n = 0


@contextlib.contextmanager
def _counting(ctx: AppContext, statements: _Counter, syncs: _Counter) -> Iterator[None]:
    """Count the statements the engine sends and the os.fsync/os.fdatasync calls while the block runs."""
    def on_statement(*_args) -> None:
        statements.n += 1

    originals = {name: getattr(os, name) for name in ("fsync", "fdatasync") if hasattr(os, name)}

    def counted(original):
        def sync(fd: int) -> None:
            syncs.n += 1
            original(fd)
        return sync

    event.listen(ctx.db.engine, "before_cursor_execute", on_statement)
    for name, original in originals.items():
        setattr(os, name, counted(original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(os, name, original)
        event.remove(ctx.db.engine, "before_cursor_execute", on_statement)


def _clerk(ctx: AppContext):
    return _clerks(ctx, _windows(ctx, 1))[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--applications", type=int)
    args = parser.parse_args()
    for table in bench(Size(args.quick), args.data_dir, args.applications):
        print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
