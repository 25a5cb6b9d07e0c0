"""The working-day calendar stored in ``calendar_day``: bundled years first, the platform's later.

Due dates are computed inside write transactions, so the calendar must come from the same
database (not a file read at start-up that a sync may have replaced since). The bundled
State Council calendar is copied in once per year, idempotently; a year the platform has
published replaces the bundled one wholesale (:meth:`CalendarService.replace_year`), because a
partial merge could keep a holiday the State Council later moved.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from importlib import resources

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.domain.calendar import WorkCalendar, parse_calendar_document
from desktop.services.context import AppContext
from desktop.store.models import CalendarDay

log = logging.getLogger("onewindow.calendar")

BUNDLED_FILE = "cn-public-holidays.json"


def bundled_document() -> dict:
    text = resources.files("resources.calendar").joinpath(BUNDLED_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def load_calendar(session: Session) -> WorkCalendar:
    """The calendar as the database holds it now (a few hundred rows at most: cheap)."""
    rows = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    return WorkCalendar([d for d, k in rows if k == "holiday"], [d for d, k in rows if k == "workday"])


def _years_present(session: Session) -> set[int]:
    return {d.year for d in session.execute(select(CalendarDay.day)).scalars()}


def _insert_year(session: Session, holidays: Iterable[dt.date], workdays: Iterable[dt.date], source: str) -> int:
    rows = [CalendarDay(day=d, kind="holiday", source=source) for d in holidays]
    rows += [CalendarDay(day=d, kind="workday", source=source) for d in workdays]
    session.add_all(rows)
    return len(rows)


class CalendarService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def ensure_bundled_loaded(self) -> int:
        """Copy bundled years that the table does not have yet; returns the number of days added.

        A year already present (bundled earlier or sent by the platform) is left alone, so
        calling this at every start is harmless and never undoes a platform update.
        """
        years = parse_calendar_document(bundled_document())
        with self.ctx.db.session() as s:
            present = _years_present(s)
        if all(y in present for y in years):
            return 0
        added = 0
        with self.ctx.db.transaction() as s:
            present = _years_present(s)  # again, under the write lock
            for year, (holidays, workdays) in sorted(years.items()):
                if year not in present:
                    added += _insert_year(s, holidays, workdays, "bundled")
        if added:
            log.info("bundled holiday calendar loaded (%d days)", added)
        return added

    def calendar(self) -> WorkCalendar:
        with self.ctx.db.session() as s:
            return load_calendar(s)

    def replace_year(self, year: int, holidays: Iterable[dt.date], workdays: Iterable[dt.date],
                     source: str = "server") -> None:
        """Replace one year's exceptions with a newer publication (the platform's calendar)."""
        holidays, workdays = sorted(set(holidays)), sorted(set(workdays))
        for day in holidays + workdays:
            if day.year != year:
                raise ValueError(f"{day.isoformat()} does not belong to {year}")
        WorkCalendar(holidays, workdays)  # raises when a day is listed as both
        with self.ctx.db.transaction() as s:
            s.execute(delete(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1),
                                                CalendarDay.day <= dt.date(year, 12, 31)))
            _insert_year(s, holidays, workdays, source)
        log.info("calendar year %d replaced from %s (%d days)", year, source, len(holidays) + len(workdays))

    def years(self) -> dict[int, str]:
        """Year -> source, for the settings screen ("2026: 平台下发")."""
        with self.ctx.db.session() as s:
            rows = s.execute(select(CalendarDay.day, CalendarDay.source)).all()
        return {d.year: src for d, src in sorted(rows)}
