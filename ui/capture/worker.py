"""Progress and cancel on top of the shared task runner (``ui/tasks.py``) for the capture panel.

Capture work reports progress per page and stops between pages when the clerk cancels, which
the plain runner does not carry. ``CaptureTasks.run(fn, on_done, on_error, on_progress)``
calls ``fn(progress, cancel)`` through a :class:`ui.tasks.TaskRunner` — so tests that use
``use_pools(SynchronousPool())`` or pass ``TaskRunner(pool=SynchronousPool())`` get
synchronous capture too — and relays progress to the UI thread by queued signal.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ui.qt import QObject, Signal
from ui.tasks import SynchronousPool, TaskRunner

Work = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class _Progress(QObject):
    progress = Signal(int, int, str)


class CaptureTasks:
    def __init__(self, runner: TaskRunner) -> None:
        self.runner = runner

    def run(self, fn: Work, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
            on_progress: Callable[[int, int, str], None] | None = None, *, writes_db: bool = False
            ) -> Callable[[], None]:
        """Start ``fn(progress, cancel)``; returns a function that asks it to stop between pages."""
        relay = _Progress(self.runner)  # lives on the UI thread: emits from the worker are queued
        if on_progress:
            relay.progress.connect(on_progress)
        cancelled = threading.Event()
        task = self.runner.run(lambda: fn(relay.progress.emit, cancelled.is_set), on_done=on_done,
                               on_error=on_error, writes_db=writes_db)
        task.finished.connect(relay.deleteLater)
        return cancelled.set


def as_capture_tasks(tasks, parent: QObject) -> CaptureTasks:
    """Accept what the embedding screen has: nothing, a TaskRunner, or CaptureTasks."""
    if tasks is None:
        return CaptureTasks(TaskRunner(parent))
    if isinstance(tasks, TaskRunner):
        return CaptureTasks(tasks)
    return tasks


def synchronous_tasks(parent: QObject | None = None) -> CaptureTasks:
    """Everything runs at once on the calling thread (tests, screenshots)."""
    return CaptureTasks(TaskRunner(parent, pool=SynchronousPool()))
