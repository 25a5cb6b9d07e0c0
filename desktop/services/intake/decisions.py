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

from sqlalchemy.orm import Session

from desktop.domain.calendar import WorkCalendar, promised_due_date
from desktop.domain.checklist import blocking_problems, missing_materials
from desktop.domain.lifecycle import IllegalTransition, Status, window_transition
from desktop.domain.masking import mask_id_number
from desktop.services.accounts.auth import CurrentUser
from desktop.services.applications.read_models import Decision
from desktop.services.catalog.calendar import load_calendar
from desktop.services.context import AppContext
from desktop.services.hall.recorder import DecisionEvents
from desktop.services.intake.acceptance_numbers import allocate_acceptance_no
from desktop.services.intake.applicants import PartyData, snapshot_columns, upsert_party_row, validate_party
from desktop.services.intake.builders import (
    acceptance_columns,
    audit_detail,
    event_row,
    party_columns,
    rejection_columns,
    supplement_columns,
    transition_columns,
)
from desktop.services.intake.decision_case import CaseRecord, load_case, party_from_snapshot
from desktop.services.intake.decision_writes import PendingWrites, write_decision
from desktop.services.intake.errors import DecisionRefused, DueDateNeedsConfirmation

SUPPLEMENT_WORKING_DAYS = 10  # default time the citizen gets to bring what is missing
IMMEDIATE_NOTE = "即办件当场办结"


def supplement_event_note(missing_names: list[str]) -> str:
    return "补正：" + "、".join(missing_names)


class _Step:
    """What every decision shares: one transaction, one 'now', the clerk, the case read once.

    The case is read with Core statements into plain values (``decision_case.py``), changed in
    memory, and written by :func:`decision_writes.write_decision` as one batch in :meth:`finish`.
    """

    def __init__(self, ctx: AppContext, session: Session, clerk: CurrentUser, uuid: str) -> None:
        self.ctx, self.s, self.clerk = ctx, session, clerk
        self.conn = session.connection()  # BEGIN IMMEDIATE: what is read below cannot move until the commit
        self.now = ctx.now()
        self.today = ctx.hall_clock.date_of(self.now)
        self.case: CaseRecord = load_case(self.conn, uuid)
        self.app = self.case.app
        if self.app["origin"] != "window":
            raise DecisionRefused("该办件由其他窗口受理，请在“查找办件”中继续办理")
        self.pending = PendingWrites()
        # The case events this decision makes, as the hall sees the case (masked).
        self.events = DecisionEvents(self.app["status"], self.case.hall_view)
        self._calendar: WorkCalendar | None = None
        self.uncertain_years: list[int] = []

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = load_calendar(self.s)
        return self._calendar

    def rows(self):
        return [m.as_row() for m in self.case.material_views()]

    def party_problems(self) -> list[str]:
        state = self.case.form_state()
        problems = validate_party(self._applicant(state), today=self.today)
        agent = PartyData.from_dict(state.get("agent"))
        if agent is not None and not agent.is_blank:
            problems += validate_party(agent, role="代理人", today=self.today)
        return problems

    def _applicant(self, state: dict) -> PartyData | None:
        party = PartyData.from_dict(state.get("applicant"))
        stored = self.case.parties.get("applicant")
        if party is None and stored is not None:  # resumed case whose form was not kept
            party = party_from_snapshot(stored)
        return party

    def save_parties(self) -> None:
        """The case's own snapshot of its parties, and the shared records that pre-fill the next case.

        The snapshot (``application_party``) is what this case's papers and payloads say from now
        on; a later case of the same person updates only the shared record.
        """
        state = self.case.form_state()
        applicant = self._applicant(state)
        assert applicant is not None
        applicant_id = upsert_party_row(self.conn, applicant, now=self.now, today=self.today)
        agent = PartyData.from_dict(state.get("agent"))
        stored_agent = self.case.parties.get("agent")
        if not state and stored_agent is not None:
            agent = party_from_snapshot(stored_agent)  # resumed case whose form was not kept
        agent_id = None
        if agent is not None and not agent.is_blank:
            agent_id = upsert_party_row(self.conn, agent, now=self.now, today=self.today)
        self.apply(party_columns(applicant.name, mask_id_number(applicant.id_number), applicant_id, agent_id))
        parties = self.case.parties
        parties["applicant"] = _snapshot(parties.get("applicant"), "applicant", applicant, self.today)
        if agent is not None and agent_id is not None:
            parties["agent"] = _snapshot(parties.get("agent"), "agent", agent, self.today)
        else:
            parties.pop("agent", None)

    def refuse_if(self, problems: list[str], what: str) -> None:
        if problems:
            raise DecisionRefused(f"不能{what}：{problems[0]}" + (f"（等 {len(problems)} 项）" if len(problems) > 1 else ""),
                                  problems)

    def number(self) -> str:
        if not self.app["acceptance_no"]:
            hall = self.ctx.config.hall
            self.apply({"acceptance_no": allocate_acceptance_no(self.conn, self.ctx.config.data_dir, hall.region_code,
                                                                self.app["window_id"], self.today)})
        return self.app["acceptance_no"]

    def apply(self, columns: dict) -> None:
        self.app.update(columns)
        self.pending.app_columns.update(columns)

    def move(self, target: Status, note: str = "") -> None:
        before = self.app["status"]
        self.events.moving()
        self.pending.events.append(event_row(self.app["id"], before, str(target), self.now, self.clerk.id, note))
        self.apply(transition_columns(str(target), self.now))
        self.events.moved(before, str(target), note)

    def finish(self, action: str, detail: dict) -> Decision:
        app, clerk = self.app, self.clerk
        case_events = self.events.values(
            application_id=app["id"], case_uuid=app["uuid"], clerk=clerk.username,
            clerk_name=clerk.display_name or clerk.username, window_id=app["window_id"], at=self.now,
            base=(app["case_version"] or 0) + self.case.unnumbered_events())
        entry = {"actor": clerk.username, "action": action, "target": app["acceptance_no"] or app["uuid"],
                 "detail": audit_detail(app["uuid"], app["matter_code"], app["status"], detail), "at": self.now}
        written = write_decision(self.conn, self.case, self.pending, region_code=self.ctx.config.hall.region_code,
                                 audit_entry=entry, case_events=case_events, now=self.now)
        missing = tuple(m for m in self.case.material_views() if m.state == "missing" and m.required)
        return Decision(uuid=app["uuid"], status=app["status"], acceptance_no=app["acceptance_no"],
                        decided_at=self.now, due_date=app["due_date"], supplement_due=app["supplement_due"],
                        paused_working_days=app["paused_working_days"],
                        missing=missing if app["status"] == Status.SUPPLEMENT_REQUESTED else (),
                        outbox_version=written.outbox_version)

    def accept_checks_and_dates(self, *, confirm_uncertain_due: bool = False) -> None:
        """Validate, then set number, due date and the paused days of a resumed supplement case.

        A due date counted through a year without an official holiday arrangement (Monday–Friday
        only) is refused with :class:`DueDateNeedsConfirmation` until the clerk confirms it.
        """
        problems = self.party_problems() + blocking_problems(self.rows())
        notified = None
        if self.app["status"] == Status.SUPPLEMENT_REQUESTED and self.app["decided_at"] is not None:
            # The promised clock stood still from the supplement notice until today.
            notified = self.ctx.hall_clock.date_of(self.app["decided_at"])
        due, paused = promised_due_date(self.calendar, self.today, self.app["promised_days"], notified)
        unknown = self.calendar.unknown_years(notified or self.today, due)
        problems += [f"“{m['name']}”的容缺补交日期 {m['deferred_until']} 晚于办结期限 {due}"
                     for m in self.case.materials
                     if m["state"] == "deferred" and m["deferred_until"] and m["deferred_until"] > due]
        self.refuse_if(problems, "受理")
        if unknown and not confirm_uncertain_due:
            raise DueDateNeedsConfirmation(due, unknown)
        self.uncertain_years = unknown
        self.save_parties()
        self.number()
        self.apply(acceptance_columns(self.now, due, paused))


