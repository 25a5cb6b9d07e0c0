"""Allocation of acceptance numbers (受理编号): unique per window and day, never reused.

The daily sequence lives in ``acceptance_sequence`` and is bumped inside the deciding
transaction, so two app windows on one database (serialised by BEGIN IMMEDIATE) never draw
the same number, and a crash before commit leaves no trace.

A database restored from an older backup would rewind that table and hand out numbers the
citizens already hold on paper (and that the platform may already have). So every allocation
also writes a high-water mark to a small file next to the database, fsynced *before* the
transaction commits, and allocation takes the maximum of both. The file is written under
the database write lock, so concurrent writers are still serialised. Consequences, on purpose:

* a crash between the file write and the commit skips a number (a gap is harmless, a
  duplicate is not);
* restoring the database alone never rewinds numbers; restoring the whole data directory
  including ``acceptance-hwm.json`` from an old copy could (IT's restore procedure restores the
  database file only, which is what ``onewindow db restore`` does).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain.acceptance_no import format_acceptance_no
from desktop.store.models import AcceptanceSequence

log = logging.getLogger("onewindow.intake")

HWM_FILE = "acceptance-hwm.json"
KEEP_DAYS = 7  # older days can no longer be allocated on (the clock only moves forward by much)


class HighWaterMark:
    """{key: {day: last_seq}} in a tiny JSON file, replaced atomically and fsynced.

    Keys are windows for acceptance numbers; document numbers (文号) use their own file with the
    document family as key and 1 January of the year as day (see desktop/services/papers/issuing.py).
    """

    def __init__(self, data_dir: Path, name: str = HWM_FILE) -> None:
        self.path = Path(data_dir) / name

    def read(self) -> dict[str, dict[str, int]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # A damaged mark must not stop the counter; the database sequence still applies.
            log.warning("acceptance high-water mark %s unreadable; relying on the database", self.path)
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, window: str, day: dt.date) -> int:
        return int(self.read().get(window, {}).get(day.isoformat(), 0))

    def set(self, window: str, day: dt.date, seq: int) -> None:
        data = self.read()
        days = data.setdefault(window, {})
        days[day.isoformat()] = max(seq, int(days.get(day.isoformat(), 0)))
        for old in sorted(days)[:-KEEP_DAYS]:
            del days[old]
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; os.replace is durable enough there
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def allocate_acceptance_no(session: Session, data_dir: Path, region: str, window: str, day: dt.date) -> str:
    """Draw the next number for ``window`` on ``day`` inside the caller's write transaction."""
    row = session.get(AcceptanceSequence, (window, day))
    mark = HighWaterMark(data_dir)
    seq = max(row.last_seq if row else 0, mark.get(window, day)) + 1
    mark.set(window, day, seq)  # durable before the commit: a crash skips, never repeats
    if row is None:
        session.add(AcceptanceSequence(window_id=window, day=day, last_seq=seq))
    else:
        row.last_seq = seq
    session.flush()
    return format_acceptance_no(region, window, day, seq)
