"""The working-day seam for reports: how many working days until (or since) a due date.

The hall's calendar (public holidays, adjusted working days) is owned by the calendar service
(``calendar_day`` table, :class:`desktop.domain.calendar.WorkCalendar`). Reports only need to
ask "is this a working day?", so they depend on this small protocol; tests and benchmarks may
pass :class:`WeekendsOnly` to get a calendar that does not depend on the bundled holidays.
"""
from __future__ import annotations

import datetime as dt
from typing import Protocol


class WorkingDays(Protocol):
    def is_working_day(self, day: dt.date) -> bool: ...


class WeekendsOnly:
    """Monday to Friday are working days; no holidays known."""

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5


def add_working_days(calendar: WorkingDays, start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself when n == 0)."""
    day = start
    left = n
    while left > 0:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_days_after(calendar: WorkingDays, start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days ``end`` lies after ``start`` (0 if not after)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def default_calendar(ctx) -> WorkingDays:
    """The hall's calendar as the database holds it now (public holidays and 调休 included)."""
    from desktop.services.catalog.calendar import CalendarService

    return CalendarService(ctx).calendar()
