"""Window intake (窗口受理): drafts, the materials checklist, resuming, and the decisions.

The screen calls :class:`IntakeService`; everything here is plain Python over the store so
the GUI, the CLI demo seeder and the tests take exactly the same path.

Draft form state (``save_draft``) is the screen's own dict, stored as JSON and handed back on
resume. The service reads only these keys from it (everything else is kept verbatim)::

    {"applicant": {"kind": "person"|"org", "name", "id_number", "phone", "address",
                   "legal_rep", "ethnicity"},
     "agent": {same keys} | null}

Autosave keeps whatever was typed — an invalid ID number included — so nothing the clerk
entered is lost; validation happens at the decision.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid as uuidlib
from typing import Any, cast

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import CursorResult

from desktop.domain.acceptance_no import looks_like_acceptance_no
from desktop.domain.calendar import WorkCalendar
from desktop.domain.checklist import (
    STATES,
    ChecklistError,
    blocking_problems,
    check_certificate,
    check_deferral,
    latest_deferral_date,
)
from desktop.domain.lifecycle import OPEN_STATUSES, IllegalTransition, Status, label
from desktop.domain.masking import mask_id_number
from desktop.services import audit
from desktop.services.accounts.auth import CurrentUser
from desktop.services.applications.loading import load_application, material_view, to_view
from desktop.services.applications.read_models import ApplicationView, CaseSummary, Decision, MaterialView
from desktop.services.catalog.calendar import CalendarService, load_calendar
from desktop.services.context import AppContext
from desktop.services.intake import decisions
from desktop.services.intake.applicants import PartyData, validate_party
from desktop.services.intake.builders import draft_row, material_snapshot, provided_material
from desktop.services.intake.corrections import UNCHANGED, Correction, correct_parties
from desktop.services.intake.errors import IntakeError
from desktop.store.models import Applicant, Application, ApplicationMaterial, Matter

_OPEN = tuple(str(s) for s in OPEN_STATUSES)


def _party_columns(form: dict[str, Any]) -> tuple[str, str]:
    party = PartyData.from_dict(form.get("applicant") if isinstance(form, dict) else None)
    if party is None:
        return "", ""
    return party.name[:200], mask_id_number(party.id_number)[:32]


OPEN_DRAFTS_SHOWN = 200  # the resume list's length: the newest drafts (a counter has a handful)
_SUMMARY_COLUMNS = (Application.uuid, Application.acceptance_no, Application.status, Application.matter_name,
                    Application.applicant_name, Application.applicant_id_masked, Application.window_id,
                    Application.created_at, Application.updated_at, Application.supplement_due)


def _summary(app: Application) -> CaseSummary:
    return CaseSummary(uuid=app.uuid, acceptance_no=app.acceptance_no, status=app.status,
                       matter_name=app.matter_name, applicant_name=app.applicant_name,
                       applicant_id_masked=app.applicant_id_masked, window_id=app.window_id,
                       created_at=app.created_at, updated_at=app.updated_at, supplement_due=app.supplement_due)


def _require_open(app: Application) -> None:
    if app.status not in _OPEN:
        raise IllegalTransition(app.status, app.status, f"办件已是“{label(app.status)}”状态，不能再修改")


class IntakeService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        CalendarService(ctx).ensure_bundled_loaded()

    # --- clock and calendar -------------------------------------------------------------

    def today(self) -> dt.date:
        return self.ctx.today()

    def calendar(self) -> WorkCalendar:
        return CalendarService(self.ctx).calendar()

    # --- drafts ----------------------------------------------------------------------

    def start_draft(self, clerk: CurrentUser, matter_code: str, form_state: dict[str, Any] | None = None,
                    *, window_id: str | None = None) -> ApplicationView:
        """Open a new case for a matter, snapshotting its materials at the current catalog version."""
        now = self.ctx.now()
        form = dict(form_state or {})
        with self.ctx.db.transaction() as s:
            matter = s.execute(select(Matter).where(Matter.code == matter_code, Matter.deleted.is_(False))).scalar()
            if matter is None:
                raise IntakeError(f"事项 {matter_code} 不存在或已停用，请重新选择事项")
            name, id_masked = _party_columns(form)
            app = Application(**draft_row(uuid=str(uuidlib.uuid4()), matter=matter, clerk_id=clerk.id,
                                          window_id=window_id or self.ctx.config.hall.window_id, now=now,
                                          draft_json=json.dumps(form, ensure_ascii=False), applicant_name=name,
                                          applicant_id_masked=id_masked),
                              materials=[ApplicationMaterial(**material_snapshot(m)) for m in matter.materials])
            s.add(app)
            s.flush()
            audit.record(s, clerk.username, "application.draft", app.uuid, {"matter": matter.code}, at=now)
            return to_view(s, app)

    def save_draft(self, uuid: str, form_state: dict[str, Any]) -> None:
        """Autosave the screen's form (debounced by the UI): one UPDATE, invalid input kept as typed."""
        name, id_masked = _party_columns(form_state)
        text = json.dumps(form_state, ensure_ascii=False)
        with self.ctx.db.transaction() as s:
            result = s.execute(update(Application).where(Application.uuid == uuid, Application.status.in_(_OPEN))
                               .values(draft_json=text, applicant_name=name, applicant_id_masked=id_masked,
                                       updated_at=self.ctx.now()))
            if cast(CursorResult, result).rowcount == 0:
                _require_open(load_application(s, uuid))  # raises the precise reason

    def discard_draft(self, clerk: CurrentUser, uuid: str) -> None:
        """Delete a draft that never got a decision (nothing was numbered or sent)."""
        with self.ctx.db.transaction() as s:
            app = load_application(s, uuid)
            if app.status != Status.DRAFT:
                raise IllegalTransition(app.status, app.status, f"办件已是“{label(app.status)}”状态，不能删除")
            audit.record(s, clerk.username, "application.discard", uuid, {"matter": app.matter_code},
                         at=self.ctx.now())
            s.delete(app)

    def open_drafts(self, window_id: str | None = None, *, limit: int = OPEN_DRAFTS_SHOWN) -> list[CaseSummary]:
        """Drafts left open at this window (e.g. after a crash or a power cut), the newest ``limit`` first.

        Only the columns of the resume list are read (not the drafts' forms), and at most ``limit``
        rows: the list is for picking one to continue, not for holding every draft of a big store.
        """
        query = select(*_SUMMARY_COLUMNS).where(Application.status == str(Status.DRAFT),
                                                Application.window_id == (window_id or self.ctx.config.hall.window_id))
        with self.ctx.db.session() as s:
            rows = s.execute(query.order_by(Application.updated_at.desc()).limit(limit)).mappings()
            return [CaseSummary(**row) for row in rows]

    def count_open_drafts(self, window_id: str | None = None) -> int:
        """How many drafts are left open at this window (one count, no rows read)."""
        query = select(func.count()).select_from(Application).where(
            Application.status == str(Status.DRAFT),
            Application.window_id == (window_id or self.ctx.config.hall.window_id))
        with self.ctx.db.session() as s:
            return int(s.execute(query).scalar() or 0)

    def find_open_cases(self, query: str) -> list[CaseSummary]:
        """Open cases (draft, waiting for supplement) by acceptance number or applicant ID number."""
        text = (query or "").strip().upper()
        if not text:
            return []
        with self.ctx.db.session() as s:
            if looks_like_acceptance_no(text):
                rows = s.execute(select(Application).where(Application.acceptance_no == text,
                                                           Application.status.in_(_OPEN))).scalars().all()
                return [_summary(a) for a in rows]
            ids = select(Applicant.id).where(Applicant.id_number == text)
            # Drafts may not have an applicant row yet: match the masked column, confirm in the form.
            candidates = s.execute(select(Application).where(
                Application.status.in_(_OPEN),
                or_(Application.applicant_id.in_(ids), Application.applicant_id_masked == mask_id_number(text)),
            ).order_by(Application.updated_at.desc())).scalars().all()
            found = []
            for app in candidates:
                if app.applicant_id is not None and app.applicant is not None:
                    if app.applicant.id_number == text:
                        found.append(app)
                    continue
                party = PartyData.from_dict(json.loads(app.draft_json or "{}").get("applicant"))
                if party is not None and party.id_number == text:
                    found.append(app)
            return [_summary(a) for a in found]

    def get_application(self, uuid: str) -> ApplicationView:
        with self.ctx.db.session() as s:
            return to_view(s, load_application(s, uuid))

    # --- materials checklist -----------------------------------------------------------

    def set_material(self, uuid: str, seq: int, state: str, *, provided_form: str = "",
                     provided_copies: int | None = None, deferred_until: dt.date | None = None,
                     certificate_ref: str | None = None) -> MaterialView:
        """Record what the counter received for one checklist row (open cases only)."""
        if state not in STATES:
            raise ChecklistError(f"未知的材料状态“{state}”")
        with self.ctx.db.transaction() as s:
            app = load_application(s, uuid)
            _require_open(app)
            row = next((m for m in app.materials if m.seq == seq), None)
            if row is None:
                raise IntakeError(f"材料清单中没有第 {seq} 项")
            domain_row = material_view(row).as_row()
            if state == "deferred":
                check_deferral(domain_row, deferred_until, today=self.today(), promised_days=app.promised_days,
                               calendar=load_calendar(s))
            if state == "certificate":
                check_certificate(domain_row)
            if provided_copies is not None and provided_copies < 0:
                raise ChecklistError("份数不能为负数")
            columns = provided_material({"form_expected": row.form_expected, "copies_expected": row.copies_expected,
                                         "cert_type": row.cert_type}, state, provided_form=provided_form,
                                        provided_copies=provided_copies, deferred_until=deferred_until,
                                        certificate_ref=certificate_ref)
            for name, value in columns.items():
                setattr(row, name, value)
            app.updated_at = self.ctx.now()
            s.flush()
            return material_view(row)

    def latest_deferral_date(self, uuid: str) -> dt.date:
        """The last date a deferred material may be promised for (the date picker's maximum)."""
        with self.ctx.db.session() as s:
            app = load_application(s, uuid)
            return latest_deferral_date(self.today(), app.promised_days, load_calendar(s))

    def acceptance_problems(self, uuid: str) -> list[str]:
        """Everything that would stop ``accept`` now (for the screen to show before the click)."""
        with self.ctx.db.session() as s:
            app = load_application(s, uuid)
            view = to_view(s, app)
        party = PartyData.from_dict(view.form_state.get("applicant"))
        problems = validate_party(party, today=self.today()) if party is not None or view.applicant is None else []
        return problems + blocking_problems([m.as_row() for m in view.materials])

    # --- decisions (each one write transaction; see decisions.py) ------------------------

    def accept(self, clerk: CurrentUser, uuid: str, *, confirm_uncertain_due: bool = False) -> Decision:
        """受理. A due date in a year without official holiday data raises DueDateNeedsConfirmation
        until the clerk confirms (``confirm_uncertain_due=True``)."""
        return decisions.accept(self.ctx, clerk, uuid, confirm_uncertain_due=confirm_uncertain_due)

    def complete_immediately(self, clerk: CurrentUser, uuid: str) -> Decision:
        return decisions.complete_immediately(self.ctx, clerk, uuid)

    def request_supplement(self, clerk: CurrentUser, uuid: str, *, note: str = "",
                           supplement_due: dt.date | None = None) -> Decision:
        return decisions.request_supplement(self.ctx, clerk, uuid, note=note, supplement_due=supplement_due)

    def reject(self, clerk: CurrentUser, uuid: str, reason: str) -> Decision:
        return decisions.reject(self.ctx, clerk, uuid, reason)

    # --- after the decision ----------------------------------------------------------------

    def correct(self, clerk: CurrentUser, uuid: str, *, reason: str, applicant: PartyData | None = UNCHANGED,
                agent: PartyData | None = UNCHANGED) -> Correction:
        """Correct a decided case's parties: a new queued version, an event, an audit row (see corrections.py)."""
        return correct_parties(self.ctx, clerk, uuid, reason=reason, applicant=applicant, agent=agent)
