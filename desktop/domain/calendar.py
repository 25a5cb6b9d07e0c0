"""The working-day calendar that every promised time limit (承诺时限) is counted in.

Matters promise "N working days", and in China a working day is not simply Monday–Friday:
public holidays close the hall on weekdays and adjusted working days (调休) open it on some
Saturdays and Sundays. A due date printed on a receipt that ignores either is a broken promise
the citizen can hold the hall to, so all date arithmetic about time limits goes through here.

Convention (the one service halls use and the receipt states): the day of acceptance does not
count. Counting starts on the next working day, so a matter accepted on Friday with 1 promised
working day is due the following Monday. Zero days (即办件) means due on the acceptance day.

Years the calendar knows nothing about fall back to plain weekends; the central platform's
calendar replaces the bundled years when it is reachable.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

ONE_DAY = dt.timedelta(days=1)


class WorkCalendar:
    """Weekends rest, except adjusted working days; weekdays work, except public holidays."""

    def __init__(self, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()) -> None:
        self.holidays: frozenset[dt.date] = frozenset(holidays)
        self.workdays: frozenset[dt.date] = frozenset(workdays)
        both = self.holidays & self.workdays
        if both:
            first = min(both)
            raise ValueError(f"{first.isoformat()} cannot be both a holiday and an adjusted working day")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The due date of something accepted on ``start`` with ``n`` working days promised.

        ``start`` itself never counts (see the module docstring); ``n == 0`` returns ``start``.
        ``start`` may be a rest day (an application accepted at a weekend service): counting
        still begins with the next working day.
        """
        if n < 0:
            raise ValueError("the number of working days cannot be negative")
        day = start
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in the half-open range (a, b]: how many of the promised days have elapsed.

        It is the inverse of :meth:`add_working_days`: ``working_days_between(s,
        add_working_days(s, n)) == n``. Negative when ``b`` is before ``a``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + ONE_DAY
        while day <= b:
            if self.is_working_day(day):
                count += 1
            day += ONE_DAY
        return count

    def latest_working_day_on_or_before(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day


def parse_calendar_document(doc: dict) -> dict[int, tuple[list[dt.date], list[dt.date]]]:
    """Year -> (holidays, adjusted working days) from the bundled/platform JSON document.

    The document shape is ``{"years": {"2026": {"holidays": [...], "adjusted_workdays": [...]}}}``
    with ISO dates; a malformed entry raises ValueError naming it, because a silently dropped
    holiday shifts every due date around it.
    """
    years: dict[int, tuple[list[dt.date], list[dt.date]]] = {}
    for year_text, entry in (doc.get("years") or {}).items():
        year = int(year_text)
        holidays = [dt.date.fromisoformat(d) for d in entry.get("holidays", [])]
        workdays = [dt.date.fromisoformat(d) for d in entry.get("adjusted_workdays", [])]
        for day in holidays + workdays:
            if day.year != year:
                raise ValueError(f"{day.isoformat()} is listed under year {year}")
        years[year] = (holidays, workdays)
    return years
