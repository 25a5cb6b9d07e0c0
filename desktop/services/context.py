"""The composition root's bundle: config, the open database and a clock, handed to services.

Services take an :class:`AppContext` explicitly (no global registry), so the GUI, the CLI and
tests build exactly the same objects.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.config import Config
from desktop.domain.hall_clock import HallClock, use_hall_clock
from desktop.store.migrate import OpenResult

if TYPE_CHECKING:  # SQLAlchemy loads when the database is opened, not when this is imported
    from desktop.store.database import Database


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class AppContext:
    config: Config
    db: Database
    clock: Callable[[], dt.datetime] = field(default=_utcnow)  # naive UTC
    opened: OpenResult | None = None
    hall_clock: HallClock = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # One process serves one hall: display code reads the same clock (desktop.domain.hall_clock).
        self.hall_clock = HallClock(self.config.hall.time_zone)
        use_hall_clock(self.hall_clock)

    @classmethod
    def open(cls, config: Config, *, clock: Callable[[], dt.datetime] | None = None,
             allow_fresh: bool = False) -> AppContext:
        """Open (recover, key, encrypt, check, back up, migrate) the store named by ``config``.

        ``allow_fresh`` lets IT start an empty store beside traces of an old one on purpose
        (``onewindow db init --fresh``); otherwise that is refused (see desktop/store/identity.py).
        """
        from desktop.store.open_store import open_configured_store

        result = open_configured_store(config, allow_fresh=allow_fresh)
        return cls(config=config, db=result.database, clock=clock or _utcnow, opened=result)

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        """The hall's calendar day now (not the PC's: see desktop.domain.hall_clock)."""
        return self.hall_clock.date_of(self.clock())

    def close(self) -> None:
        self.db.dispose()
