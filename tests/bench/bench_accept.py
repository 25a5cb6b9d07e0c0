"""Benchmark: accepting an application (one durable write transaction) must take under 50 ms.

Run:  python tests/bench/bench_accept.py [--data-dir D] [--applications N] [--runs R]

Seeds (once, then reuses) a data dir with N synthetic applications via the bulk demo seeder,
then, on that database, opens R drafts through the intake service, ticks their materials, and
times the calls the counter makes: ``start_draft``, ``save_draft`` (autosave), ``set_material``
and ``accept`` — the last one is the whole decision transaction: state machine, applicant upsert,
number allocation with the fsynced high-water mark, due date, event, audit row and the frozen
outbox row, committed with synchronous=FULL. Prints median / p95 / max; exits non-zero when
the median accept is 50 ms or more.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import func, select  # noqa: E402

from desktop.config import load_config  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from desktop.services.demo.people import PeopleFactory  # noqa: E402
from desktop.services.demo.seed import _clerks, _windows, seed_demo  # noqa: E402
from desktop.services.intake.service import IntakeService  # noqa: E402
from desktop.store.models import Application, Matter  # noqa: E402

LIMIT_MS = 50.0


def _ms(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "onewindow-bench-accept")
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir=args.data_dir, search_default_provisioning=False)
    ctx = AppContext.open(config)
    try:
        with ctx.db.session() as s:
            present = s.execute(select(func.count(Application.id))).scalar()
        if present < args.applications:
            print(f"seeding {args.applications - present} applications into {args.data_dir} …", flush=True)
            result = seed_demo(ctx, matters=74, applications=args.applications - present, days=365, windows=8,
                               bulk=True)
            print(f"seeded in {result.seconds:.1f} s", flush=True)
        with ctx.db.session() as s:
            total = s.execute(select(func.count(Application.id))).scalar()
            code = s.execute(select(Matter.code).where(Matter.immediate.is_(False), Matter.promised_days > 0)
                             .order_by(Matter.code).limit(1)).scalar()
        clerk = _clerks(ctx, _windows(ctx, 1))[0]
        intake = IntakeService(ctx)
        people = PeopleFactory(random.Random(1), dt.date.today())
        timings: dict[str, list[float]] = {"start_draft": [], "save_draft": [], "set_material": [], "accept": []}
        for _ in range(args.runs):
            party = people.person()
            form = {"applicant": party.to_dict(), "agent": None}
            t = time.perf_counter()
            view = intake.start_draft(clerk, code, {})
            timings["start_draft"].append(time.perf_counter() - t)
            t = time.perf_counter()
            intake.save_draft(view.uuid, form)
            timings["save_draft"].append(time.perf_counter() - t)
            for m in view.materials:
                if m.required:
                    t = time.perf_counter()
                    intake.set_material(view.uuid, m.seq, "provided")
                    timings["set_material"].append(time.perf_counter() - t)
            t = time.perf_counter()
            intake.accept(clerk, view.uuid)
            timings["accept"].append(time.perf_counter() - t)
    finally:
        ctx.close()
    print(f"\ndatabase: {total:,} applications ({config.db_path.stat().st_size / 1e6:,.0f} MB), runs: {args.runs}")
    print(f"{'operation':<14}{'median ms':>11}{'p95 ms':>10}{'max ms':>10}")
    for name, samples in timings.items():
        median, p95, worst = _ms(samples)
        print(f"{name:<14}{median:>11.1f}{p95:>10.1f}{worst:>10.1f}")
    median = _ms(timings["accept"])[0]
    print(f"\naccept median {median:.1f} ms — target < {LIMIT_MS:.0f} ms: {'OK' if median < LIMIT_MS else 'TOO SLOW'}")
    return 0 if median < LIMIT_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
