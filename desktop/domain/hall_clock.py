"""The one clock of the hall: every business date and every time shown is in the hall's time zone.

The store keeps naive UTC; what a citizen reads (the day in an acceptance number, a due date,
"today", the time on a receipt, the day a report counts) is the wall clock of the hall, set in
config (``[hall] time_zone``, default Asia/Shanghai) — never the zone the PC happens to be
left on. A counter PC shipped with UTC and never touched would otherwise number a case
accepted at 07:30 with yesterday's date and print its due date before its entry date.

Services take the clock from their context (``ctx.hall_clock``). Code that only formats a
stored UTC value for display (a Qt model, a report table) asks :func:`hall_clock`, the process's
clock, which the context sets when it is built: one process serves one hall.

Time zones come from the IANA database (``zoneinfo``; the ``tzdata`` package where the system
has none, e.g. Windows). Asia/Shanghai has had no daylight saving since 1991, so if no
database is found at all it falls back to the fixed +08:00 offset, exact for every date the
app holds; another zone without data is a configuration error.
"""
from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass, field

DEFAULT_ZONE = "Asia/Shanghai"
_FIXED_FALLBACK = {"Asia/Shanghai": dt.timedelta(hours=8), "Asia/Chongqing": dt.timedelta(hours=8),
                   "PRC": dt.timedelta(hours=8)}


class UnknownTimeZone(ValueError):
    """The configured zone is not an IANA name this machine knows."""


@functools.cache
def _zone(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        if name in _FIXED_FALLBACK:
            return dt.timezone(_FIXED_FALLBACK[name], name)
        raise UnknownTimeZone(
            f"unknown time zone {name!r}: use an IANA name such as Asia/Shanghai or Asia/Urumqi") from None


def check_zone(name: str) -> str | None:
    """Why ``name`` cannot be the hall's zone, or None (used by the config check)."""
    try:
        _zone(str(name))
    except UnknownTimeZone as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class HallClock:
    """Conversions between stored naive UTC and the hall's wall clock."""

    zone_name: str = DEFAULT_ZONE
    zone: dt.tzinfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "zone", _zone(self.zone_name))

    def local(self, utc_naive: dt.datetime) -> dt.datetime:
        """Naive UTC from the store -> naive wall-clock time in the hall."""
        return utc_naive.replace(tzinfo=dt.UTC).astimezone(self.zone).replace(tzinfo=None)

    def date_of(self, utc_naive: dt.datetime) -> dt.date:
        """The hall's calendar day of a stored instant ("today" is ``date_of(now)``)."""
        return self.local(utc_naive).date()

    def today(self) -> dt.date:
        """The hall's calendar day right now, whatever zone the PC is left on (services with a
        context ask ``ctx.today()``, whose clock tests can set; this is for code without one)."""
        return self.date_of(dt.datetime.now(dt.UTC).replace(tzinfo=None))

    def to_utc(self, local_naive: dt.datetime) -> dt.datetime:
        """A wall-clock time in the hall -> naive UTC, as the store keeps times."""
        return local_naive.replace(tzinfo=self.zone).astimezone(dt.UTC).replace(tzinfo=None)

    def day_start_utc(self, day: dt.date) -> dt.datetime:
        """Midnight at the start of the hall's day ``day``, in naive UTC."""
        return self.to_utc(dt.datetime.combine(day, dt.time.min))

    def days_utc(self, first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """Naive-UTC half-open interval [lo, hi) covering the hall's days ``first``..``last``."""
        return self.day_start_utc(first), self.day_start_utc(last + dt.timedelta(days=1))

    def utc_offset(self, utc_naive: dt.datetime) -> dt.timedelta:
        offset = utc_naive.replace(tzinfo=dt.UTC).astimezone(self.zone).utcoffset()
        return offset or dt.timedelta(0)

    def sqlite_modifier(self, utc_naive: dt.datetime) -> str:
        """SQLite date modifier ('+480 minutes') turning a stored time into hall time near ``utc_naive``.

        Exact for zones without daylight saving (all of China); elsewhere exact within one
        side of a DST change, which is what an hour-of-day chart can carry.
        """
        minutes = int(self.utc_offset(utc_naive).total_seconds() // 60)
        return f"{minutes:+d} minutes"


def utc_naive(moment: dt.datetime) -> dt.datetime:
    """An instant as the store keeps it, naive UTC: an aware time is converted, a naive one is
    taken to be UTC already (the platform and our own files write UTC)."""
    return moment if moment.tzinfo is None else moment.astimezone(dt.UTC).replace(tzinfo=None)


def parse_utc(text: str) -> dt.datetime:
    """An ISO-8601 timestamp from the platform or a file ('Z', an offset, or naive UTC) as naive
    UTC; :class:`ValueError` when the text is not one."""
    return utc_naive(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))


_process_clock = HallClock()


def hall_clock() -> HallClock:
    """The clock of the hall this process serves (set from config when the app context is built)."""
    return _process_clock


def use_hall_clock(clock: HallClock) -> None:
    """Make ``clock`` the process's clock (the app context does this; tests reset it)."""
    global _process_clock
    _process_clock = clock
