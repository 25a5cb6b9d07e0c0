"""Drives ``sync.scheduler.SyncScheduler`` from the GUI: a timer on the UI thread, the run on the network lane.

The composition root makes one per sign-in (``ui/composition.py``)::

    controller.start()            # the last known state at once, then a check every few seconds
    controller.sync_now()         # e.g. from the sync page's button

Each run is the :class:`ui.operations.sync.SyncRun` operation, which announces the outcome on
the event hub (``sync_state_changed``; ``cases_changed`` when the platform changed cases), so
the status bar, the sync page and the applications list learn of it without being wired to
this object. A decision at the window (``case_decided``) makes a run due at once. A run never
blocks the clerk and never raises into the GUI: problems arrive as a summary with a
plain-Chinese ``error``.
"""
from __future__ import annotations

import logging

from sync.scheduler import SyncScheduler
from sync.summary import SyncSummary
from ui.events import EventHub
from ui.operations.runner import OperationRunner
from ui.operations.sync import SyncRun, SyncStatus
from ui.qt import QObject, QTimer, Signal

log = logging.getLogger("onewindow.ui.sync")


class SyncController(QObject):
    summary_ready = Signal(object)  # SyncSummary, for the sync page's detail lines

    def __init__(self, scheduler: SyncScheduler, ops: OperationRunner, events: EventHub, *,
                 parent: QObject | None = None, tick_ms: int = 5000) -> None:
        super().__init__(parent)
        self.scheduler = scheduler
        self.ops = ops
        self.running = False
        self.last: SyncSummary | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)
        events.case_decided.connect(lambda _event: self.sync_now())

    def start(self) -> None:
        self.ops.run(SyncStatus(), owner=self, on_done=self._publish, on_error=self._failed)
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
        self.ops.run(SyncRun(), owner=self, on_done=self._done, on_error=self._failed)

    def _done(self, summary: SyncSummary) -> None:
        self.running = False
        self._publish(summary)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        log.error("sync run crashed", exc_info=(type(error), error, error.__traceback__))

    def _publish(self, summary: SyncSummary) -> None:
        self.last = summary
        self.summary_ready.emit(summary)
