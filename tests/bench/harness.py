"""What every benchmark shares: interleaved timing against a bare baseline, and one table format.

A figure is only meaningful next to what the machine itself allows, measured in the same run:
on a shared 2-core box the absolute numbers drift with the neighbours' load, the ratio much
less. So every :class:`Figure` carries the bare baseline (the same work done with nothing of
ours around it: the same SQL on a bare ``sqlite3`` connection, a bare reportlab page, a bare
Qt window…) and the project's figure, each the median of runs taken in turn (bare, project,
bare, project…), and the table prints the load average it was taken under.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Size:
    """How big a run is: ``quick`` proves every bench still runs (CI smoke, not timed)."""

    quick: bool

    def pick(self, full: Any, quick: Any) -> Any:
        return quick if self.quick else full


@dataclass(frozen=True)
class Figure:
    """One line of a table: a measure, its bare baseline and the project's figure (medians)."""

    measure: str
    project: float | None  # seconds (or MB when unit == "MB")
    bare: float | None = None
    bare_label: str = ""
    target: float | None = None  # the project figure must be below this
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.project is None or not self.bare:
            return None
        return self.project / self.bare

    @property
    def met(self) -> bool | None:
        if self.target is None or self.project is None:
            return None
        return self.project < self.target


@dataclass
class Table:
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load: tuple[float, float, float] | None = None

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)

    def render(self) -> str:
        load = self.load or load_average()
        lines = [f"== {self.title}   (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
                 f"{os.cpu_count()} CPUs, medians)"]
        width = max([len(f.measure) for f in self.figures] + [30])
        bwidth = max([len(f.bare_label) for f in self.figures] + [12])
        lines.append(f"{'measure':<{width}}  {'bare baseline':<{bwidth}} {'bare':>10} {'project':>10} "
                     f"{'ratio':>7} {'target':>9}  met")
        for f in self.figures:
            ratio = f"{f.ratio:.2f}x" if f.ratio is not None else ""
            met = {None: "", True: "yes", False: "NO"}[f.met]
            lines.append(f"{f.measure:<{width}}  {f.bare_label:<{bwidth}} {fmt(f.bare, f.unit):>10} "
                         f"{fmt(f.project, f.unit):>10} {ratio:>7} {fmt(f.target, f.unit):>9}  {met}"
                         + (f"  {f.note}" if f.note else ""))
        lines += [f"  {n}" for n in self.notes]
        return "\n".join(lines)


def fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return ""
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit != "s":
        return f"{value:g} {unit}"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.2f} ms" if value < 0.01 else f"{value * 1000:.1f} ms"


def load_average() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # pragma: no cover - not on Linux
        return (float("nan"),) * 3  # type: ignore[return-value]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def interleaved(bare: Callable[[], Any] | None, project: Callable[[], Any], runs: int,
                warmup: int = 1) -> tuple[float | None, float]:
    """Medians of ``runs`` timings of each, taken in turn (bare, project, bare, …) after a warm-up."""
    for _ in range(warmup):
        if bare is not None:
            bare()
        project()
    bare_times, project_times = [], []
    for _ in range(max(1, runs)):
        if bare is not None:
            bare_times.append(timed(bare)[0])
        project_times.append(timed(project)[0])
    return (statistics.median(bare_times) if bare_times else None), statistics.median(project_times)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- "the same SQL, replayed bare" ----------------------------------------------------------


@contextlib.contextmanager
def captured_sql(engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement (with its DBAPI parameters) the engine sends while the block runs."""
    from sqlalchemy import event

    statements: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany and not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def bare_replayer(db_path: Path, statements: list[tuple[str, Any]]) -> Callable[[], None]:
    """A function running ``statements`` on a bare sqlite3 connection (results fetched, then dropped)."""
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)

    def replay() -> None:
        for sql, params in statements:
            conn.execute(sql, params or ()).fetchall()

    return replay


# --- whole processes ---------------------------------------------------------------------


def run_process(command: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> float:
    """Wall seconds of one process from spawn to exit (its output discarded)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, timeout=timeout)
    return time.perf_counter() - started


def python() -> str:
    return sys.executable


def rss_mb() -> float:
    """This process's resident set size now, in MB (Linux /proc; ru_maxrss elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
