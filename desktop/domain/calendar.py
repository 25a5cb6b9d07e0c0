"""The working-day calendar that every promised time limit (承诺时限) is counted in.

Matters promise "N working days", and in China a working day is not simply Monday–Friday:
public holidays close the hall on weekdays and adjusted working days (调休) open it on some
Saturdays and Sundays. A due date printed on a receipt that ignores either is a broken promise
the citizen can hold the hall to, so all date arithmetic about time limits goes through here.

Convention (the one service halls use and the receipt states): the day of acceptance does not
count. Counting starts on the next working day, so a matter accepted on Friday with 1 promised
working day is due the following Monday. Zero days (即办件) means due on the acceptance day.

Years the calendar has no official data for (the State Council publishes next year's
arrangement in the autumn; our bundled data stops where publications stopped) fall back to
plain weekends — and say so: :meth:`WorkCalendar.unknown_years` tells which years a count ran
through without data, so a due date there is flagged to the clerk before acceptance, and
:func:`next_year_missing` tells supervisors and IT from 1 November that next year is missing.
Never invent a year: only an official arrangement (bundled, imported by IT, or sent by the
central platform) makes a year known.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

ONE_DAY = dt.timedelta(days=1)


class WorkCalendar:
    """Weekends rest, except adjusted working days; weekdays work, except public holidays."""

    def __init__(self, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = (),
                 known_years: Iterable[int] | None = None) -> None:
        self.holidays: frozenset[dt.date] = frozenset(holidays)
        self.workdays: frozenset[dt.date] = frozenset(workdays)
        both = self.holidays & self.workdays
        if both:
            first = min(both)
            raise ValueError(f"{first.isoformat()} cannot be both a holiday and an adjusted working day")
        # Years with an official arrangement; by default those the exceptions mention (every
        # published year has public holidays, so a year with none listed is not known).
        self.known_years: frozenset[int] = frozenset(
            known_years if known_years is not None else {d.year for d in self.holidays | self.workdays})

    def knows(self, year: int) -> bool:
        return year in self.known_years

    def unknown_years(self, start: dt.date, end: dt.date) -> list[int]:
        """Years of the counted days (start, end] that have no official data (counted Monday–Friday)."""
        if end <= start:
            return []
        return [y for y in range((start + ONE_DAY).year, end.year + 1) if y not in self.known_years]

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


def promised_due_date(calendar: WorkCalendar, accepted_on: dt.date, promised_days: int,
                      supplement_notified_on: dt.date | None = None) -> tuple[dt.date, int]:
    """(due date, paused working days) of a case accepted on ``accepted_on``.

    A case that waited for supplement (补正) had its clock stopped from the notice to the
    acceptance: counting starts at the notice and the paused working days are added, so the
    citizen loses none of the promised days. One rule for the decision and for every recount
    (a new calendar arriving later).
    """
    start, paused = accepted_on, 0
    if supplement_notified_on is not None:
        start = supplement_notified_on
        paused = max(0, calendar.working_days_between(start, accepted_on))
    return calendar.add_working_days(start, promised_days + paused), paused


NEXT_YEAR_WARNING_FROM = (11, 1)  # month, day: the State Council usually publishes in October–November


def next_year_missing(calendar: WorkCalendar, today: dt.date) -> int | None:
    """Next year, when it is 1 November or later and the calendar has no official data for it."""
    if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM and not calendar.knows(today.year + 1):
        return today.year + 1
    if not calendar.knows(today.year):
        return today.year
    return None


def parse_calendar_document(doc: dict) -> dict[int, tuple[list[dt.date], list[dt.date]]]:
    """Year -> (holidays, adjusted working days) from the bundled/platform JSON document.

    The document shape is ``{"years": {"2026": {"holidays": [...], "adjusted_workdays": [...]}}}``
    with ISO dates; a malformed entry raises ValueError naming it, because a silently dropped
    holiday shifts every due date around it.
    """
    years: dict[int, tuple[list[dt.date], list[dt.date]]] = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("years"), dict):
        raise ValueError('the document must be {"years": {"2027": {"holidays": [...], "adjusted_workdays": [...]}}}')
    for year_text, entry in doc["years"].items():
        if not str(year_text).isdigit() or not isinstance(entry, dict):
            raise ValueError(f"year {year_text!r}: expected a four-digit year with holidays and adjusted_workdays")
        year = int(year_text)
        holidays = [dt.date.fromisoformat(d) for d in entry.get("holidays", [])]
        workdays = [dt.date.fromisoformat(d) for d in entry.get("adjusted_workdays", [])]
        for day in holidays + workdays:
            if day.year != year:
                raise ValueError(f"{day.isoformat()} is listed under year {year}")
        if not holidays:
            raise ValueError(f"year {year} lists no public holiday: that is not an official arrangement")
        WorkCalendar(holidays, workdays)  # a day both holiday and working day is refused here
        years[year] = (holidays, workdays)
    return years