def _snapshot(current: dict | None, role: str, party: PartyData, today: dt.date) -> dict:
    """The case's snapshot row for ``role`` brought up to ``party`` (``applicants.keep_snapshot`` on values)."""
    return {**(current or {"role": role}), **snapshot_columns(party, today=today)}


def accept(ctx: AppContext, clerk: CurrentUser, uuid: str, *, confirm_uncertain_due: bool = False) -> Decision:
    with ctx.db.transaction() as s:
        step = _Step(ctx, s, clerk, uuid)
        target = window_transition(step.app["status"], Status.ACCEPTED, immediate=step.app["immediate"])
        step.accept_checks_and_dates(confirm_uncertain_due=confirm_uncertain_due)
        step.move(target)
        detail: dict[str, object] = {"due_date": step.app["due_date"], "paused_days": step.app["paused_working_days"]}
        if step.uncertain_years:  # the clerk confirmed a date counted without official data
            detail["due_counted_without_calendar"] = step.uncertain_years
        return step.finish("application.accept", detail)


def complete_immediately(ctx: AppContext, clerk: CurrentUser, uuid: str) -> Decision:
    """即办件: accept (if not yet) and complete at the window, in one transaction."""
    with ctx.db.transaction() as s:
        step = _Step(ctx, s, clerk, uuid)
        current = step.app["status"]
        if not step.app["immediate"]:
            raise IllegalTransition(current, Status.COMPLETED, "只有即办件可以在窗口当场办结")
        if current != Status.ACCEPTED:
            window_transition(current, Status.ACCEPTED, immediate=True)
            step.accept_checks_and_dates()
            step.move(Status.ACCEPTED)
        window_transition(Status.ACCEPTED, Status.COMPLETED, immediate=True)
        step.move(Status.COMPLETED, IMMEDIATE_NOTE)
        step.apply({"completed_at": step.now})
        return step.finish("application.complete", {"immediate": True})


def request_supplement(ctx: AppContext, clerk: CurrentUser, uuid: str, *, note: str = "",
                       supplement_due: dt.date | None = None) -> Decision:
    """补正告知: tell the citizen everything that is missing, once; the case stays open."""
    with ctx.db.transaction() as s:
        step = _Step(ctx, s, clerk, uuid)
        target = window_transition(step.app["status"], Status.SUPPLEMENT_REQUESTED)
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
        for m in step.case.materials:
            if m["seq"] in missing_seqs:
                m.update(state="missing", provided_form="", provided_copies=0)
                step.pending.changed_materials.append(m)
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
        target = window_transition(step.app["status"], Status.REJECTED)
        step.refuse_if(step.party_problems(), "作出不予受理决定")
        step.save_parties()
        step.number()
        step.apply(rejection_columns(reason))
        step.move(target, reason)
        return step.finish("application.reject", {})
