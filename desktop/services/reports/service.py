"""The one report service behind the Reports screen and `onewindow report`: same inputs, same numbers.

Every entry point takes the signed-in :class:`CurrentUser` and refuses clerks, so the rule
holds whether a screen, a script or a test is asking. Numbers come from
:mod:`desktop.services.reports.queries` (SQL aggregates); this module only assembles them.
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from desktop.domain.calendar import WorkCalendar
from desktop.domain.masking import mask_id_number, mask_name, mask_phone
from desktop.domain.reports import (
    ApplicationLine,
    ApplicationList,
    Drill,
    DueItem,
    GroupRow,
    Report,
    ReportInputError,
    ReportPeriod,
)
from desktop.services import audit
from desktop.services.accounts.auth import CurrentUser
from desktop.services.catalog.calendar import CalendarService
from desktop.services.context import AppContext
from desktop.services.reports import facts, rollup
from desktop.services.reports import queries as q
from desktop.store.models import ApplicationParty, User

log = logging.getLogger("onewindow.reports")

DUE_SOON_WORKING_DAYS = 3  # "due soon": due within this many working days of the report date
DUE_LIST_CAP = 50  # overdue / due-soon applications listed in the report (all are counted)
DETAIL_CAP = 100_000  # rows in an export's detail sheet
P = q.A  # the application table
AP = ApplicationParty.__table__  # the case's own applicant snapshot
U = User.__table__


class ReportService:
    def __init__(self, ctx: AppContext, *, calendar: WorkCalendar | None = None,
                 due_soon_days: int = DUE_SOON_WORKING_DAYS) -> None:
        self.ctx = ctx
        self.calendar = calendar or CalendarService(ctx).calendar()
        self.due_soon_days = due_soon_days

    # --- inputs -----------------------------------------------------------------------

    def windows(self, user: CurrentUser) -> list[str]:
        """Windows that have applications in this database, plus this counter's own window."""
        user.require("supervisor", "查看业务报表")
        with self.ctx.db.session() as s:
            found = set(q.windows(s))
        found.add(self.ctx.config.hall.window_id)
        return sorted(found)

    def check_window(self, user: CurrentUser, window_id: str | None) -> None:
        if window_id and window_id not in self.windows(user):
            known = "、".join(self.windows(user))
            raise ReportInputError(f"窗口 {window_id} 不存在（本机数据库中的窗口：{known}）")

    def as_of(self, period: ReportPeriod) -> dt.date:
        """Overdue is judged at the end of the period, or today if the period has not ended."""
        return min(period.end, self.ctx.today())

    # --- the report -------------------------------------------------------------------

    def build(self, user: CurrentUser, period: ReportPeriod, window_id: str | None = None) -> Report:
        user.require("supervisor", "查看业务报表")
        as_of = self.as_of(period)
        soon_until = self.calendar.add_working_days(as_of, self.due_soon_days)
        self._ensure_facts()
        with self.ctx.db.session() as s:
            numbers = rollup.period_numbers(s, period, window_id)
            median, p90 = rollup.duration_percentiles(s, numbers, period, window_id, (0.5, 0.9))
            overdue_conds = q.open_due(window_id, None, as_of - dt.timedelta(days=1))
            soon_conds = q.open_due(window_id, as_of, soon_until)
            report = Report(
                period=period, window_id=window_id, generated_at=self.ctx.now(), generated_by=user.label,
                as_of=as_of, due_soon_days=self.due_soon_days,
                totals=numbers.totals, immediate=numbers.immediate, promised=numbers.totals.total - numbers.immediate,
                supplemented=numbers.supplemented, decided=numbers.decided,
                median_seconds=median, p90_seconds=p90,
                by_hour=numbers.by_hour, by_day=numbers.by_day,
                by_matter=rollup.matters(numbers), by_department=rollup.departments(numbers),
                by_clerk=self._clerks(s, rollup.clerk_counts(numbers)),
                overdue_count=q.count(s, overdue_conds), due_soon_count=q.count(s, soon_conds),
                overdue=self._due_items(s, overdue_conds, as_of, overdue=True),
                due_soon=self._due_items(s, soon_conds, as_of, overdue=False),
                sync=q.sync_health(s, window_id), hall_name=self.ctx.config.hall.name,
            )
        log.info("report %s window=%s: %d applications", period.label(), window_id or "*", report.total)
        return report

    def _ensure_facts(self) -> None:
        """The counters the report reads exist, are kept by their triggers, and use the hall's clock.

        A migration that rebuilt ``application`` (dropping its triggers) or a change of the hall's
        time zone would leave them stale; then they are rebuilt here, once, before reporting.
        """
        with self.ctx.db.session() as s:
            current = facts.installed(s.connection(), q.local_modifier())
        if not current:
            log.warning("report counters are stale or missing: rebuilding them from the applications")
            with self.ctx.db.transaction() as s:
                facts.install(s.connection(), q.local_modifier())

    @staticmethod
    def _clerks(s: Session, counts: list) -> tuple[GroupRow, ...]:
        ids = [key for key, _ in counts]
        names: dict[int, str] = dict(
            s.execute(select(U.c.id, func.coalesce(func.nullif(U.c.display_name, ""), U.c.username))
                      .where(U.c.id.in_(ids))).tuples().all()) if ids else {}
        return tuple(GroupRow(str(key), names.get(key, f"#{key}"), c) for key, c in counts)

    def _due_items(self, s: Session, conds: list, as_of: dt.date, *, overdue: bool) -> tuple[DueItem, ...]:
        # Pick the first ids from the covering ix_application_status_due, then read their rows.
        # Ordering by date(due_date) (an expression) stops SQLite from walking ix_application_due_date
        # in order and reading every open-or-closed row behind it to test the status and window.
        first = (select(P.c.id).where(*conds).order_by(func.date(P.c.due_date), P.c.id).limit(DUE_LIST_CAP)
                 .scalar_subquery())
        rows = s.execute(
            select(P.c.id, P.c.acceptance_no, P.c.matter_name, P.c.applicant_name, P.c.window_id, P.c.due_date,
                   func.coalesce(func.nullif(U.c.display_name, ""), U.c.username).label("clerk"))
            .join_from(P, U, P.c.clerk_id == U.c.id, isouter=True)
            .where(P.c.id.in_(first)).order_by(P.c.due_date, P.c.id)
        ).all()
        items = []
        for r in rows:
            days = max(0, self.calendar.working_days_between(r.due_date, as_of) if overdue
                       else self.calendar.working_days_between(as_of, r.due_date))
            items.append(DueItem(r.id, r.acceptance_no or "", r.matter_name, mask_name(r.applicant_name),
                                 r.clerk or "", r.window_id, r.due_date, days))
        return tuple(items)

    # --- the applications behind a number ----------------------------------------------

    def applications(self, user: CurrentUser, period: ReportPeriod, window_id: str | None, drill: Drill,
                     *, limit: int = 500, offset: int = 0) -> ApplicationList:
        """The applications behind one number of the report (masked), first ``limit`` of them."""
        user.require("supervisor", "查看业务报表")
        conds = self._drill_conditions(period, window_id, drill)
        with self.ctx.db.session() as s:
            total = q.count(s, conds)
            lines = self._lines(s, conds, full=False, limit=limit, offset=offset,
                                by_due=drill.kind in ("overdue", "due_soon"))
        return ApplicationList(drill, total, lines)

    def detail(self, user: CurrentUser, period: ReportPeriod, window_id: str | None, *, full: bool = False,
               purpose: str = "export", limit: int = DETAIL_CAP) -> ApplicationList:
        """Every application the report counts, for an export's detail sheet.

        ``full=True`` (unmasked names, ID numbers and phones) is for admins only and is written
        to the audit trail before any data is read, so a full export can never go unrecorded.
        """
        user.require("supervisor", "导出业务报表")
        drill = Drill("all")
        conds = self._drill_conditions(period, window_id, drill)
        if full:
            user.require("admin", "导出未脱敏的个人信息")
            with self.ctx.db.transaction() as s:
                audit.record(s, user.username, "report.export_full", period.label(),
                             {"window": window_id or "*", "purpose": purpose}, at=self.ctx.now())
        with self.ctx.db.session() as s:
            total = q.count(s, conds)
            lines = self._lines(s, conds, full=full, limit=limit, offset=0)
        return ApplicationList(drill, total, lines)

    def _drill_conditions(self, period: ReportPeriod, window_id: str | None, drill: Drill) -> list:
        as_of = self.as_of(period)
        if drill.kind == "overdue":
            return q.open_due(window_id, None, as_of - dt.timedelta(days=1))
        if drill.kind == "due_soon":
            return q.open_due(window_id, as_of, self.calendar.add_working_days(as_of, self.due_soon_days))
        if drill.kind == "sync":
            return [P.c.sync_state == drill.key] + ([P.c.window_id == window_id] if window_id else [])
        conds = q.population(period, window_id)
        try:
            extra = {
                "all": lambda: None,
                "bucket": lambda: q.bucket_condition(drill.key),
                "matter": lambda: P.c.matter_code == drill.key,
                "department": lambda: P.c.department == drill.key,
                "clerk": lambda: P.c.clerk_id == int(drill.key),
                "hour": lambda: cast(func.strftime("%H", P.c.created_at, q.local_modifier()), Integer) == int(drill.key),
                "day": lambda: func.date(P.c.created_at, q.local_modifier()) == dt.date.fromisoformat(drill.key).isoformat(),
                "immediate": lambda: P.c.immediate.is_(True),
                "promised": lambda: P.c.immediate.is_(False),
                "supplemented": q.supplemented_condition,
            }[drill.kind]()
        except (KeyError, ValueError):
            raise ReportInputError(f"无法按 {drill.kind}={drill.key!r} 查看明细") from None
        return conds if extra is None else [*conds, extra]

    @staticmethod
    def _first_ids(conds: list, limit: int, offset: int, by_due: bool = False):
        """Ids of one page, found through the filter's best index (see _due_items on the expression
        ordering). Due lists go by due date, which ix_application_status_due covers."""
        key = func.date(P.c.due_date) if by_due else func.datetime(P.c.created_at)
        return select(P.c.id).where(*conds).order_by(key, P.c.id).limit(limit).offset(offset).scalar_subquery()

    def _lines(self, s: Session, conds: list, *, full: bool, limit: int, offset: int,
               by_due: bool = False) -> tuple[ApplicationLine, ...]:
        rows = s.execute(
            select(P.c.id, P.c.acceptance_no, P.c.matter_code, P.c.matter_name, P.c.department,
                   P.c.applicant_name, P.c.applicant_id_masked, P.c.window_id, P.c.status, P.c.immediate,
                   P.c.created_at, P.c.decided_at, P.c.due_date, P.c.sync_state,
                   AP.c.id_number, AP.c.phone,
                   func.coalesce(func.nullif(U.c.display_name, ""), U.c.username).label("clerk"))
            .join_from(P, U, P.c.clerk_id == U.c.id, isouter=True)
            .join_from(P, AP, (AP.c.application_id == P.c.id) & (AP.c.role == "applicant"), isouter=True)
            .where(P.c.id.in_(self._first_ids(conds, limit, offset, by_due)))
            .order_by(*((P.c.due_date,) if by_due else ()), P.c.created_at, P.c.id)
        ).all()
        return tuple(
            ApplicationLine(
                application_id=r.id, acceptance_no=r.acceptance_no or "", matter_code=r.matter_code,
                matter_name=r.matter_name, department=r.department,
                applicant_name=r.applicant_name if full else mask_name(r.applicant_name),
                applicant_id=(r.id_number or "") if full else (r.applicant_id_masked
                                                              or mask_id_number(r.id_number or "")),
                applicant_phone=(r.phone or "") if full else mask_phone(r.phone or ""),
                clerk=r.clerk or "", window_id=r.window_id, status=r.status, immediate=bool(r.immediate),
                created_at=r.created_at, decided_at=r.decided_at, due_date=r.due_date, sync_state=r.sync_state,
            )
            for r in rows
        )
