"""Benchmark: page capture speed and UI responsiveness while importing.

Run:  python -m tests.bench capture [--quick]  (or python -m tests.bench.bench_capture [--pages 50])

1. Import and normalise a 12-megapixel JPEG camera photo (4000×3000) into a material through
   the real path (read, sniff, decode, EXIF, resize to 2480, JPEG, sha256, atomic write, DB row):
   median and worst of ``--repeat`` distinct photos; limit 400 ms each.
2. Import ``--pages`` such photos through the capture panel on real worker threads while a
   10 ms timer on the UI thread measures event-loop latency; limit 50 ms.
Prints a table; exits non-zero when a limit is broken.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.config import load_config  # noqa: E402
from desktop.devices.capture.images import Limits, image_pages  # noqa: E402
from desktop.devices.capture.simulated import camera_frame  # noqa: E402
from desktop.services.attachments import AttachmentService, import_files  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from tests.bench.harness import Figure, Size, Table, timed  # noqa: E402
from tests.unit.capture.conftest import make_application  # noqa: E402

IMPORT_LIMIT_MS = 400.0
LATENCY_LIMIT_MS = 50.0


def photos(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        img = camera_frame(i + 1, size=(4000, 3000), tilt=(i % 7) - 3)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=92)
        path = folder / f"photo{i:03d}.jpg"
        path.write_bytes(out.getvalue())
        paths.append(path)
    return paths


def bench_import(ctx, mid, files: list[Path]) -> list[tuple[str, str]]:
    service = AttachmentService(ctx)
    limits = Limits.from_config(ctx.config)
    decode_ms, total_ms, total_cpu = [], [], []
    for path in files:
        data = path.read_bytes()
        t0 = time.perf_counter()
        list(image_pages(data, limits, source="file"))
        decode_ms.append((time.perf_counter() - t0) * 1000)
    for path in files:
        t0, c0 = time.perf_counter(), time.thread_time()
        report = import_files(service, mid, [path])
        total_ms.append((time.perf_counter() - t0) * 1000)
        total_cpu.append((time.thread_time() - c0) * 1000)
        assert len(report.added) == 1, report.problems
    sizes = [p.size for p in service.list_pages(mid)]
    src_kb = statistics.mean(p.stat().st_size for p in files) / 1024
    return [
        ("source photo", f"4000×3000 JPEG, {src_kb:.0f} KB avg"),
        ("decode + normalise, median / max", f"{statistics.median(decode_ms):.0f} / {max(decode_ms):.0f} ms"),
        ("full import (normalise + store + row), median / max",
         f"{statistics.median(total_ms):.0f} / {max(total_ms):.0f} ms  (limit {IMPORT_LIMIT_MS:.0f})"),
        ("full import, CPU time of the thread, median / max",
         f"{statistics.median(total_cpu):.0f} / {max(total_cpu):.0f} ms"),
        ("machine load average (1 min) at the end", f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"),
        ("stored page size, mean / max", f"{statistics.mean(sizes) / 1024:.0f} / {max(sizes) / 1024:.0f} KB"),
    ], max(total_ms)


def bench_ui(ctx, user, mid, files: list[Path]) -> tuple[list[tuple[str, str]], float]:
    from desktop.services.accounts.auth import CurrentUser
    from ui.capture.panel import CapturePanel
    from ui.composition import Workspace, session_services
    from ui.qt import QApplication, QElapsedTimer, QTimer
    from ui.tasks import wait_for_background_work

    app = QApplication.instance() or QApplication([])
    clerk = CurrentUser(user.id, user.username, user.display_name, user.role)
    workspace = Workspace(ctx, clerk, session_services(ctx))  # the real pools, as at the counter
    panel = CapturePanel(workspace)
    panel.set_material(mid)
    panel.show()
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        lateness.append(max(0.0, now - last[0] - 10))
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    done = []
    panel.pages_changed.connect(lambda _m, n: done.append(n))
    timer.start()
    t0 = time.perf_counter()
    panel.import_paths(files)
    while not done:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - t0
    while len(panel._icons) < len(files):  # thumbnails come back too
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    wait_for_background_work()
    lateness.sort()
    p99 = lateness[int(len(lateness) * 0.99) - 1] if lateness else 0.0
    rows = [
        (f"import {len(files)} photos via the panel (worker threads)", f"{elapsed:.1f} s, {panel.strip.count()} pages"),
        ("UI event-loop latency, p50 / p99 / max",
         f"{lateness[len(lateness) // 2]:.1f} / {p99:.1f} / {lateness[-1]:.1f} ms  (limit {LATENCY_LIMIT_MS:.0f})"),
    ]
    panel.close()
    return rows, lateness[-1]


def bare_normalise(data: bytes) -> bytes:
    """Bare Pillow: decode the photo, shrink it to 2480 px wide, encode a JPEG (no checks, no store)."""
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    img.draft("RGB", (2480, 2480))
    img = img.convert("RGB")
    img.thumbnail((2480, 2480))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def bench(size: Size) -> list[Table]:
    n = size.pick(10, 1)
    table = Table("page capture (12-MP camera photos)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ctx = AppContext.open(load_config(data_dir=tmp_path / "data", search_default_provisioning=False))
        try:
            user, _app, (m1, m2) = make_application(ctx)
            files = photos(tmp_path, max(n, size.pick(50, 2)))
            service = AttachmentService(ctx)
            bare_t, import_t = [], []
            for path in files[:n]:
                data = path.read_bytes()
                bare_t.append(timed(lambda data=data: bare_normalise(data))[0])
                import_t.append(timed(lambda path=path: import_files(service, m1, [path]))[0])
            table.add(Figure("import one photo (normalise + store + row)", statistics.median(import_t),
                             statistics.median(bare_t), "bare Pillow decode+resize+encode", IMPORT_LIMIT_MS / 1000))
            _rows, worst = bench_ui(ctx, user, m2, files[: size.pick(50, 2)])
            table.add(Figure("UI event-loop latency while importing (worst)", worst / 1000,
                             target=LATENCY_LIMIT_MS / 1000))
        finally:
            ctx.close()
    return [table]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ctx = AppContext.open(load_config(data_dir=tmp_path / "data", search_default_provisioning=False))
        try:
            user, _app, (m1, m2) = make_application(ctx)
            print(f"generating {max(args.pages, args.repeat)} 12-MP photos…", flush=True)
            files = photos(tmp_path, max(args.pages, args.repeat))
            rows, worst_import = bench_import(ctx, m1, files[: args.repeat])
            ui_rows, worst_latency = bench_ui(ctx, user, m2, files[: args.pages])
        finally:
            ctx.close()
    rows += ui_rows
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  result")
    print("-" * (width + 40))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    failed = worst_import >= IMPORT_LIMIT_MS or worst_latency >= LATENCY_LIMIT_MS
    print("FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
