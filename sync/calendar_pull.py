"""Calendar puller: the platform's working-day calendar (holidays, 调休) replaces a year's local one.

Fetched at most once a day per year; a year the platform has not published (no days) is
left alone, so the bundled calendar keeps working. Written through the intake engineer's
``CalendarService.replace_year`` (source 'server'), the one writer of calendar_day.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desktop.services.context import AppContext
from sync.api import ApiClient
from sync.state import CALENDAR_FETCHED, get_value, set_value


def _replace_year(ctx: AppContext, year: int, holidays: list[dt.date], workdays: list[dt.date]) -> None:
    from desktop.services.catalog.calendar import CalendarService

    CalendarService(ctx).replace_year(year, holidays, workdays, source="server")


class CalendarPuller:
    def __init__(self, ctx: AppContext, api: ApiClient,
                 replace_year: Callable[[AppContext, int, list[dt.date], list[dt.date]], None] | None = None) -> None:
        self.ctx = ctx
        self.api = api
        self.replace_year = replace_year or _replace_year

    def pull(self, *, force: bool = False) -> list[int]:
        """Years replaced from the platform this time."""
        today = self.ctx.today()
        with self.ctx.db.session() as s:
            fetched = get_value(s, CALENDAR_FETCHED)
        if fetched == today.isoformat() and not force:
            return []
        replaced = []
        for year in (today.year, today.year + 1):
            body = self.api.calendar(year)
            days = [d for d in body.get("days") or [] if isinstance(d, dict)]
            holidays: list[dt.date] = []
            workdays: list[dt.date] = []
            for d in days:
                try:
                    day = dt.date.fromisoformat(str(d.get("date")))
                except ValueError:
                    continue
                (holidays if d.get("kind") == "holiday" else workdays).append(day)
            if holidays or workdays:
                self.replace_year(self.ctx, year, holidays, workdays)
                replaced.append(year)
        with self.ctx.db.transaction() as s:
            set_value(s, CALENDAR_FETCHED, today.isoformat(), self.ctx.now())
        return replaced
