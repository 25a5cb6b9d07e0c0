"""The seam through which the capture panel runs work off the UI thread.

``Tasks.run(fn, on_done, on_error, on_progress)`` calls ``fn(progress, cancel)`` in a worker
and delivers the result, the exception or progress on the UI thread. ``PoolTasks`` uses a
QThreadPool; ``InlineTasks`` runs synchronously for deterministic tests. When the shared
task runner (``ui/tasks.py``) is available, :func:`default_tasks` adapts it instead.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from ui.qt import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("onewindow.ui.capture")

Work = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class Tasks(Protocol):
    def run(self, fn: Work, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
            on_progress: Callable[[int, int, str], None] | None = None) -> Callable[[], None]:
        """Start ``fn``; returns a function that asks it to cancel."""


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, fn: Work, relay: _Relay, cancelled: threading.Event) -> None:
        super().__init__()
        self.fn, self.relay, self.cancelled = fn, relay, cancelled

    def run(self) -> None:
        try:
            result = self.fn(lambda d, t, w: self.relay.progress.emit(d, t, w), self.cancelled.is_set)
        except BaseException as exc:  # delivered to the UI thread, which decides what to show
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class PoolTasks:
    """Runs each job on a QThreadPool; results come back by queued signal on the UI thread."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._live: set[_Relay] = set()

    def run(self, fn, on_done, on_error, on_progress=None):
        relay = _Relay()
        cancelled = threading.Event()
        self._live.add(relay)

        def finish(callback, value):
            self._live.discard(relay)
            callback(value)

        relay.done.connect(lambda r: finish(on_done, r))
        relay.failed.connect(lambda e: finish(on_error, e))
        if on_progress:
            relay.progress.connect(on_progress)
        self.pool.start(_Job(fn, relay, cancelled))
        return cancelled.set

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


class InlineTasks:
    """Runs the job immediately on the calling thread (tests, and the CLI-less demo)."""

    def run(self, fn, on_done, on_error, on_progress=None):
        cancelled = threading.Event()
        try:
            result = fn(on_progress or (lambda d, t, w: None), cancelled.is_set)
        except BaseException as exc:
            on_error(exc)
        else:
            on_done(result)
        return cancelled.set


def default_tasks() -> Tasks:
    return PoolTasks()
