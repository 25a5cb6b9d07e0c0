"""Run work off the UI thread and get the result back on the main thread.

This is the plumbing under ``ui/operations`` (every user action is an operation; screens do
not call this module) and under the few start-up steps that run before anyone signs in. The
pattern follows Anki's ``aqt/taskman.py`` and Picard's ``run_task``::

    runner = TaskRunner(owner)                    # parented: callbacks die with the owner
    runner.run(fn, on_done=show, on_error=explain, lane=Lane.WRITE)

Rules that keep this safe:

- ``fn`` runs in a worker thread. It must not touch widgets, and must not share a
  SQLAlchemy session with the main thread: services open their own session per call.
  Operations guarantee the first rule by construction (their inputs are plain values).
- ``on_done(result)`` and ``on_error(exc)`` run on the main thread, through a posted event,
  so they may update widgets freely.
- ``on_error`` defaults to :func:`ui.messages.show_error`: a :class:`UserError` is shown as it
  is; anything else is a bug, logged with its stack and shown as a generic message.
- If the runner's parent is destroyed before the work finishes, the callbacks are dropped
  silently: there is nothing left to update.
- Each :class:`Lane` has its own pool. ``WRITE`` is one thread for the whole process, so
  SQLite writes from the GUI never contend and land in the order they were asked for (an
  autosave queued before a decision lands first). ``READ`` runs beside it. ``NETWORK`` is
  for work that waits on the platform (a sync run, an e-certificate), so a slow network
  never holds up the writer or the readers.

Tests make all of this synchronous: ``with use_pools(SynchronousPool()):`` (or the
``sync_tasks`` fixture in ``tests/ui/conftest.py``) makes every runner created inside run
its work immediately in the calling thread, so a test can press a key and assert on the
result on the next line. The end-to-end suite (``tests/e2e``) keeps the real pools: a
synchronous runner hides exactly the bugs where a worker reads a widget.
"""
from __future__ import annotations

import enum
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


class Lane(enum.Enum):
    """Which pool a piece of work runs on (see the module notes)."""

    READ = "read"
    WRITE = "write"
    NETWORK = "network"


_write_pool: QThreadPool | None = None
_network_pool: QThreadPool | None = None
_overrides: list[Pool] = []
NETWORK_THREADS = 2  # a sync run and an e-certificate look-up at the same time


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


def default_network_pool() -> Pool:
    global _network_pool
    if _overrides:
        return _overrides[-1]
    if _network_pool is None:
        _network_pool = QThreadPool()
        _network_pool.setMaxThreadCount(NETWORK_THREADS)
    return _network_pool


def pool_for(lane: Lane) -> Pool:
    if lane is Lane.WRITE:
        return default_write_pool()
    if lane is Lane.NETWORK:
        return default_network_pool()
    return default_pool()


def real_pools() -> list[QThreadPool]:
    """The thread pools that exist so far (for waiting on them at exit and in tests)."""
    return [QThreadPool.globalInstance()] + [p for p in (_write_pool, _network_pool) if p is not None]


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Let running tasks finish, e.g. before the database is closed at exit; True if all did."""
    return all(pool.waitForDone(timeout_ms) for pool in real_pools())


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
    to the task only if the runner that started it still exists. A page closed while its work
    runs therefore cannot be emitted on from another thread half-way through its destruction
    (Picard's ``run_task`` does the same with ``postEvent``).

    A task has no Qt parent: its runner keeps it until the outcome is delivered, and Python
    frees it then. (As a child with ``deleteLater`` it could be destroyed twice when its
    runner's owner went first — a crash seen when a session ended.)
    """

    # Public: emitted on the main thread after on_done / on_error ran.
    finished = Signal()

    def __init__(self, owner: TaskRunner, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._owner = owner
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
        try:
            self.finished.emit()
        finally:
            if shiboken6.isValid(self._owner):
                self._owner._pending.discard(self)


def _deliver(task: Task, ok: bool, value: Any) -> None:
    """On the main thread: hand the outcome to the task unless its owner is gone."""
    if not shiboken6.isValid(task._owner):
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
    """Starts background work for one owner; callbacks are dropped once the owner is gone."""

    def __init__(self, parent: QObject | None = None, *, pool: Pool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool  # one pool for every lane (tests); None: the lane's own pool
        self._pending: set[Task] = set()  # started, outcome not yet delivered

    def run(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, lane: Lane = Lane.READ) -> Task:
        """Run ``fn()`` in a worker; call ``on_done(result)`` or ``on_error(exc)`` on the main thread."""
        task = Task(self, on_done, on_error or self._show_error)
        self._pending.add(task)
        (self._pool or pool_for(lane)).start(_Work(fn, task))
        return task

    def _show_error(self, error: BaseException) -> None:
        from ui.messages import show_error

        parent = self.parent()
        show_error(parent if parent is not None and parent.isWidgetType() else None, error)
