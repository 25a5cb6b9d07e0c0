"""Sync benchmarks against the reference server on loopback; prints a table.

Run: ``python -m tests.bench.bench_sync`` (from the repo root). Targets: push 10,000 queued
applications < 10 s (and its ratio to the server's own bulk insert of the same rows, measured
in the same run); pull a 5,000-matter catalog < 3 s; a steady-state sync with nothing to do < 200 ms.
"""
from __future__ import annotations

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
from tests.integration.central import start_central_server  # noqa: E402
from tests.integration.factory import queue_bulk  # noqa: E402

PUSH_COUNT = int(os.environ.get("BENCH_PUSH_COUNT", "10000"))
MATTER_COUNT = int(os.environ.get("BENCH_MATTER_COUNT", "5000"))


def _context(root: Path, name: str) -> AppContext:
    return AppContext.open(load_config(data_dir=root / name, search_default_provisioning=False))


def _engine(ctx: AppContext, central, **kwargs) -> SyncEngine:
    store = MemoryTokenStore()
    enroll(ctx, central.url, central.enrol_code, token_store=store)
    return SyncEngine(ctx, token_store=store, **kwargs)


def bench_push(root: Path) -> list[tuple[str, str, str, str]]:
    central = start_central_server(root / "push-central.sqlite3")
    yardstick = start_central_server(root / "bulk-central.sqlite3")
    ctx = _context(root, "push")
    try:
        engine = _engine(ctx, central, batch_size=500)
        queue_bulk(ctx, PUSH_COUNT, matter_code=central.matter_codes()[0])
        started = time.perf_counter()
        summary = engine.run_once(budget_seconds=600, pull=False)
        push_s = time.perf_counter() - started
        assert summary.ok and summary.created == PUSH_COUNT, summary.lines()
        with ctx.db.session() as s:
            rows = s.execute(select(Outbox.idempotency_key, Outbox.payload_sha256, Outbox.payload)).all()
        import json

        items = [{"idempotency_key": k, "payload_sha256": sha, "payload": json.loads(p)} for k, sha, p in rows]
        bulk_s = yardstick.admin_post("/admin/bulk-insert", {"items": items})["seconds"]
    finally:
        ctx.close()
        central.stop()
        yardstick.stop()
    return [
        (f"push {PUSH_COUNT:,} queued applications", f"{push_s:.2f} s", "< 10 s", _ok(push_s < 10)),
        ("  throughput", f"{PUSH_COUNT / push_s:,.0f} /s", "", ""),
        ("  server's own bulk insert of the same rows", f"{bulk_s:.2f} s", "", ""),
        ("  push time / bulk-insert time", f"{push_s / bulk_s:.1f}x", "", ""),
    ]


def bench_catalog(root: Path) -> list[tuple[str, str, str, str]]:
    central = start_central_server(root / "catalog-central.sqlite3")
    ctx = _context(root, "catalog")
    try:
        central.admin_post("/admin/matters/generate", {"count": MATTER_COUNT - len(central.matter_codes()),
                                                       "materials": 4})
        total = len(central.matter_codes())
        engine = _engine(ctx, central)
        api = engine.api(engine.token_store().get())
        started = time.perf_counter()
        report = CatalogPuller(ctx.db, api, ctx.now, page_size=1000).pull()
        pull_s = time.perf_counter() - started
        api.close()
        assert report.changed == total, (report, total)
    finally:
        ctx.close()
        central.stop()
    return [(f"pull a {total:,}-matter catalog (4 materials each)", f"{pull_s:.2f} s", "< 3 s", _ok(pull_s < 3))]


def bench_steady(root: Path) -> list[tuple[str, str, str, str]]:
    central = start_central_server(root / "steady-central.sqlite3")
    ctx = _context(root, "steady")
    try:
        engine = _engine(ctx, central)
        queue_bulk(ctx, 200, matter_code=central.matter_codes()[0])
        assert engine.run_once().ok
        times = []
        for _ in range(20):
            started = time.perf_counter()
            summary = engine.run_once()
            times.append(time.perf_counter() - started)
            assert summary.ok and summary.created == 0
    finally:
        ctx.close()
        central.stop()
    median = statistics.median(times) * 1000
    return [("steady-state sync, nothing to do (median of 20)", f"{median:.0f} ms", "< 200 ms", _ok(median < 200)),
            ("  worst of 20", f"{max(times) * 1000:.0f} ms", "", "")]


def _ok(passed: bool) -> str:
    return "ok" if passed else "SLOW"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        rows = bench_push(root) + bench_catalog(root) + bench_steady(root)
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark'.ljust(width)}  {'measured':>12}  {'target':>9}  result")
    print("-" * (width + 35))
    for name, value, target, result in rows:
        print(f"{name.ljust(width)}  {value:>12}  {target:>9}  {result}")
    return 0 if all(r[3] != "SLOW" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
