"""Sync benchmarks against the reference server on loopback; prints a table.

Run: ``python -m tests.bench sync [--quick]`` or ``python -m tests.bench.bench_sync --push 1000 10000 100000``.
Targets (issue 17): push 10,000 queued applications < 1 s with 0 duplicates; pull a
5,000-matter catalog < 0.5 s; a steady-state sync with nothing to do < 200 ms. The bare
baseline (tests/bench/bare_sync.py) moves the same payloads over plain HTTP/1.0 into SQLite.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
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
from tests.bench.harness import Figure, Size, Table  # noqa: E402
from tests.integration.central import start_central_server  # noqa: E402
from tests.integration.factory import queue_bulk  # noqa: E402


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
    """(project s, bare s, (client, server) CPU s) for one pull of ``count`` matters."""
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


def bench(size: Size, push_counts: tuple[int, ...] | None = None, matters: int | None = None) -> list[Table]:
    push_counts = push_counts or size.pick((1_000, 10_000), (100,))
    matters = matters or size.pick(5_000, 100)
    table = Table("sync against the reference server on loopback (bare = the same payloads over plain "
                  "HTTP/1.0 into plain SQLite, default batch/page size)")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        for count in push_counts:
            (root / f"bare-{count}").mkdir()
            push_s, bare_s, stored, duplicates, (client, server) = push_once(root, count)
            table.add(Figure(f"push {count:,} applications", push_s, bare_s, "bare HTTP/1.0 + SQLite",
                             1.0 if count == 10_000 else None,
                             note=f"{stored:,} on the server, {duplicates} duplicates; CPU client {client:.2f} s, "
                                  f"server {server:.2f} s"))
        pull_s, bare_s, (client, server) = pull_once(root, matters)
        table.add(Figure(f"catalog pull, {matters:,} matters (4 materials each)", pull_s, bare_s,
                         "bare HTTP/1.0 + SQLite", 0.5 if matters == 5_000 else None,
                         note=f"first in the process: includes loading pypinyin's tables; CPU client {client:.2f} s, "
                              f"server {server:.2f} s"))
        pull_s, bare_s, (client, server) = pull_once(root, matters, "catalog-again")  # pypinyin is loaded now
        table.add(Figure(f"catalog pull, {matters:,} matters, pypinyin already loaded", pull_s, bare_s,
                         "bare HTTP/1.0 + SQLite", 0.5 if matters == 5_000 else None,
                         note=f"a later pull in the same app session; CPU client {client:.2f} s, server {server:.2f} s"))
        table.add(Figure("steady-state sync, nothing to do", steady(root, size.pick(20, 2)), target=0.2))
    return [table]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--push", type=int, nargs="*", help="push sizes (default 1,000 and 10,000)")
    parser.add_argument("--matters", type=int)
    args = parser.parse_args(argv)
    for table in bench(Size(args.quick), tuple(args.push) if args.push else None, args.matters):
        print(table.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
