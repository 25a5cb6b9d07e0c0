"""Benchmark: resident memory of the real main window on the applications page, over a big store.

Run:  python -m tests.bench memory [--quick]

Each figure is a fresh process (offscreen Qt) that prints its resident set size once the window
has settled: the project opens the reports benchmark's store (1,000,000 applications; quick:
3,000), shows the main window as a supervisor, goes to the applications page and scrolls it
(``fetchMore`` 20 pages); the bare baseline shows a ``QTableView`` over a 100-row
``QStandardItemModel``. Target (issue 17): < 130 MB. Seven runs of each (fresh processes);
the notes say what the project process held besides the figure (read after the figure was
taken): its pooled SQLite connections and what SQLite allocated, threads, modules, cached rows.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from tests.bench.bench_reports import open_seeded, store_dir
from tests.bench.harness import ROOT, Figure, Size, Table

BARE = """
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
from tests.bench.harness import rss_mb
app = QApplication([])
model = QStandardItemModel(100, 10)
for r in range(100):
    for c in range(10):
        model.setItem(r, c, QStandardItem(f"行{r} 列{c}"))
view = QTableView()
view.setModel(model)
view.resize(1280, 720)
view.show()
for _ in range(20):
    app.processEvents()
print(f"{rss_mb():.1f}")
"""

PROJECT = """
import sys, time
from desktop.config import load_config
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from tests.bench.harness import rss_mb
from ui.qt import QApplication
from ui.composition import Workspace, session_services
from ui.main_window import MainWindow
app = QApplication([])
ctx = AppContext.open(load_config(data_dir=sys.argv[1], search_default_provisioning=False))
user = CurrentUser(id=1, username="bench", display_name="基准", role="supervisor")
window = MainWindow(Workspace(ctx, user, session_services(ctx)))
window.resize(1280, 720)
window.show()
window.show_page("applications")
deadline = time.monotonic() + 3
while time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
page = window.page("applications")
model = getattr(page, "model", None)
for _ in range(20):
    if model is not None and model.canFetchMore():
        model.fetchMore()
    app.processEvents()
rss = rss_mb()
import ctypes, json, os
try:  # the plain-store driver's SQLite (an encrypted store's SQLCipher keeps its own count)
    lib = ctypes.CDLL("libsqlite3.so.0")
    lib.sqlite3_memory_used.restype = ctypes.c_int64
    sqlite_mb = lib.sqlite3_memory_used() / 2**20
except (OSError, AttributeError):
    sqlite_mb = None
pool = ctx.db.engine.pool
print(json.dumps({"rss": rss, "connections": pool.checkedin() + pool.checkedout(), "sqlite_mb": sqlite_mb,
                  "threads": len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None,
                  "modules": len(sys.modules), "rows": len(getattr(model, "_cache", ()))}))
window.close()
ctx.close()
"""


def _run(script: str, *args: str) -> dict:
    """The child's last line: its RSS alone (bare) or a JSON object with ``rss`` and what it held."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=300)
    last = out.stdout.strip().splitlines()[-1]
    return json.loads(last) if last.startswith("{") else {"rss": float(last)}


def _held(run: dict) -> str:
    sqlite = f"{run['sqlite_mb']:.1f} MB" if run.get("sqlite_mb") is not None else "n/a"
    return (f"{run['rss']:.1f} MB: {run['connections']} pooled SQLite connection(s), SQLite allocations {sqlite}, "
            f"{run['threads']} threads, {run['modules']} modules, {run['rows']} list rows cached")


def bench(size: Size) -> list[Table]:
    rows = size.pick(1_000_000, 3_000)
    ctx, _ = open_seeded(rows)  # seeds the store once (shared with the reports benchmark)
    ctx.close()
    bare, project = [], []
    for _ in range(size.pick(7, 1)):
        bare.append(_run(BARE)["rss"])
        project.append(_run(PROJECT, str(store_dir(rows))))
    figures = sorted(run["rss"] for run in project)
    table = Table(f"resident memory, {rows:,}-row store, applications page (fresh offscreen processes)")
    table.add(Figure("resident memory, applications page", statistics.median(figures), statistics.median(bare),
                     "bare Qt table", 130, unit="MB"))
    table.notes.append(f"project runs {figures[0]:.1f}-{figures[-1]:.1f} MB, bare {min(bare):.1f}-{max(bare):.1f} MB")
    table.notes += [f"smallest run {_held(min(project, key=lambda r: r['rss']))}",
                    f"largest run  {_held(max(project, key=lambda r: r['rss']))}"]
    return [table]


if __name__ == "__main__":
    for t in bench(Size("--quick" in sys.argv)):
        print(t.render())
