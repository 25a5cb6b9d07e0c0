"""Benchmark: resident memory of the real main window on the applications page, over a big store.

Run:  python -m tests.bench memory [--quick]

Each figure is a fresh process (offscreen Qt) that prints its resident set size once the window
has settled: the project opens the reports benchmark's store (1,000,000 applications; quick:
3,000), shows the main window as a supervisor, goes to the applications page and scrolls it
(``fetchMore`` 20 pages); the bare baseline shows a ``QTableView`` over a 100-row
``QStandardItemModel``. Target (issue 17): < 130 MB.
"""
from __future__ import annotations

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
print(f"{rss_mb():.1f}")
window.close()
ctx.close()
"""


def _rss(script: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=300)
    return float(out.stdout.strip().splitlines()[-1])


def bench(size: Size) -> list[Table]:
    rows = size.pick(1_000_000, 3_000)
    ctx, _ = open_seeded(rows)  # seeds the store once (shared with the reports benchmark)
    ctx.close()
    bare, project = [], []
    for _ in range(size.pick(3, 1)):
        bare.append(_rss(BARE))
        project.append(_rss(PROJECT, str(store_dir(rows))))
    table = Table(f"resident memory, {rows:,}-row store, applications page (fresh offscreen processes)")
    table.add(Figure("resident memory, applications page", statistics.median(project), statistics.median(bare),
                     "bare Qt table", 130, unit="MB"))
    return [table]


if __name__ == "__main__":
    for t in bench(Size("--quick" in sys.argv)):
        print(t.render())
