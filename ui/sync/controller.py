"""Drives ``sync.scheduler.SyncScheduler`` from the GUI: a timer on the UI thread, the run in a worker.

The shell builds one per main window::

    controller = SyncController(SyncScheduler(SyncEngine(ctx)), on_state=window.set_sync_state)
    controller.start()            # checks every few seconds whether a run is due
    controller.sync_now()         # e.g. right after an acceptance was queued

``summary_ready`` carries each :class:`sync.summary.SyncSummary` (main thread), for the sync
panel. A run never blocks the clerk and never raises into the GUI: problems arrive as a
summary with a plain-Chinese ``error``.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sync.scheduler import SyncScheduler
from sync.summary import SyncSummary
from ui.qt import QObject, QTimer, Signal
from ui.tasks import TaskRunner

log = logging.getLogger("onewindow.ui.sync")

StateSink = Callable[[bool | None, int, dt.datetime | None], None]


class SyncController(QObject):
    summary_ready = Signal(object)

    def __init__(self, scheduler: SyncScheduler, *, on_state: StateSink | None = None,
                 parent: QObject | None = None, tick_ms: int = 5000) -> None:
        super().__init__(parent)
        self.scheduler = scheduler
        self.on_state = on_state
        self.tasks = TaskRunner(self)
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._publish(self.scheduler.status())
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def sync_now(self) -> None:
        self.scheduler.request_now()
        self._tick()

    def _tick(self) -> None:
        if self.running or not self.scheduler.due():
            return
        self.running = True
        self.tasks.run(self.scheduler.run_once, on_done=self._done, on_error=self._failed)

    def _done(self, summary: SyncSummary) -> None:
        self.running = False
        self._publish(summary)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        log.error("sync run crashed", exc_info=(type(error), error, error.__traceback__))

    def _publish(self, summary: SyncSummary) -> None:
        if self.on_state is not None:
            online = summary.online if summary.enrolled else None
            self.on_state(online, summary.pending + summary.parked, summary.last_ok)
        self.summary_ready.emit(summary)
