"""Allocation of acceptance numbers (受理编号): unique per window and day, never reused.

The daily sequence lives in ``acceptance_sequence`` and is bumped inside the deciding
transaction, so two app windows on one database (serialised by BEGIN IMMEDIATE) never draw
the same number, and a crash before commit leaves no trace.

A database restored from an older backup would rewind that table and hand out numbers the
citizens already hold on paper (and that the platform may already have). So every allocation
also writes a high-water mark to a small file next to the database, made durable *before* the
transaction commits (one in-place data sync, see ``high_water_mark.py``), and allocation takes
the maximum of both. The file is written under the database write lock, so concurrent writers
are still serialised. Consequences, on purpose:

* a crash between the file write and the commit skips a number (a gap is harmless, a
  duplicate is not);
* restoring the database alone never rewinds numbers; restoring the whole data directory
  including ``acceptance-hwm.json`` from an old copy could (IT's restore procedure restores the
  database file only, which is what ``onewindow db restore`` does).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, text

from desktop.domain.acceptance_no import format_acceptance_no
from desktop.services.intake.high_water_mark import KEEP_DAYS, HighWaterMark
from desktop.store.models import AcceptanceSequence

__all__ = ["HWM_FILE", "KEEP_DAYS", "HighWaterMark", "allocate_acceptance_no"]

HWM_FILE = "acceptance-hwm.json"


def _bump() -> Any:
    """The day's row, created at one past the mark or raised to one past the higher of it and the mark.

    Text with typed binds: SQLAlchemy does not cache a compiled ``on_conflict_do_update``.
    """
    table = AcceptanceSequence.__table__
    return text(
        "INSERT INTO acceptance_sequence (window_id, day, last_seq) VALUES (:window_id, :day, :floor + 1) "
        "ON CONFLICT (window_id, day) DO UPDATE SET last_seq = max(acceptance_sequence.last_seq, :floor) + 1 "
        "RETURNING last_seq"
    ).bindparams(bindparam("window_id", type_=table.c.window_id.type), bindparam("day", type_=table.c.day.type),
                 bindparam("floor", type_=Integer))


_BUMP = _bump()  # built once: a prebuilt statement costs a tenth of one built per call


def allocate_acceptance_no(conn: Connection, data_dir: Path, region: str, window: str, day: dt.date) -> str:
    """Draw the next number for ``window`` on ``day`` inside the caller's write transaction.

    One statement bumps the day's row (creating it at 1 past the mark) and returns the number;
    the mark file, read once, is then raised and made durable, still before the caller commits.
    """
    mark = HighWaterMark(data_dir, HWM_FILE)
    loaded = mark.load()
    seq = int(conn.execute(_BUMP, {"window_id": window, "day": day, "floor": loaded.get(window, day)}).scalar_one())
    mark.raise_mark(loaded, window, day, seq)  # durable before the commit: a crash skips, never repeats
    return format_acceptance_no(region, window, day, seq)
