"""Run work off the UI thread and get the result back on the main thread.

Every screen that calls a service which may take more than a blink (a database write, a
sync round, rendering a PDF, a report over a month of cases) does it through a
:class:`TaskRunner`, never in a button slot directly. The pattern follows Anki's
``aqt/taskman.py`` and Picard's ``run_task``::

    class ApplicationsPage(QWidget):
        def __init__(self, ctx, user):
            super().__init__()
            self.tasks = TaskRunner(self)          # parented: dies with the page
            self.service = ApplicationService(ctx)

        def refresh(self):
            self.tasks.run(
                lambda: self.service.search(self.query.text()),   # worker thread
                on_done=self.model.set_rows,                      # main thread, gets the result
            )                                                     # errors: shown to the clerk

        def accept_case(self):
            self.tasks.run(lambda: self.service.accept(draft), on_done=self.show_receipt,
                           writes_db=True)                         # serialised with other writes

Rules that keep this safe:

- ``fn`` runs in a worker thread. It must not touch widgets, and must not share a
  SQLAlchemy session with the main thread: services open their own session per call.
  Capture plain values (``text = edit.text()``) before calling ``run`` when in doubt.
- ``on_done(result)`` and ``on_error(exc)`` run on the main thread, through a queued
  signal, so they may update widgets freely.
- ``on_error`` defaults to :func:`ui.messages.show_error`: the error is logged with its
  stack and the clerk sees the service's own message (or a generic one for a bug).
- If the runner's parent widget is destroyed before the work finishes, the callbacks are
  dropped silently: there is nothing left to update.
- ``writes_db=True`` queues the work on a single-thread pool, so SQLite writes from the
  GUI never contend with each other.

Tests make all of this synchronous: ``with use_pools(SynchronousPool()):`` (or the
``sync_tasks`` fixture in ``tests/ui/conftest.py``) makes every runner created inside run
its work immediately in the calling thread, so a test can click a button and assert on the
result on the next line. A runner can also be given a pool explicitly:
``TaskRunner(parent, pool=SynchronousPool())``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import shiboken6

from ui.qt import QCoreApplication, QEvent, QObject, QRunnable, QThread, QThreadPool, Signal

log = logging.getLogger("onewindow.ui.tasks")


class Pool(Protocol):
    """What a runner needs of a thread pool: QThreadPool fits, and so does SynchronousPool."""

    def start(self, runnable: QRunnable) -> None: ...


class SynchronousPool:
    """Runs each task at once in the calling thread; for tests (Picard's FakeThreadPool)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


_write_pool: QThreadPool | None = None
_overrides: list[Pool] = []


def default_pool() -> Pool:
    return _overrides[-1] if _overrides else QThreadPool.globalInstance()


def default_write_pool() -> Pool:
    """One thread for every GUI-initiated database write, process-wide."""
    global _write_pool
    if _overrides:
        return _overrides[-1]
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Let running tasks finish, e.g. before the database is closed at exit; True if all did."""
    pools = [QThreadPool.globalInstance()] + ([_write_pool] if _write_pool is not None else [])
    return all(pool.waitForDone(timeout_ms) for pool in pools)


@contextmanager
def use_pools(pool: Pool) -> Iterator[Pool]:
    """Within the block, runners created without an explicit pool use ``pool`` for all work."""
    _overrides.append(pool)
    try:
        yield pool
    finally:
        _overrides.remove(pool)


class _CallEvent(QEvent):
    """Carries a callable to the main thread; posting an event is thread-safe in Qt."""

    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, call: Callable[[], None]) -> None:
        super().__init__(self.TYPE)
        self.call = call


class _MainThreadDispatcher(QObject):
    """Runs posted calls on the thread it lives on (the main thread); never deleted."""

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt override
        if event.type() == _CallEvent.TYPE:
            event.call()  # type: ignore[attr-defined]
            return True
        return super().event(event)


_dispatcher: _MainThreadDispatcher | None = None


def _main_thread_dispatcher() -> _MainThreadDispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _MainThreadDispatcher()
        app = QCoreApplication.instance()
        if app is not None:
            _dispatcher.moveToThread(app.thread())
    return _dispatcher


class Task(QObject):
    """One piece of background work; lives on the main thread and relays the outcome there.

    The worker never touches this object: it posts the outcome as an event to a dispatcher
    that lives as long as the application, and the dispatcher (on the main thread) hands it
    to the task only if the task still exists. A page closed while its work runs therefore
    cannot be emitted on from another thread half-way through its destruction (Picard's
    ``run_task`` does the same with ``postEvent``).
    """

    # Public: emitted on the main thread after on_done / on_error ran.
    finished = Signal()

    def __init__(self, parent: QObject, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None]) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self.result: Any = None
        self.error: BaseException | None = None

    def _deliver_result(self, result: Any) -> None:
        self.result = result
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self._finish()

    def _deliver_error(self, error: BaseException) -> None:
        self.error = error
        try:
            self._on_error(error)
        finally:
            self._finish()

    def _finish(self) -> None:
        self.finished.emit()
        self.deleteLater()


def _deliver(task: Task, ok: bool, value: Any) -> None:
    """On the main thread: hand the outcome to the task unless its owner is gone."""
    if not shiboken6.isValid(task):
        log.debug("task finished after its owner was destroyed; result dropped")
        return
    if ok:
        task._deliver_result(value)
    else:
        task._deliver_error(value)


class _Work(QRunnable):
    def __init__(self, fn: Callable[[], Any], task: Task) -> None:
        super().__init__()
        self._fn = fn
        self._task = task
        self._dispatcher = _main_thread_dispatcher()

    def run(self) -> None:
        try:
            outcome = (True, self._fn())
        except BaseException as exc:  # noqa: BLE001 - delivered to on_error, never swallowed
            outcome = (False, exc)
        finally:
            self._fn = None  # type: ignore[assignment]  # drop captured objects promptly
        task, dispatcher = self._task, self._dispatcher
        if QThread.currentThread() is dispatcher.thread():
            _deliver(task, *outcome)  # a synchronous pool (tests): deliver right away
        else:
            QCoreApplication.postEvent(dispatcher, _CallEvent(lambda: _deliver(task, *outcome)))


class TaskRunner(QObject):
    """Starts background work for one widget; callbacks are dropped once the widget is gone."""

    def __init__(self, parent: QObject | None = None, *, pool: Pool | None = None,
                 write_pool: Pool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._write_pool = write_pool or pool

    def run(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, writes_db: bool = False) -> Task:
        """Run ``fn()`` in a worker; call ``on_done(result)`` or ``on_error(exc)`` on the main thread."""
        task = Task(self, on_done, on_error or self._show_error)
        pool = (self._write_pool or default_write_pool()) if writes_db else (self._pool or default_pool())
        pool.start(_Work(fn, task))
        return task

    def _show_error(self, error: BaseException) -> None:
        from ui.messages import show_error

        parent = self.parent()
        show_error(parent if parent is not None and parent.isWidgetType() else None, error)
