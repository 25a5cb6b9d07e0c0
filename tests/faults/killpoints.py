"""Deterministic kill -9 points inside a child process: the N-th durable step of an operation.

A "point" is every call that makes something durable or visible: ``os.replace``/``os.rename``
(file swaps), ``os.fsync``, ``os.unlink``, and every SQL ``COMMIT`` (through SQLAlchemy's engine
event, and on bare DB-API connections). ``FAULT_KILL_AT=N`` makes the process ``os._exit(137)`` at
the N-th point — no ``finally``, no flush, exactly like kill -9 there. Without it the process runs
through and reports how many points it passed (``POINTS n`` on stderr), which the campaign uses to
draw its seeded kill points.
"""
from __future__ import annotations

import atexit
import os
import sys

_state = {"n": 0, "at": int(os.environ.get("FAULT_KILL_AT") or 0)}


def point() -> None:
    _state["n"] += 1
    if _state["n"] == _state["at"]:
        os._exit(137)


def _wrap(module, name: str) -> None:
    real = getattr(module, name)

    def wrapped(*args, **kwargs):
        point()
        return real(*args, **kwargs)

    setattr(module, name, wrapped)


def install() -> None:
    for name in ("replace", "rename", "fsync", "unlink"):
        _wrap(os, name)
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    event.listen(Engine, "commit", lambda _conn: point())
    atexit.register(lambda: print(f"POINTS {_state['n']}", file=sys.stderr, flush=True))
