"""The working-day calendar stored in ``calendar_day``: bundled years first, the platform's later.

Due dates are computed inside write transactions, so the calendar must come from the same
database (not a file read at start-up that a sync may have replaced since). A year is known
only from an official arrangement — bundled with the app, imported by IT
(``onewindow calendar import FILE``) or sent by the central platform — and a new publication
replaces that year wholesale (a partial merge could keep a holiday the State Council later
moved). Every update recounts, in the same transaction, the due dates of open cases counted with
the old calendar (see :mod:`desktop.services.intake.recount`), and is audited.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.domain.calendar import WorkCalendar, next_year_missing, parse_calendar_document
from desktop.domain.errors import UserError
from desktop.domain.hall_clock import hall_clock
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.store.models import CalendarDay

log = logging.getLogger("onewindow.calendar")

BUNDLED_FILE = "cn-public-holidays.json"
SOURCE_LABELS = {"bundled": "随程序发布的官方安排", "server": "平台下发", "import": "本机导入的官方安排"}

YearDays = tuple[list[dt.date], list[dt.date]]  # (holidays, adjusted working days)


class CalendarInvalid(UserError):
    """An arrangement that cannot be loaded; the message says what is wrong with it."""


def bundled_document() -> dict:
    text = resources.files("resources.calendar").joinpath(BUNDLED_FILE).read_text(encoding="utf-8")
    return json.loads(text)


_last_loaded: tuple[tuple[tuple[str, str], ...], WorkCalendar] | None = None


def load_calendar(session: Session) -> WorkCalendar:
    """The calendar as the database holds it now, read in the caller's transaction.

    Every decision counts its due date with it: the rows (a few hundred) are read as plain text
    each time, and the parsed calendar is reused while they are the same, so a calendar import
    on another PC of the store is seen at the next decision, not after a restart. (Parsing them
    through the ORM was ~0.5 ms of each accept.) The calendar is immutable, so sharing it
    between threads is safe.
    """
    global _last_loaded
    rows = tuple((str(d), str(k)) for d, k in session.connection().exec_driver_sql(
        "SELECT day, kind FROM calendar_day ORDER BY day, kind").fetchall())
    cached = _last_loaded
    if cached is not None and cached[0] == rows:
        return cached[1]
    calendar = _calendar_of(rows)
    _last_loaded = (rows, calendar)
    return calendar


def _calendar_of(rows: Iterable[tuple[Any, str]]) -> WorkCalendar:
    """The calendar from ``calendar_day`` rows (day as stored, kind)."""
    days = [(dt.date.fromisoformat(str(d)[:10]), k) for d, k in rows]
    return WorkCalendar([d for d, k in days if k == "holiday"], [d for d, k in days if k == "workday"])


def coverage_warning_text(calendar: WorkCalendar, today: dt.date) -> str | None:
    """The warning for supervisors and IT when a year the counter counts in has no official data."""
    year = next_year_missing(calendar, today)
    if year is None:
        return None
    return (f"尚无 {year} 年的官方节假日安排：落在 {year} 年的承诺办结日期只能按周一至周五计算，受理时会提示确认。"
            f"请在国务院办公厅公布后导入（onewindow calendar import 文件）或等待平台下发。")


def calendar_coverage_probe(conn: Any) -> str | None:
    """`db check`: the coverage warning, from a DB-API connection (the store may be encrypted)."""
    rows = conn.execute("SELECT day, kind FROM calendar_day").fetchall()
    return coverage_warning_text(_calendar_of(rows), hall_clock().today())


def _years_present(session: Session) -> set[int]:
    return {d.year for d in session.execute(select(CalendarDay.day)).scalars()}


def _insert_year(session: Session, holidays: Iterable[dt.date], workdays: Iterable[dt.date], source: str) -> int:
    rows = [CalendarDay(day=d, kind="holiday", source=source) for d in holidays]
    rows += [CalendarDay(day=d, kind="workday", source=source) for d in workdays]
    session.add_all(rows)
    return len(rows)


@dataclass(frozen=True)
class CalendarUpdate:
    """What a calendar update did: the years it (re)placed and the due dates it recounted."""

    years: tuple[int, ...]
    source: str
    recounted: tuple = ()  # desktop.services.intake.recount.Recount

    def lines(self) -> list[str]:
        out = [f"已载入 {'、'.join(map(str, self.years))} 年的官方节假日安排（{SOURCE_LABELS.get(self.source, self.source)}）。"]
        if self.recounted:
            out.append(f"已重新计算 {len(self.recounted)} 件在办办件的承诺办结日期（每件均已记录并重新上报）：")
            out += [f"  {r.label}：{r.old_due} → {r.new_due}" for r in self.recounted[:50]]
            if len(self.recounted) > 50:
                out.append(f"  ……另有 {len(self.recounted) - 50} 件")
        else:
            out.append("在办办件的承诺办结日期均无变化。")
        return out


class CalendarService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def ensure_bundled_loaded(self) -> int:
        """Copy bundled years that the table does not have yet; returns the number of days added.

        A year already present (bundled earlier, imported or sent by the platform) is left alone,
        so calling this at every start is harmless and never undoes a newer publication. A year a
        newer app version bundles recounts open cases like any other update.
        """
        years = parse_calendar_document(bundled_document())
        with self.ctx.db.session() as s:
            present = _years_present(s)
        missing = {y: days for y, days in years.items() if y not in present}
        if not missing:
            return 0
        with self.ctx.db.transaction() as s:
            present = _years_present(s)  # again, under the write lock
            missing = {y: days for y, days in missing.items() if y not in present}
            added = sum(len(h) + len(w) for h, w in missing.values())
            if missing:
                self._apply(s, missing, source="bundled", actor="system")
        if added:
            log.info("bundled holiday calendar loaded (%d days)", added)
        return added

    def calendar(self) -> WorkCalendar:
        with self.ctx.db.session() as s:
            return load_calendar(s)

    def replace_year(self, year: int, holidays: Iterable[dt.date], workdays: Iterable[dt.date],
                     source: str = "server", actor: str = "system") -> CalendarUpdate:
        """Replace one year's exceptions with a newer publication (the platform's calendar)."""
        return self.apply_years({year: (list(holidays), list(workdays))}, source=source, actor=actor)

    def apply_years(self, years: Mapping[int, YearDays], *, source: str, actor: str) -> CalendarUpdate:
        """Replace each given year, then recount open cases' due dates — one transaction, audited."""
        checked: dict[int, YearDays] = {}
        for year, (holidays, workdays) in years.items():
            h, w = sorted(set(holidays)), sorted(set(workdays))
            for day in h + w:
                if day.year != year:
                    raise CalendarInvalid(f"{day.isoformat()} 不属于 {year} 年")
            try:
                WorkCalendar(h, w)  # a day listed both as holiday and as working day
            except ValueError as exc:
                raise CalendarInvalid(f"{year} 年的安排有误：{exc}") from exc
            checked[year] = (h, w)
        with self.ctx.db.transaction() as s:
            return self._apply(s, checked, source=source, actor=actor)

    def _apply(self, s: Session, years: Mapping[int, YearDays], *, source: str, actor: str) -> CalendarUpdate:
        from desktop.services.intake.recount import recount_open_cases

        for year, (holidays, workdays) in sorted(years.items()):
            s.execute(delete(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1),
                                                CalendarDay.day <= dt.date(year, 12, 31)))
            _insert_year(s, holidays, workdays, source)
        s.flush()
        label = f"工作日历更新（{'、'.join(map(str, sorted(years)))} 年，{SOURCE_LABELS.get(source, source)}）"
        recounted = recount_open_cases(self.ctx, s, load_calendar(s), reason=label, actor=actor)
        if source == "bundled" and not recounted:  # the store's first set-up: nothing to answer for
            return CalendarUpdate(years=tuple(sorted(years)), source=source)
        audit.record(s, actor, "calendar.update", ",".join(map(str, sorted(years))),
                     {"source": source, "years": sorted(years),
                      "days": sum(len(h) + len(w) for h, w in years.values()),
                      "recounted": len(recounted), "cases": [r.label for r in recounted[:200]]},
                     at=self.ctx.now())
        log.info("calendar years %s from %s; %d open case(s) recounted", sorted(years), source, len(recounted))
        return CalendarUpdate(years=tuple(sorted(years)), source=source, recounted=tuple(recounted))

    def import_document(self, document: object, *, actor: str, source: str = "import") -> CalendarUpdate:
        """Load an official arrangement in the bundled file's format (``onewindow calendar import``)."""
        try:
            years = parse_calendar_document(document)  # type: ignore[arg-type]
        except (ValueError, TypeError, AttributeError) as exc:
            raise CalendarInvalid(f"节假日安排文件格式有误：{exc}") from exc
        if not years:
            raise CalendarInvalid("节假日安排文件中没有任何年份")
        return self.apply_years(years, source=source, actor=actor)

    def years(self) -> dict[int, str]:
        """Year -> source, for the settings screen ("2026: 平台下发")."""
        with self.ctx.db.session() as s:
            rows = s.execute(select(CalendarDay.day, CalendarDay.source)).all()
        return {d.year: src for d, src in sorted(rows)}

    def coverage_warning(self, today: dt.date | None = None) -> str | None:
        """For supervisors and IT (status bar, self-test, db check): a counted year without data."""
        return coverage_warning_text(self.calendar(), today or self.ctx.today())
