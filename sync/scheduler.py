"""When to sync: a Qt-free loop API the GUI shell drives from a worker, and the CLI daemon uses.

The shell owns the thread; this owns the timing. Typical use from the shell::

    scheduler = SyncScheduler(SyncEngine(ctx))
    # every few seconds, on the UI thread: if scheduler.due(): run scheduler.run_once in the task runner
    # on result (UI thread): MainWindow.set_sync_state(summary)  -- summary is a SyncSummary
    # after the clerk accepts an application: scheduler.request_now()

After a failed run the next one waits longer (exponential, capped at the configured interval
times eight), so a hall that lost its network does not spin; a success restores the interval.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sync.engine import SyncEngine
from sync.summary import SyncSummary


class SyncScheduler:
    def __init__(self, engine: SyncEngine, *, interval_seconds: float | None = None,
                 monotonic: Callable[[], float] = time.monotonic, budget_seconds: float = 20.0) -> None:
        self.engine = engine
        self.interval = float(interval_seconds or engine.ctx.config.server.sync_interval_seconds)
        self.monotonic = monotonic
        self.budget_seconds = budget_seconds
        self.last: SyncSummary | None = None
        self._failures = 0
        self._next_at = monotonic()  # first run as soon as the shell asks
        self._lock = threading.Lock()

    def due(self) -> bool:
        return self.monotonic() >= self._next_at

    def seconds_until_next(self) -> float:
        return max(0.0, self._next_at - self.monotonic())

    def request_now(self) -> None:
        """Run at the next opportunity (e.g. right after an acceptance was queued)."""
        self._next_at = self.monotonic()

    def run_once(self) -> SyncSummary:
        """One sync run (blocking: call it off the UI thread). Never raises for sync problems."""
        with self._lock:
            summary = self.engine.run_once(budget_seconds=self.budget_seconds, max_wait=2.0)
            self.last = summary
            if summary.error_kind in (None, "busy") and summary.online:
                self._failures = 0
                self._next_at = self.monotonic() + self.interval
            elif summary.error_kind in ("not_configured", "not_enrolled", "no_keyring", "auth", "tls"):
                self._failures += 1  # needs a person: check again only at the normal pace
                self._next_at = self.monotonic() + self.interval
            else:
                self._failures += 1
                delay = min(self.interval * 8, self.interval * (2 ** (self._failures - 1)))
                self._next_at = self.monotonic() + delay
            return summary

    def status(self) -> SyncSummary:
        """The last known state without network (for the status bar at start-up)."""
        return self.engine.status()

    def run_forever(self, stop: threading.Event, on_summary: Callable[[SyncSummary], None] | None = None) -> None:
        """For a plain thread or the CLI daemon: run whenever due until ``stop`` is set."""
        while not stop.is_set():
            if self.due():
                summary = self.run_once()
                if on_summary:
                    on_summary(summary)
            stop.wait(min(1.0, max(0.05, self.seconds_until_next())))
