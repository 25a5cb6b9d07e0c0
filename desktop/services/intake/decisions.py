"""The four decisions at the counter, each ONE write transaction.

受理 (accept), 当场办结 (complete an immediate item), 补正/一次性告知 (request supplement) and
不予受理 (reject). Each one, atomically: checks the state machine, validates the applicant and
the checklist, allocates the number, sets the dates, writes an ``application_event`` and an
audit row, and freezes an outbox row for the platform. A crash at any point leaves the case
either fully decided or exactly as it was — there is no half-accepted application.

The acceptance number is drawn at the first decision of any kind, so a supplement notice or
a rejection notice carries the number the citizen quotes when they come back; a case
accepted after a supplement keeps it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from desktop.domain.calendar import WorkCalendar, promised_due_date
from desktop.domain.checklist import blocking_problems, missing_materials
from desktop.domain.lifecycle import IllegalTransition, Status, window_transition
from desktop.domain.masking import mask_id_number
from desktop.services import audit
from desktop.services.accounts.auth import CurrentUser
from desktop.services.applications.loading import form_state, material_view
from desktop.services.applications.read_models import Decision
from desktop.services.catalog.calendar import load_calendar
from desktop.services.context import AppContext
from desktop.services.hall.recorder import DecisionEvents
from desktop.services.hall.state import case_state
from desktop.services.intake.acceptance_numbers import allocate_acceptance_no
from desktop.services.intake.applicants import (
    PartyData,
    keep_snapshot,
    party_from_row,
    upsert_party,
    validate_party,
)
from desktop.services.intake.builders import (
    acceptance_columns,
    audit_detail,
    event_row,
    party_columns,
    rejection_columns,
    supplement_columns,
    transition_columns,
)
from desktop.services.intake.errors import ApplicationNotFound, DecisionRefused, DueDateNeedsConfirmation
from desktop.services.outbox import enqueue_application
from desktop.store.models import Application, ApplicationEvent, ApplicationMaterial

SUPPLEMENT_WORKING_DAYS = 10  # default time the citizen gets to bring what is missing
IMMEDIATE_NOTE = "即办件当场办结"


def supplement_event_note(missing_names: list[str]) -> str:
    return "补正：" + "、".join(missing_names)


def load_for_decision(session: Session, uuid: str) -> Application:
    """The case with what a decision reads, in two round trips instead of seven.

    The case row comes with its party snapshots and its clerk joined in (one row each at most);
    its materials and their pages follow in one ``selectin`` query. Its history
    (``application_event``) is not loaded: a decision only appends to it.
    """
    app = session.execute(
        select(Application).where(Application.uuid == uuid).options(
            joinedload(Application.applicant), joinedload(Application.agent), joinedload(Application.clerk),
            selectinload(Application.materials).joinedload(ApplicationMaterial.attachments))
    ).unique().scalar()
    if app is None:
        raise ApplicationNotFound("未找到该办件，可能已被删除")
    return app


class _Step:
    """What every decision shares: one session, one 'now', the clerk, the case."""

    def __init__(self, ctx: AppContext, session: Session, clerk: CurrentUser, uuid: str) -> None:
        self.ctx, self.s, self.clerk = ctx, session, clerk
        self.now = ctx.now()
        self.today = ctx.hall_clock.date_of(self.now)
        self.app: Application = load_for_decision(session, uuid)
        if self.app.origin != "window":
            raise DecisionRefused("该办件由其他窗口受理，请在“查找办件”中继续办理")
        # The case events this decision makes, as the hall sees the case (masked).
        self.events = DecisionEvents(self.app.status, lambda: case_state(self.app))
        self._calendar: WorkCalendar | None = None
        self.uncertain_years: list[int] = []

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = load_calendar(self.s)
        return self._calendar

    def rows(self):
        return [material_view(m).as_row() for m in self.app.materials]

    def party_problems(self) -> list[str]:
        state = form_state(self.app)
        problems = validate_party(self._applicant(state), today=self.today)
        agent = PartyData.from_dict(state.get("agent"))
        if agent is not None and not agent.is_blank:
            problems += validate_party(agent, role="代理人", today=self.today)
        return problems

    def _applicant(self, state: dict) -> PartyData | None:
        party = PartyData.from_dict(state.get("applicant"))
        if party is None and self.app.applicant is not None:  # resumed case whose form was not kept
            party = party_from_row(self.app.applicant)
        return party

    def save_parties(self) -> None:
        """The case's own snapshot of its parties, and the shared records that pre-fill the next case.

        The snapshot (``application_party``) is what this case's papers and payloads say from now
        on; a later case of the same person updates only the shared record.
        """
        state = form_state(self.app)
        applicant = self._applicant(state)
        assert applicant is not None
        row = upsert_party(self.s, applicant, now=self.now, today=self.today)
        agent = PartyData.from_dict(state.get("agent"))
        if not state and self.app.agent is not None:
            agent = party_from_row(self.app.agent)  # resumed case whose form was not kept
        agent_row = None
        if agent is not None and not agent.is_blank:
            agent_row = upsert_party(self.s, agent, now=self.now, today=self.today)
        self.apply(party_columns(row.name, mask_id_number(row.id_number), row.id,
                                 agent_row.id if agent_row else None))
        self.app.applicant = keep_snapshot(self.app.applicant, "applicant", applicant, self.today)
        self.app.agent = (keep_snapshot(self.app.agent, "agent", agent, self.today)
                          if agent is not None and agent_row is not None else None)

    def refuse_if(self, problems: list[str], what: str) -> None:
        if problems:
            raise DecisionRefused(f"不能{what}：{problems[0]}" + (f"（等 {len(problems)} 项）" if len(problems) > 1 else ""),
                                  problems)

    def number(self) -> str:
        if not self.app.acceptance_no:
            hall = self.ctx.config.hall
            self.app.acceptance_no = allocate_acceptance_no(self.s, self.ctx.config.data_dir, hall.region_code,
                                                            self.app.window_id, self.today)
        return self.app.acceptance_no

    def apply(self, columns: dict) -> None:
        for name, value in columns.items():
            setattr(self.app, name, value)

    def move(self, target: Status, note: str = "") -> None:
        before = self.app.status
        self.events.moving()
        self.s.add(ApplicationEvent(**event_row(self.app.id, self.app.status, str(target), self.now,
                                                self.clerk.id, note)))
        self.apply(transition_columns(str(target), self.now))
        self.events.moved(before, str(target), note)

    def finish(self, action: str, detail: dict) -> Decision:
        audit.record(self.s, self.clerk.username, action, self.app.acceptance_no or self.app.uuid,
                     audit_detail(self.app.uuid, self.app.matter_code, self.app.status, detail), at=self.now)
        self.events.write(self.s, self.app, clerk=self.clerk.username, window_id=self.app.window_id, at=self.now,
                          clerk_name=self.clerk.display_name or self.clerk.username)
        row = enqueue_application(self.s, self.app, self.ctx.config.hall.region_code, now=self.now)
        missing = tuple(material_view(m) for m in self.app.materials if m.state == "missing" and m.required)
        return Decision(uuid=self.app.uuid, status=self.app.status, acceptance_no=self.app.acceptance_no,
                        decided_at=self.now, due_date=self.app.due_date, supplement_due=self.app.supplement_due,
                        paused_working_days=self.app.paused_working_days,
                        missing=missing if self.app.status == Status.SUPPLEMENT_REQUESTED else (),
                        outbox_version=row.version)

    def accept_checks_and_dates(self, *, confirm_uncertain_due: bool = False) -> None:
        """Validate, then set number, due date and the paused days of a resumed supplement case.

        A due date counted through a year without an official holiday arrangement (Monday–Friday
        only) is refused with :class:`DueDateNeedsConfirmation` until the clerk confirms it.
        """
        problems = self.party_problems() + blocking_problems(self.rows())
        notified = None
        if self.app.status == Status.SUPPLEMENT_REQUESTED and self.app.decided_at is not None:
            # The promised clock stood still from the supplement notice until today.
            notified = self.ctx.hall_clock.date_of(self.app.decided_at)
        due, paused = promised_due_date(self.calendar, self.today, self.app.promised_days, notified)
        unknown = self.calendar.unknown_years(notified or self.today, due)
        problems += [f"“{m.name}”的容缺补交日期 {m.deferred_until} 晚于办结期限 {due}"
                     for m in self.app.materials if m.state == "deferred" and m.deferred_until and m.deferred_until > due]
        self.refuse_if(problems, "受理")
        if unknown and not confirm_uncertain_due:
            raise DueDateNeedsConfirmation(due, unknown)
        self.uncertain_years = unknown
        self.save_parties()
        self.number()
        self.apply(acceptance_columns(self.now, due, paused))


def accept(ctx: AppContext, clerk: CurrentUser, uuid: str, *, confirm_uncertain_due: bool = False) -> Decision:
    # No autoflush: the steps flush where they need ids (parties, number, events, outbox), so the
    # reads between them (calendar, sequence, audit head, versions) do not each start a flush.
    with ctx.db.transaction() as s, s.no_autoflush:
        step = _Step(ctx, s, clerk, uuid)
        target = window_transition(step.app.status, Status.ACCEPTED, immediate=step.app.immediate)
        step.accept_checks_and_dates(confirm_uncertain_due=confirm_uncertain_due)
        step.move(target)
        detail: dict[str, object] = {"due_date": step.app.due_date, "paused_days": step.app.paused_working_days}
        if step.uncertain_years:  # the clerk confirmed a date counted without official data
            detail["due_counted_without_calendar"] = step.uncertain_years
        return step.finish("application.accept", detail)


def complete_immediately(ctx: AppContext, clerk: CurrentUser, uuid: str) -> Decision:
    """即办件: accept (if not yet) and complete at the window, in one transaction."""
    with ctx.db.transaction() as s:
        step = _Step(ctx, s, clerk, uuid)
        current = step.app.status
        if not step.app.immediate:
            raise IllegalTransition(current, Status.COMPLETED, "只有即办件可以在窗口当场办结")
        if current != Status.ACCEPTED:
            window_transition(current, Status.ACCEPTED, immediate=True)
            step.accept_checks_and_dates()
            step.move(Status.ACCEPTED)
        window_transition(Status.ACCEPTED, Status.COMPLETED, immediate=True)
        step.move(Status.COMPLETED, IMMEDIATE_NOTE)
        step.app.completed_at = step.now
        return step.finish("application.complete", {"immediate": True})


def request_supplement(ctx: AppContext, clerk: CurrentUser, uuid: str, *, note: str = "",
                       supplement_due: dt.date | None = None) -> Decision:
    """补正告知: tell the citizen everything that is missing, once; the case stays open."""
    with ctx.db.transaction() as s:
        step = _Step(ctx, s, clerk, uuid)
        target = window_transition(step.app.status, Status.SUPPLEMENT_REQUESTED)
        missing = missing_materials(step.rows())
        problems = step.party_problems()
        if not missing:
            problems.append("材料已齐全，无需补正，可直接受理")
        due = supplement_due or step.calendar.add_working_days(step.today, SUPPLEMENT_WORKING_DAYS)
        if due <= step.today:
            problems.append("补正期限应晚于今天")
        step.refuse_if(problems, "发出补正告知")
        step.save_parties()
        step.number()
        missing_seqs = {r.seq for r in missing}
        for m in step.app.materials:
            if m.seq in missing_seqs:
                m.state, m.provided_form, m.provided_copies = "missing", "", 0
        step.apply(supplement_columns(due, note.strip()))
        step.move(target, supplement_event_note([r.name for r in missing]))
        return step.finish("application.supplement", {"missing": len(missing), "supplement_due": due})


def reject(ctx: AppContext, clerk: CurrentUser, uuid: str, reason: str) -> Decision:
    """不予受理: only with a stated reason, which the notice prints with the citizen's remedies."""
    reason = (reason or "").strip()
    if not reason:
        raise DecisionRefused("不予受理必须填写理由")
    with ctx.db.transaction() as s:
        step = _Step(ctx, s, clerk, uuid)
        target = window_transition(step.app.status, Status.REJECTED)
        step.refuse_if(step.party_problems(), "作出不予受理决定")
        step.save_parties()
        step.number()
        step.apply(rejection_columns(reason))
        step.move(target, reason)
        return step.finish("application.reject", {})
