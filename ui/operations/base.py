"""What a user action is: a frozen value of its inputs, a service call, and what it announces.

After Anki's ``aqt/operations``: each action at the counter (accept, request a supplement,
mark a material, print …) is one small class in ``ui/operations/<area>.py``::

    @dataclass(frozen=True)
    class RequestSupplement(Operation[Decision]):
        lane = Lane.WRITE
        uuid: str
        note: str

        def perform(self, env: Env) -> Decision:                              # worker thread
            return env.services.intake.request_supplement(env.user, self.uuid, note=self.note)

        def announce(self, result: Decision, events: EventHub) -> None:      # UI thread, on success
            events.case_decided.emit(decided(result))

A screen builds the operation from what its widgets hold *on the UI thread* and hands it to
the session's :class:`ui.operations.runner.OperationRunner`. An operation's fields must be
plain values (checked when it is made): strings, numbers, dates, paths, enums, tuples, dicts
of those, or frozen dataclasses of those. A widget, a callable or a service cannot be a field,
so the work cannot read a dialog that is gone by the time it runs (the 补正/不予受理 crash),
and nothing in it touches a widget off the UI thread. The lane says which pool runs it (one
writer for the store, readers beside it, network work apart), declared once on the class
rather than at every call site.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.domain.accounts import CurrentUser
    from desktop.services.bundle import Services
    from ui.composition.ports import Ports
    from ui.events import EventHub

T = TypeVar("T")
_SCALARS = (type(None), bool, int, float, str, bytes, dt.date, dt.datetime, dt.time, PurePath, enum.Enum)

Progress = Callable[[int, int, str], None]  # done, total, what is being done
Cancelled = Callable[[], bool]


def is_plain(value: Any) -> bool:
    """True for values that can cross to a worker: no widget, no callable, nothing mutable-shared."""
    if isinstance(value, _SCALARS):
        return True
    if isinstance(value, tuple | frozenset):
        return all(is_plain(v) for v in value)
    if isinstance(value, list):  # e.g. a list of paths chosen in a file dialog, copied by the caller
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        params = getattr(type(value), "__dataclass_params__", None)
        return bool(params and params.frozen) and all(
            is_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


@dataclass(frozen=True)
class Env:
    """What an operation's work may use in the worker: thread-safe services and ports, the user."""

    services: Services
    ports: Ports | None
    user: CurrentUser | None
    progress: Progress = lambda _done, _total, _what: None  # noqa: E731 - a default that does nothing
    cancelled: Cancelled = lambda: False  # noqa: E731

    def require_ports(self) -> Ports:
        if self.ports is None:
            raise RuntimeError("this operation needs the session's ports (sync, devices, certificates)")
        return self.ports

    def require_user(self) -> CurrentUser:
        if self.user is None:
            raise RuntimeError("this operation needs a signed-in user")
        return self.user


class Operation(Generic[T]):
    """Base of every user action; subclasses are ``@dataclass(frozen=True)`` of plain values."""

    lane: ClassVar[Lane] = Lane.READ

    def __post_init__(self) -> None:
        if not dataclasses.is_dataclass(self):
            raise TypeError(f"{type(self).__name__} must be a frozen dataclass")
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not is_plain(value):
                raise TypeError(f"{type(self).__name__}.{f.name} must be a plain value captured on the UI "
                                f"thread, not {type(value).__name__}")

    def perform(self, env: Env) -> T:
        """The service call; runs in a worker thread (``env.progress``/``env.cancelled`` for long work)."""
        raise NotImplementedError

    def announce(self, result: T, events: EventHub) -> None:
        """Tell the other screens what changed; runs on the UI thread after a success."""
