"""Read side of the applications list: filtered, newest-first pages of this window's applications.

A busy window accumulates hundreds of thousands of applications, and the list must stay instant.
So every query here is shaped for an index instead of being convenient:

* Pages use keyset pagination on ``(created_at, id)`` — ``OFFSET`` would re-read every skipped row,
  making page 5,000 cost as much as 5,000 pages.
* Exactly one equality filter drives the index walk (matter, then clerk, then status, then window,
  most selective first); the others are written as ``+column`` so SQLite's planner, which has no
  statistics on a fresh database, cannot wander onto an index that does not give the sort order.
* Text search matches by *prefix* on indexed columns (acceptance number, official 办件编号,
  applicant name) or exactly on a full or masked ID number (through the applicant table's
  indexes). A substring match would scan the whole table on every keystroke.
* Counting is capped: a count that must read a million index entries is not worth 50 ms of a
  clerk's time, so beyond :data:`COUNT_CAP` the list says "more than".
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BindParameter, Date, DateTime, Integer, String, TextClause, bindparam, text
from sqlalchemy.types import TypeEngine

from desktop.domain.hall_clock import HallClock
from desktop.services.context import AppContext

PAGE_SIZE = 100  # three screens of rows; smaller pages keep the first paint short
COUNT_CAP = 1_000
# A one-character name prefix (a surname) matches a tenth of all applications; sorting those on
# every keystroke costs a second, and no clerk finds a case by surname alone.
MIN_NAME_PREFIX = 2
_MAX_CHAR = "\U0010ffff"  # upper bound for a prefix range: every string starting with p sorts below p + this
_FULL_ID = re.compile(r"(\d{17}[\dXx]|\d{15}|[0-9A-HJ-NPQRTUWXY]{18})")


@dataclass(frozen=True)
class ApplicationFilter:
    """What the clerk narrowed the list to. Dates are local calendar days, both ends inclusive."""

    window_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None
    matter_code: str | None = None
    clerk_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class Cursor:
    """Where the previous page ended: the next page starts strictly below this key."""

    created_at: dt.datetime
    id: int


@dataclass(frozen=True)
class ApplicationRow:
    """One list row. Holds only the masked ID number: the list never needs the full one."""

    id: int
    uuid: str
    acceptance_no: str | None
    official_no: str | None
    matter_code: str
    matter_name: str
    applicant_name: str
    applicant_id_masked: str
    status: str
    created_at: dt.datetime
    due_date: dt.date | None
    clerk_name: str
    sync_state: str
    server_status: str | None


@dataclass(frozen=True)
class Page:
    rows: list[ApplicationRow]
    next_cursor: Cursor | None  # None: this was the last page


@dataclass(frozen=True)
class Count:
    value: int
    capped: bool  # True: at least ``value`` rows, the exact number was not worth counting


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: dict[str, object] = field(default_factory=dict)


_ROW_COLUMNS = (
    "a.id, a.uuid, a.acceptance_no, a.official_no, a.matter_code, a.matter_name, a.applicant_name, "
    "a.applicant_id_masked, a.status, a.created_at, a.due_date, "
    "coalesce(nullif(u.display_name, ''), u.username, '') AS clerk_name, a.sync_state, a.server_status"
)
_ROW_TYPES: dict[str, TypeEngine[Any]] = {"created_at": DateTime(), "due_date": Date()}


def _where(flt: ApplicationFilter, clock: HallClock) -> _Where:
    w = _Where()
    term = flt.text.strip()
    # A text search drives from its own (small) set of matching ids; otherwise the first present
    # equality filter, in order of how few rows it usually leaves, drives the index walk.
    driver_taken = bool(term)
    equalities = [("matter_code", flt.matter_code), ("clerk_id", flt.clerk_id),
                  ("status", flt.status), ("window_id", flt.window_id)]
    for column, value in equalities:
        if value is None or value == "":
            continue
        prefix = "a." if not driver_taken else "+a."
        driver_taken = True
        w.clauses.append(f"{prefix}{column} = :{column}")
        w.params[column] = value
    if flt.date_from is not None:
        w.clauses.append("a.created_at >= :date_lo")
        w.params["date_lo"] = clock.day_start_utc(flt.date_from)
    if flt.date_to is not None:
        w.clauses.append("a.created_at < :date_hi")
        w.params["date_hi"] = clock.day_start_utc(flt.date_to + dt.timedelta(days=1))
    if term:
        w.clauses.append(_text_clause(term, w.params))
    return w


def _text_clause(term: str, params: dict[str, object]) -> str:
    """Ids matching the term, as a union of index lookups (each branch is one index range)."""
    upper = term.upper()
    params.update(t_lo_u=upper, t_hi_u=upper + _MAX_CHAR)
    applicants = []
    if len(term) >= MIN_NAME_PREFIX:
        params.update(t_lo=term, t_hi=term + _MAX_CHAR)
        applicants.append("SELECT p.id FROM applicant p WHERE p.name >= :t_lo AND p.name < :t_hi")
    if "*" in term:
        applicants.append("SELECT p.id FROM applicant p WHERE p.id_masked = :t_exact")
        params["t_exact"] = upper
    elif _FULL_ID.fullmatch(upper):
        applicants.append("SELECT p.id FROM applicant p WHERE p.kind IN ('person', 'org') AND p.id_number = :t_exact")
        params["t_exact"] = upper
    by_applicant = (" UNION ALL SELECT x.id FROM application x WHERE x.applicant_id IN ("
                    + " UNION ALL ".join(applicants) + ")") if applicants else ""
    return (
        "a.id IN (SELECT x.id FROM application x WHERE x.acceptance_no >= :t_lo_u AND x.acceptance_no < :t_hi_u"
        " UNION ALL SELECT x.id FROM application x WHERE x.official_no >= :t_lo_u AND x.official_no < :t_hi_u"
        + by_applicant + ")"
    )


def _typed(sql: str, params: Mapping[str, object]) -> TextClause:
    stmt = text(sql)
    binds: list[BindParameter[Any]] = []
    for name, value in params.items():
        if isinstance(value, dt.datetime):
            binds.append(bindparam(name, type_=DateTime()))
        elif isinstance(value, int):
            binds.append(bindparam(name, type_=Integer()))
        else:
            binds.append(bindparam(name, type_=String()))
    if binds:
        stmt = stmt.bindparams(*binds)
    return stmt


class ApplicationQueries:
    """Queries behind the applications list and its detail view. Read-only."""

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx

    def page(self, flt: ApplicationFilter, after: Cursor | None = None,
             limit: int = PAGE_SIZE) -> Page:
        """Up to ``limit`` rows newest first, starting below ``after``."""
        w = _where(flt, self._ctx.hall_clock)
        clauses = list(w.clauses)
        params = dict(w.params)
        if after is not None:
            # Spelled out (not a row value) so the created_at bound is an index range SQLite can seek to.
            clauses.append("a.created_at <= :k_created AND (a.created_at < :k_created OR a.id < :k_id)")
            params["k_created"] = after.created_at
            params["k_id"] = after.id
        params["limit"] = limit + 1  # one extra row tells us whether there is a next page
        sql = (f"SELECT {_ROW_COLUMNS} FROM application a LEFT JOIN user u ON u.id = a.clerk_id"
               f"{' WHERE ' + ' AND '.join(clauses) if clauses else ''}"
               " ORDER BY a.created_at DESC, a.id DESC LIMIT :limit")
        with self._ctx.db.session() as s:
            result = s.execute(_typed(sql, params).columns(**_ROW_TYPES), params)
            rows = [ApplicationRow(*r) for r in result]  # columns are in field order
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = Cursor(rows[-1].created_at, rows[-1].id) if more and rows else None
        return Page(rows, cursor)

    def rows_by_ids(self, ids: list[int]) -> dict[int, ApplicationRow]:
        """Fresh rows for the given ids (e.g. after sync changed their status); missing ids are left out."""
        if not ids:
            return {}
        params = {f"i{n}": i for n, i in enumerate(ids)}
        placeholders = ", ".join(f":{k}" for k in params)
        sql = (f"SELECT {_ROW_COLUMNS} FROM application a LEFT JOIN user u ON u.id = a.clerk_id"
               f" WHERE a.id IN ({placeholders})")
        with self._ctx.db.session() as s:
            result = s.execute(_typed(sql, params).columns(**_ROW_TYPES), params)
            return {r.id: ApplicationRow(*r) for r in result}

    def count(self, flt: ApplicationFilter, cap: int = COUNT_CAP) -> Count:
        """How many rows match, reading at most ``cap + 1`` index entries."""
        w = _where(flt, self._ctx.hall_clock)
        params = dict(w.params)
        params["cap"] = cap + 1
        sql = ("SELECT count(*) FROM (SELECT 1 FROM application a"
               f"{' WHERE ' + ' AND '.join(w.clauses) if w.clauses else ''} LIMIT :cap)")
        with self._ctx.db.session() as s:
            n = s.execute(_typed(sql, params), params).scalar_one()
        return Count(min(n, cap), n > cap)

    def matter_choices(self) -> list[Choice]:
        """Matters that have applications here, found by skipping through the matter index.

        A plain ``SELECT DISTINCT`` reads every row; the recursive skip-scan does one index seek
        per distinct matter, which is a few hundred at most.
        """
        sql = (
            "WITH RECURSIVE codes(code) AS ("
            " SELECT min(matter_code) FROM application"
            " UNION ALL SELECT (SELECT min(matter_code) FROM application WHERE matter_code > codes.code)"
            " FROM codes WHERE codes.code IS NOT NULL)"
            " SELECT c.code, coalesce(m.name, (SELECT a.matter_name FROM application a"
            "  WHERE a.matter_code = c.code ORDER BY a.created_at DESC LIMIT 1)) AS name"
            " FROM codes c LEFT JOIN matter m ON m.code = c.code WHERE c.code IS NOT NULL ORDER BY name"
        )
        with self._ctx.db.session() as s:
            return [Choice(code, f"{name}（{code}）") for code, name in s.execute(text(sql))]

    def clerk_choices(self) -> list[Choice]:
        """Clerks who took applications here (one index seek per clerk, like :meth:`matter_choices`)."""
        sql = (
            "WITH RECURSIVE ids(id) AS ("
            " SELECT min(clerk_id) FROM application"
            " UNION ALL SELECT (SELECT min(clerk_id) FROM application WHERE clerk_id > ids.id)"
            " FROM ids WHERE ids.id IS NOT NULL)"
            " SELECT u.id, coalesce(nullif(u.display_name, ''), u.username) FROM ids"
            " JOIN user u ON u.id = ids.id ORDER BY 2"
        )
        with self._ctx.db.session() as s:
            return [Choice(str(uid), name) for uid, name in s.execute(text(sql))]
