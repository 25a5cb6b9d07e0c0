"""Everything the detail dialog of one application shows, read in one short session.

The detail is a snapshot for display: personal data comes back masked (the clerk checks the
case, not the citizen's full number), and nothing here can change the application.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.domain.masking import mask_id_number, mask_phone
from desktop.services.context import AppContext
from desktop.services.intake.errors import ApplicationNotFound
from desktop.store.models import Application, ApplicationMaterial, PrintedDocument, User


@dataclass(frozen=True)
class PartyView:
    kind: str  # person | org
    name: str
    id_masked: str
    phone_masked: str
    address: str
    legal_rep: str


@dataclass(frozen=True)
class MaterialView:
    seq: int
    name: str
    required: bool
    state: str
    provided_form: str
    provided_copies: int
    copies_expected: int
    deferred_until: dt.date | None
    certificate_ref: str | None
    pages: int


@dataclass(frozen=True)
class EventView:
    at: dt.datetime
    from_status: str
    to_status: str
    by: str
    source: str
    note: str


@dataclass(frozen=True)
class PrintView:
    kind: str
    printed_at: dt.datetime
    by: str
    printer: str
    outcome: str
    is_reprint: bool
    pages: int


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    uuid: str
    acceptance_no: str | None
    official_no: str | None
    matter_code: str
    matter_version: int
    matter_name: str
    department: str
    status: str
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    completed_at: dt.datetime | None
    due_date: dt.date | None
    supplement_due: dt.date | None
    clerk: str
    window_id: str
    applicant: PartyView | None
    agent: PartyView | None
    rejection_reason: str
    supplement_note: str
    sync_state: str
    server_status: str | None
    server_updated_at: dt.datetime | None
    materials: list[MaterialView]
    events: list[EventView]
    prints: list[PrintView]


def _party(p) -> PartyView | None:
    if p is None:
        return None
    return PartyView(p.kind, p.name, p.id_masked or mask_id_number(p.id_number), mask_phone(p.phone),
                     p.address, p.legal_rep)


def _user_name(u: User | None) -> str:
    return "" if u is None else (u.display_name or u.username)


def load_detail(ctx: AppContext, application_id: int) -> ApplicationDetail:
    """The full picture of one application, or :class:`ApplicationNotFound`."""
    with ctx.db.session() as s:
        app = s.scalars(
            select(Application).where(Application.id == application_id).options(
                selectinload(Application.materials).selectinload(ApplicationMaterial.attachments),
                selectinload(Application.events),
                selectinload(Application.applicant), selectinload(Application.agent),
                selectinload(Application.clerk))
        ).one_or_none()
        if app is None:
            raise ApplicationNotFound(f"未找到该办件（编号 {application_id}），可能已被删除。")
        user_ids = {e.user_id for e in app.events if e.user_id}
        prints = list(s.scalars(select(PrintedDocument).where(PrintedDocument.application_id == app.id)
                                .order_by(PrintedDocument.printed_at, PrintedDocument.id)))
        user_ids |= {p.printed_by for p in prints if p.printed_by}
        # Looked up by nullable user_id / printed_by: a None key simply misses.
        users: dict[int | None, User] = (
            {u.id: u for u in s.scalars(select(User).where(User.id.in_(user_ids)))} if user_ids else {})
        return ApplicationDetail(
            id=app.id, uuid=app.uuid, acceptance_no=app.acceptance_no, official_no=app.official_no,
            matter_code=app.matter_code, matter_version=app.matter_version, matter_name=app.matter_name,
            department=app.department, status=app.status, created_at=app.created_at,
            accepted_at=app.accepted_at, decided_at=app.decided_at, completed_at=app.completed_at,
            due_date=app.due_date, supplement_due=app.supplement_due, clerk=_user_name(app.clerk),
            window_id=app.window_id, applicant=_party(app.applicant), agent=_party(app.agent),
            rejection_reason=app.rejection_reason, supplement_note=app.supplement_note,
            sync_state=app.sync_state, server_status=app.server_status,
            server_updated_at=app.server_updated_at,
            materials=[MaterialView(m.seq, m.name, m.required, m.state, m.provided_form, m.provided_copies,
                                    m.copies_expected, m.deferred_until, m.certificate_ref,
                                    len(m.attachments)) for m in app.materials],
            events=[EventView(e.at, e.from_status, e.to_status, _user_name(users.get(e.user_id)),
                              e.source, e.note) for e in app.events],
            prints=[PrintView(p.kind, p.printed_at, _user_name(users.get(p.printed_by)), p.printer,
                              p.outcome, p.reprint_of is not None, p.pages) for p in prints],
        )
