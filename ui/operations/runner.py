"""Runs operations for one signed-in session: the right lane, success and failure routed back.

The composition root makes one runner per sign-in (and a small one for the sign-in dialog,
without a user). A screen calls::

    self.ops.run(Accept(uuid), owner=self, on_done=self._decided, on_error=self._refused)

``owner`` is the widget the answer is for: if it is gone when the answer arrives, its
callbacks are dropped, but the operation's announcement on the event hub still goes out (the
case *was* decided, whoever asked). ``on_error`` defaults to the one message path
(:func:`ui.messages.show_error`): a :class:`UserError` is shown as written, anything else is
logged with its stack and goes to the crash path.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6

from ui.operations.base import Env, Operation
from ui.qt import QObject, QWidget, Signal
from ui.tasks import Pool, Task, TaskRunner

if TYPE_CHECKING:
    from desktop.domain.accounts import CurrentUser
    from desktop.services.bundle import Services
    from ui.composition.ports import Ports
    from ui.events import EventHub

log = logging.getLogger("onewindow.ui.operations")
T = TypeVar("T")


class _Progress(QObject):
    """Lives on the UI thread; emits from a worker are queued to the UI thread."""

    progress = Signal(int, int, str)


class Running:
    """A started operation: its task (``finished`` fires after the callbacks) and a way to cancel."""

    def __init__(self, task: Task, cancel: threading.Event) -> None:
        self.task = task
        self._cancel = cancel

    def cancel(self) -> None:
        """Ask a long operation to stop between steps (work already stored is kept)."""
        self._cancel.set()


class OperationRunner(QObject):
    def __init__(self, services: Services, *, user: CurrentUser | None = None, events: EventHub | None = None,
                 ports: Ports | None = None, parent: QObject | None = None, pool: Pool | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.user = user
        self.events = events
        self.ports = ports
        self.window: QWidget | None = None  # where messages go when the owner is not a widget
        self._tasks = TaskRunner(self, pool=pool)

    def run(self, op: Operation[T], *, owner: QObject | None = None,
            on_done: Callable[[T], None] | None = None, on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None) -> Running:
        """Start ``op`` on its lane; ``on_done``/``on_error`` run on the UI thread if ``owner`` still exists."""
        services, ports, user = self.services, self.ports, self.user
        cancelled = threading.Event()
        relay = _Progress()  # no parent: kept by the callbacks below until the outcome is delivered
        if on_progress is not None:
            relay.progress.connect(on_progress)

        env = Env(services, ports, user, relay.progress.emit, cancelled.is_set)

        def work() -> Any:  # worker thread: only the frozen operation and thread-safe services
            return op.perform(env)

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        def done(result: Any) -> None:
            relay.blockSignals(True)  # no progress after the end
            if self.events is not None:
                op.announce(result, self.events)
            if on_done is not None and alive():
                on_done(result)

        def failed(error: BaseException) -> None:
            relay.blockSignals(True)
            if not alive():
                _log_dropped(op, error)
            elif on_error is not None:
                on_error(error)
            else:
                from ui.messages import show_error

                show_error(self._message_parent(owner), error)

        task = self._tasks.run(work, on_done=done, on_error=failed, lane=op.lane)
        return Running(task, cancelled)

    def _message_parent(self, owner: QObject | None) -> QWidget | None:
        if isinstance(owner, QWidget):
            return owner
        return self.window


def _log_dropped(op: Operation, error: BaseException) -> None:
    from desktop.domain.errors import UserError

    if isinstance(error, UserError):
        log.info("%s refused after its screen closed: %s", type(op).__name__, error)
    else:
        log.error("%s failed after its screen closed", type(op).__name__,
                  exc_info=(type(error), error, error.__traceback__))
