"""Loading one application with everything a reader needs, and turning it into its :mod:`read_models`."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.domain.masking import mask_id_number, mask_phone
from desktop.services.applications.read_models import (
    ApplicationDetail,
    ApplicationView,
    AttachmentView,
    EventView,
    MaterialView,
    PartyView,
    PrintView,
)
from desktop.services.context import AppContext
from desktop.services.intake.applicants import PartyData
from desktop.services.intake.errors import ApplicationNotFound
from desktop.store.models import (
    Application,
    ApplicationEvent,
    ApplicationMaterial,
    ApplicationParty,
    PrintedDocument,
    User,
)


def load_application(session: Session, uuid: str) -> Application:
    app = session.execute(
        select(Application).where(Application.uuid == uuid).options(
            selectinload(Application.materials).selectinload(ApplicationMaterial.attachments),
            selectinload(Application.events), selectinload(Application.applicant),
            selectinload(Application.agent))
    ).scalar()
    if app is None:
        raise ApplicationNotFound("未找到该办件，可能已被删除")
    return app


def form_state(app: Application) -> dict:
    if not app.draft_json:
        return {}
    try:
        state = json.loads(app.draft_json)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def _party_view(row: ApplicationParty | None, fallback: PartyData | None) -> PartyView | None:
    if row is not None:
        return PartyView(kind=row.kind, name=row.name, id_number=row.id_number,
                         id_masked=row.id_masked or mask_id_number(row.id_number),
                         phone=row.phone, phone_masked=mask_phone(row.phone), address=row.address,
                         legal_rep=row.legal_rep, birth_date=row.birth_date, sex=row.sex)
    if fallback is None or fallback.is_blank:
        return None
    return PartyView(kind=fallback.kind, name=fallback.name, id_number=fallback.id_number,
                     id_masked=mask_id_number(fallback.id_number), phone=fallback.phone,
                     phone_masked=mask_phone(fallback.phone), address=fallback.address, legal_rep=fallback.legal_rep)


def _parties(app: Application, state: dict) -> tuple[PartyView | None, PartyView | None]:
    """A case with decided parties shows the stored rows; a draft shows what the form holds."""
    applicant = _party_view(app.applicant, PartyData.from_dict(state.get("applicant")))
    agent = _party_view(app.agent, PartyData.from_dict(state.get("agent")) if app.agent_id is None else None)
    return applicant, agent


def material_view(m: ApplicationMaterial) -> MaterialView:
    return MaterialView(
        id=m.id, seq=m.seq, name=m.name, required=m.required, form_expected=m.form_expected,
        copies_expected=m.copies_expected, deferrable=m.deferrable, electronic_required=m.electronic_required,
        cert_type=m.cert_type, notes=m.notes, state=m.state, provided_form=m.provided_form,
        provided_copies=m.provided_copies, deferred_until=m.deferred_until, certificate_ref=m.certificate_ref,
        certificate_available=m.certificate_available,
        attachments=tuple(AttachmentView(a.sha256, a.mime, a.size, a.page_no, a.width, a.height)
                          for a in m.attachments))


def to_view(session: Session, app: Application) -> ApplicationView:
    state = form_state(app)
    applicant, agent = _parties(app, state)
    user_ids = {e.user_id for e in app.events if e.user_id} | {app.clerk_id}
    users = {u.id: u for u in session.execute(select(User).where(User.id.in_(user_ids))).scalars()}
    clerk = users.get(app.clerk_id)
    return ApplicationView(
        uuid=app.uuid, acceptance_no=app.acceptance_no, official_no=app.official_no, matter_code=app.matter_code,
        matter_version=app.matter_version, matter_name=app.matter_name, department=app.department,
        immediate=app.immediate, promised_days=app.promised_days, status=app.status, window_id=app.window_id,
        clerk_username=clerk.username if clerk else "", clerk_name=(clerk.display_name or clerk.username) if clerk else "",
        created_at=app.created_at, updated_at=app.updated_at, accepted_at=app.accepted_at,
        decided_at=app.decided_at, completed_at=app.completed_at, due_date=app.due_date,
        supplement_due=app.supplement_due, paused_working_days=app.paused_working_days,
        rejection_reason=app.rejection_reason, supplement_note=app.supplement_note,
        local_version=app.local_version, sync_state=app.sync_state, server_status=app.server_status,
        applicant=applicant, agent=agent, materials=tuple(material_view(m) for m in app.materials),
        events=_event_views(app.events, users), form_state=state)


def _user_name(u: User | None) -> str:
    return "" if u is None else (u.display_name or u.username)


def _event_views(events: Iterable[ApplicationEvent], users: Mapping[int, User]) -> tuple[EventView, ...]:
    def view(e: ApplicationEvent) -> EventView:
        u = users.get(e.user_id) if e.user_id is not None else None
        return EventView(e.at, e.from_status, e.to_status, u.username if u else "", _user_name(u), e.source, e.note)
    return tuple(view(e) for e in events)


def load_detail(ctx: AppContext, application_id: int) -> ApplicationDetail:
    """The full picture of one application for display, or :class:`ApplicationNotFound`."""
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
        prints = list(s.scalars(select(PrintedDocument).where(PrintedDocument.application_id == app.id)
                                .order_by(PrintedDocument.printed_at, PrintedDocument.id)))
        user_ids = {e.user_id for e in app.events if e.user_id} | {p.printed_by for p in prints if p.printed_by}
        users = {u.id: u for u in s.scalars(select(User).where(User.id.in_(user_ids)))} if user_ids else {}
        applicant, agent = _parties(app, form_state(app))
        return ApplicationDetail(
            id=app.id, uuid=app.uuid, acceptance_no=app.acceptance_no, official_no=app.official_no,
            matter_code=app.matter_code, matter_version=app.matter_version, matter_name=app.matter_name,
            department=app.department, status=app.status, created_at=app.created_at,
            accepted_at=app.accepted_at, decided_at=app.decided_at, completed_at=app.completed_at,
            due_date=app.due_date, supplement_due=app.supplement_due, clerk=_user_name(app.clerk),
            window_id=app.window_id,
            applicant=applicant.for_display() if applicant else None,
            agent=agent.for_display() if agent else None,
            rejection_reason=app.rejection_reason, supplement_note=app.supplement_note,
            sync_state=app.sync_state, server_status=app.server_status,
            server_updated_at=app.server_updated_at,
            materials=tuple(material_view(m) for m in app.materials),
            events=_event_views(app.events, users),
            prints=tuple(PrintView(p.kind, p.printed_at, _user_name(users.get(p.printed_by) if p.printed_by else None),
                                   p.printer, p.outcome, p.reprint_of is not None, p.pages) for p in prints),
        )
