"""Sync benchmarks against the reference server on loopback; prints a table.

Run: ``python -m tests.bench sync [--quick]`` or ``python -m tests.bench.bench_sync --push 1000 10000 100000``
(``--pull-only [--samples N]`` for the catalog lines alone). Each catalog line is the median of
several pulls (each into a fresh store, from a freshly seeded platform), with their range.
Targets (issue 17): push 10,000 queued applications < 1 s with 0 duplicates; pull a
5,000-matter catalog < 0.5 s; a steady-state sync with nothing to do < 200 ms. The bare
baseline (tests/bench/bare_sync.py) moves the same payloads over plain HTTP/1.0 into SQLite.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

from sqlalchemy import select  # noqa: E402

from desktop.config import load_config  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from desktop.store.models import Outbox  # noqa: E402
from sync.catalog_pull import CatalogPuller  # noqa: E402
from sync.engine import SyncEngine  # noqa: E402
from sync.enrol import enroll  # noqa: E402
from sync.token_store import MemoryTokenStore  # noqa: E402
from tests.bench.bare_sync import bare_pull, bare_push  # noqa: E402
from tests.bench.harness import ROOT, Figure, Size, Table  # noqa: E402
from tests.integration.central import start_central_server  # noqa: E402
from tests.integration.factory import queue_bulk  # noqa: E402

PULL_SAMPLES = 5  # pulls per catalog line (each needs a fresh store and platform): the median, with min-max


def _context(root: Path, name: str) -> AppContext:
    return AppContext.open(load_config(data_dir=root / name, search_default_provisioning=False))


def _engine(ctx: AppContext, central, **kwargs) -> SyncEngine:
    store = MemoryTokenStore()
    enroll(ctx, central.url, central.enrol_code, token_store=store)
    return SyncEngine(ctx, token_store=store, **kwargs)


def push_once(root: Path, count: int) -> tuple[float, float, int, int, tuple[float, float]]:
    """(project s, bare s, applications on the server, duplicates, (client, server) CPU s) for one push."""
    central = start_central_server(root / f"push-central-{count}.sqlite3", extra=["--warm"])
    ctx = _context(root, f"push-{count}")
    try:
        engine = _engine(ctx, central)  # the default batch size
        queue_bulk(ctx, count, matter_code=central.matter_codes()[0])
        with ctx.db.session() as s:
            items = [(k, p) for k, p in s.execute(select(Outbox.idempotency_key, Outbox.payload)
                                                  .order_by(Outbox.id)).all()]
        bare = bare_push(root / f"bare-{count}", items, engine.batch_size)
        server_cpu, client_cpu = _cpu_of(central.process.pid), time.process_time()
        started = time.perf_counter()
        summary = engine.run_once(budget_seconds=3600, pull=False)
        push_s = time.perf_counter() - started
        cpu = (time.process_time() - client_cpu, _cpu_of(central.process.pid) - server_cpu)
        assert summary.ok and summary.created == count, summary.lines()
        stats = central.stats()
    finally:
        ctx.close()
        central.stop()
    return push_s, bare, int(stats["applications"]), int(stats.get("duplicates", 0)), cpu


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pull_once(root: Path, count: int, name: str = "catalog") -> tuple[float, float, tuple[float, float]]:
    """(project s, bare s, (client, server) CPU s) for one pull of ``count`` matters into a fresh store."""
    central = start_central_server(root / f"{name}-central.sqlite3")
    ctx = _context(root, name)
    try:
        central.admin_post("/admin/matters/generate", {"count": count - len(central.matter_codes()), "materials": 4})
        total = len(central.matter_codes())
        engine = _engine(ctx, central)
        api = engine.api(engine.token_store().get())
        server_cpu, client_cpu = _cpu_of(central.process.pid), time.process_time()
        started = time.perf_counter()
        report = CatalogPuller(ctx.db, api, ctx.now, page_size=engine.page_size).pull()
        pull_s = time.perf_counter() - started
        cpu = (time.process_time() - client_cpu, _cpu_of(central.process.pid) - server_cpu)
        assert report.changed == total, (report, total)
        items, cursor = [], ""
        while True:
            page = api.matters(cursor, engine.page_size)
            items += page["items"]
            if not page.get("has_more"):
                break
            cursor = page["next_cursor"]
        api.close()
    finally:
        ctx.close()
        central.stop()
    (root / f"bare-{name}").mkdir()
    return pull_s, bare_pull(root / f"bare-{name}", items, engine.page_size), cpu


@dataclass
class PullSamples:
    """Several pulls, each into a fresh store from a fresh platform: medians and ranges."""

    project: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    client_cpu: list[float] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)

    def add(self, pull_s: float, bare_s: float, cpu: tuple[float, float]) -> None:
        self.project.append(pull_s)
        self.bare.append(bare_s)
        self.client_cpu.append(cpu[0])
        self.server_cpu.append(cpu[1])

    def note(self, what: str) -> str:
        return (f"{what}; n={len(self.project)}, project {_span(self.project)}, bare {_span(self.bare)}; "
                f"CPU client {statistics.median(self.client_cpu):.2f} s, server {statistics.median(self.server_cpu):.2f} s")


def _span(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms"


def later_pulls(root: Path, count: int, samples: int) -> PullSamples:
    """``samples`` pulls in this process after a first one (the pinyin readings already loaded)."""
    pull_once(root, count, "catalog-warm")
    out = PullSamples()
    for i in range(samples):
        out.add(*pull_once(root, count, f"catalog-later-{i}"))
    return out


def first_pulls(root: Path, count: int, samples: int) -> PullSamples:
    """``samples`` pulls, each the first one in a new process (as the clerk's first pull after start).

    A pull can only be the first in its process once, so each sample runs in a child process
    (``--first-pull-sample``) that imports what the app has imported by then and pulls once.
    """
    out = PullSamples()
    for i in range(samples):
        done = subprocess.run([sys.executable, "-m", "tests.bench.bench_sync", "--first-pull-sample",
                               str(root / f"first-{i}"), "--matters", str(count)], cwd=ROOT,
                              capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"first-pull sample failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
        pull_s, bare_s, client, server = json.loads(done.stdout.strip().splitlines()[-1])
        out.add(pull_s, bare_s, (client, server))
    return out


def steady(root: Path, runs: int) -> float:
    central = start_central_server(root / "steady-central.sqlite3")
    ctx = _context(root, "steady")
    try:
        engine = _engine(ctx, central)
        queue_bulk(ctx, 200, matter_code=central.matter_codes()[0])
        assert engine.run_once().ok
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            summary = engine.run_once()
            times.append(time.perf_counter() - started)
            assert summary.ok and summary.created == 0
    finally:
        ctx.close()
        central.stop()
    return statistics.median(times)


def bench(size: Size, push_counts: tuple[int, ...] | None = None, matters: int | None = None,
          samples: int | None = None) -> list[Table]:
    push_counts = push_counts or size.pick((1_000, 10_000), (100,))
    matters = matters or size.pick(5_000, 100)
    table = Table("sync against the reference server on loopback (bare = the same payloads over plain "
                  "HTTP/1.0 into plain SQLite, default batch/page size)")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        for count in (c for c in push_counts if c):
            (root / f"bare-{count}").mkdir()
            push_s, bare_s, stored, duplicates, (client, server) = push_once(root, count)
            table.add(Figure(f"push {count:,} applications", push_s, bare_s, "bare HTTP/1.0 + SQLite",
                             1.0 if count == 10_000 else None,
                             note=f"{stored:,} on the server, {duplicates} duplicates; CPU client {client:.2f} s, "
                                  f"server {server:.2f} s"))
        samples = samples or size.pick(PULL_SAMPLES, 1)
        first = first_pulls(root, matters, samples)
        table.add(Figure(f"catalog pull, {matters:,} matters (4 materials each), first in a process",
                         statistics.median(first.project), statistics.median(first.bare), "bare HTTP/1.0 + SQLite",
                         0.5 if matters == 5_000 else None,
                         note=first.note("each in a new process: includes loading the pinyin readings")))
        later = later_pulls(root, matters, samples)
        table.add(Figure(f"catalog pull, {matters:,} matters, a later pull in the process",
                         statistics.median(later.project), statistics.median(later.bare), "bare HTTP/1.0 + SQLite",
                         0.5 if matters == 5_000 else None,
                         note=later.note("pinyin readings loaded, each into a fresh store")))
        if any(push_counts):
            table.add(Figure("steady-state sync, nothing to do", steady(root, size.pick(20, 2)), target=0.2))
    return [table]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--push", type=int, nargs="*", help="push sizes (default 1,000 and 10,000)")
    parser.add_argument("--matters", type=int)
    parser.add_argument("--pull-only", action="store_true", help="only the catalog pull lines")
    parser.add_argument("--samples", type=int, help=f"pulls per catalog line (default {PULL_SAMPLES})")
    parser.add_argument("--first-pull-sample", metavar="DIR", help=argparse.SUPPRESS)  # one child of first_pulls
    args = parser.parse_args(argv)
    if args.first_pull_sample:
        root = Path(args.first_pull_sample)
        root.mkdir(parents=True)
        pull_s, bare_s, (client, server) = pull_once(root, args.matters)
        print(json.dumps([pull_s, bare_s, client, server]))
        return 0
    if args.pull_only:
        args.push = [0]
    for table in bench(Size(args.quick), tuple(args.push) if args.push else None, args.matters, args.samples):
        print(table.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
