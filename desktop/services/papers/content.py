"""From the database to the values the print templates take: which papers a case may have, and what they say.

Templates (``printing/``) never query; this service reads one application and freezes what a
document shows. It relies on the schema only, not on the intake service's internals, so a
supervisor can reprint any stored case. Personal data is masked here, before any template sees
it. Stored times are naive UTC; documents show the hall's wall-clock time (``ctx.hall_clock``),
whatever zone the PC is left on.

Finding a case: by acceptance number (受理编号), the platform's 办件编号, the UUID, a notice
number printed on a supplement/rejection notice (``BZ-`` / ``BY-`` / ``CL-`` + the first 12
hex digits of the UUID), or a UUID prefix of at least 8 hex digits (a draft's reference).
"""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, selectinload

from desktop.domain.case_events import EventKind
from desktop.domain.errors import UserError
from desktop.domain.lifecycle import Status, label
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.services.catalog.calendar import load_calendar
from desktop.services.context import AppContext
from desktop.services.hall.state import parse_extra
from desktop.store.hall_models import CaseEvent
from desktop.store.models import Application, ApplicationMaterial, ApplicationParty, IssuedDocument
from printing.documents import (
    AcceptanceReceipt,
    CaseInfo,
    DeferralUndertaking,
    Document,
    DocumentKind,
    HallInfo,
    HandoverReceipt,
    IssueInfo,
    MaterialLine,
    MaterialsReceipt,
    Party,
    RejectionNotice,
    Reprint,
    SupplementNotice,
)

ACCEPTED_STATES = frozenset({Status.ACCEPTED, Status.TRANSFERRED, Status.COMPLETED})
ACCEPTANCE_PAPERS = frozenset({DocumentKind.RECEIPT, DocumentKind.RECEIPT_SLIP, DocumentKind.DEFERRAL_UNDERTAKING,
                               DocumentKind.MATERIALS_RECEIPT})
"""Papers that say who accepted the case (window and 受理人)."""
NOTICE_PREFIXES = {
    DocumentKind.SUPPLEMENT_NOTICE: "BZ",  # 补正
    DocumentKind.REJECTION_NOTICE: "BY",  # 不予
    DocumentKind.MATERIALS_RECEIPT: "CL",  # 材料
}
_NOTICE_NO = re.compile(r"(?:BZ|BY|CL)-([0-9A-Fa-f]{12})")
_UUID_PREFIX = re.compile(r"[0-9a-fA-F-]{8,36}")


class DocumentError(UserError):
    """A document cannot be produced for this case; the message is for the clerk or supervisor."""


@dataclass(frozen=True)
class CaseRef:
    """A found application, enough to name it in a message."""

    id: int
    uuid: str
    status: str
    acceptance_no: str
    matter_name: str

    @property
    def label(self) -> str:
        return self.acceptance_no or short_uuid(self.uuid)


def short_uuid(uuid: str) -> str:
    return uuid.replace("-", "")[:12].upper()


def notice_number(app: Application, kind: DocumentKind) -> str:
    """The number printed on a document: the acceptance number, or a notice number from the UUID.

    A supplement or rejection may come before any acceptance number exists; its notice number is
    derived from the UUID so it is unique, stable across reprints, and findable again by the CLI.
    """
    if app.acceptance_no:
        return app.acceptance_no
    return f"{NOTICE_PREFIXES.get(kind.family, 'CL')}-{short_uuid(app.uuid)}"


def applicable_kinds(app: Application) -> tuple[DocumentKind, ...]:
    """The papers this case may have, given its status and materials."""
    status = Status(app.status)
    kinds: list[DocumentKind] = []
    if status in ACCEPTED_STATES and app.acceptance_no:
        kinds += [DocumentKind.RECEIPT, DocumentKind.RECEIPT_SLIP]
        if any(m.state == "deferred" for m in app.materials):
            kinds.append(DocumentKind.DEFERRAL_UNDERTAKING)
    if status is Status.SUPPLEMENT_REQUESTED:
        kinds.append(DocumentKind.SUPPLEMENT_NOTICE)
    if status is Status.REJECTED:
        kinds.append(DocumentKind.REJECTION_NOTICE)
    if status in ACCEPTED_STATES or status is Status.SUPPLEMENT_REQUESTED:
        kinds.append(DocumentKind.MATERIALS_RECEIPT)
    if app.handed_over_at is not None:  # the hall (issue 15): the result left the counter
        kinds.append(DocumentKind.HANDOVER_RECEIPT)
    return tuple(kinds)


def kinds_after_decision(app: Application) -> tuple[DocumentKind, ...]:
    """What the counter hands over right after the decision (the intake screen prints these)."""
    wanted = (DocumentKind.RECEIPT, DocumentKind.DEFERRAL_UNDERTAKING, DocumentKind.SUPPLEMENT_NOTICE,
              DocumentKind.REJECTION_NOTICE)
    return tuple(k for k in applicable_kinds(app) if k in wanted)


def _handed_over_by(app: Application) -> str:
    """The clerk who handed the result over, from the hall's hand-over event: any window of the hall
    may hand a result over, so the 领取回执's 经办人 is that clerk, not the one who accepted the case."""
    return _latest_actor(app, EventKind.RESULT_HANDED_OVER)[0]


def _accepted_by(app: Application) -> tuple[str, str]:
    """(clerk name, window) of the supplement that accepted the case, or ("", "") if it was accepted
    at its first window. A case asked for 补正 at W01 and completed at W05 is accepted at W05, by
    W05's clerk, at W05's time: the receipt names them, and keeps the original acceptance number."""
    if Status(app.status) not in ACCEPTED_STATES:
        return "", ""
    return _latest_actor(app, EventKind.SUPPLEMENT_RECEIVED)


def _latest_actor(app: Application, kind: EventKind) -> tuple[str, str]:
    """(clerk name, window) of the case's latest event of ``kind`` the platform did not refuse."""
    session = object_session(app)
    if session is None:
        return "", ""
    row = session.execute(
        select(CaseEvent.payload, CaseEvent.window_id).where(
            CaseEvent.application_id == app.id, CaseEvent.kind == str(kind), CaseEvent.push_state != "refused")
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1)).first()
    if row is None:
        return "", ""
    try:
        event = json.loads(row.payload) if row.payload else {}
    except ValueError:
        event = {}
    event = event if isinstance(event, dict) else {}
    clerk = str(event.get("clerk_name") or event.get("clerk") or "")
    return clerk, str(row.window_id or event.get("window_id") or "")


def _party(person: ApplicationParty | None, fallback_name: str = "", fallback_id: str = "") -> Party:
    if person is None:
        return Party(kind="person", name=fallback_name, id_masked=fallback_id)
    return Party(kind=person.kind, name=person.name, id_masked=person.id_masked or mask_id_number(person.id_number),
                 phone_masked=mask_phone(person.phone) if person.phone else "", legal_rep=person.legal_rep)


def _material(m: ApplicationMaterial) -> MaterialLine:
    return MaterialLine(
        seq=m.seq, name=m.name, required=m.required, form_expected=m.form_expected,
        copies_expected=m.copies_expected, state=m.state, provided_form=m.provided_form,
        provided_copies=m.provided_copies, pages=len(m.attachments), deferred_until=m.deferred_until,
        certificate_ref=m.certificate_ref or "", cert_type=m.cert_type or "", notes=m.notes,
        electronic_required=m.electronic_required)


class DocumentService:
    """Finds cases and builds the document values the templates render."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- finding -----------------------------------------------------------------------

    def find(self, reference: str) -> CaseRef:
        """The one application ``reference`` names, or :class:`DocumentError` saying why not."""
        ref = (reference or "").strip()
        if not ref:
            raise DocumentError("请提供受理编号、办件编号、告知书编号或申请 UUID。")
        with self.ctx.db.session() as s:
            app = self._lookup(s, ref)
            return CaseRef(id=app.id, uuid=app.uuid, status=app.status, acceptance_no=app.acceptance_no or "",
                           matter_name=app.matter_name)

    def _lookup(self, s: Session, ref: str) -> Application:
        for column in (Application.acceptance_no, Application.official_no, Application.uuid):
            found = s.scalars(select(Application).where(column == ref)).all()
            if len(found) == 1:
                return found[0]
        issued = set(s.scalars(select(IssuedDocument.application_id).where(IssuedDocument.document_no == ref)))
        if len(issued) == 1:  # a paper's number (文号)
            return s.get_one(Application, issued.pop())
        prefix = None
        if m := _NOTICE_NO.fullmatch(ref):
            prefix = m.group(1)
        elif _UUID_PREFIX.fullmatch(ref) and len(ref.replace("-", "")) >= 8:
            prefix = ref.replace("-", "")
        if prefix:
            matches = s.scalars(select(Application).where(
                func.lower(func.replace(Application.uuid, "-", "")).like(prefix.lower() + "%")).limit(2)).all()
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise DocumentError(f"“{ref}”对应多个申请，请输入更长的编号或完整 UUID。")
        raise DocumentError(f"找不到编号为“{ref}”的申请（可用受理编号、办件编号、告知书编号或 UUID 查找）。")

    def load(self, s: Session, application_id: int) -> Application:
        """The case with everything a paper shows, in the caller's session."""
        return self._load(s, application_id)

    def _load(self, s: Session, application_id: int) -> Application:
        app = s.scalars(select(Application).where(Application.id == application_id).options(
            selectinload(Application.materials).selectinload(ApplicationMaterial.attachments),
            selectinload(Application.applicant), selectinload(Application.agent),
            selectinload(Application.clerk))).one_or_none()
        if app is None:
            raise DocumentError(f"申请 #{application_id} 不存在。")
        return app

    # --- building ----------------------------------------------------------------------

    def applicable(self, application: int | str) -> tuple[DocumentKind, ...]:
        """Kinds for a case given by id or by any reference :meth:`find` accepts (e.g. its UUID)."""
        with self.ctx.db.session() as s:
            return applicable_kinds(self._load(s, self._id(application)))

    def after_decision(self, application: int | str) -> tuple[DocumentKind, ...]:
        """What to hand over right after a decision; ``application`` is an id or e.g. ``Decision.uuid``."""
        with self.ctx.db.session() as s:
            return kinds_after_decision(self._load(s, self._id(application)))

    def _id(self, application: int | str) -> int:
        return application if isinstance(application, int) else self.find(application).id

    def build(self, application_id: int, kind: DocumentKind | str, *, reprint: Reprint | None = None) -> Document:
        """The document value for ``kind`` as the case stands now, outside the register (no 文号).

        What the counter hands over goes through :class:`PrintRecords`, which issues and freezes
        the paper; this is the live view, for checks and benchmarks.
        """
        kind = DocumentKind(kind)
        with self.ctx.db.session() as s:
            app = self._load(s, application_id)
            self.check_applicable(app, kind)
            return self._document(app, kind, reprint, notice_number(app, kind), None)

    def check_applicable(self, app: Application, kind: DocumentKind) -> None:
        allowed = applicable_kinds(app)
        if kind not in allowed:
            raise DocumentError(self._refusal(app, kind, allowed))

    def document_for(self, app: Application, kind: DocumentKind, *, document_no: str, issue: IssueInfo) -> Document:
        """The document an issued paper freezes: the case's own snapshot, numbered, in official form."""
        return self._document(app, kind, None, document_no, issue)

    @staticmethod
    def _refusal(app: Application, kind: DocumentKind, allowed: tuple[DocumentKind, ...]) -> str:
        name = app.acceptance_no or short_uuid(app.uuid)
        why = f"申请 {name} 当前状态为“{label(app.status)}”，不能打印《{kind.title}》"
        if kind is DocumentKind.DEFERRAL_UNDERTAKING and Status(app.status) in ACCEPTED_STATES:
            why = f"申请 {name} 没有容缺受理的材料，无需打印《{kind.title}》"
        options = "、".join(f"{k.value}（{k.title}）" for k in allowed)
        return why + (f"。可打印：{options}。" if options else "。该申请目前没有可打印的文书。")

    def _hall(self, app: Application) -> HallInfo:
        """The hall from config; the window is the one the case was taken at (a reprint may be elsewhere)."""
        h = self.ctx.config.hall
        return HallInfo(name=h.name, window_id=app.window_id or h.window_id, phone=h.phone, address=h.address,
                        enquiry_url=h.enquiry_url, logo_path=h.logo, seal_path=h.seal, legal_basis=h.legal_basis,
                        reconsideration_body=h.reconsideration_body, court=h.court)

    def _case(self, app: Application, document_no: str) -> CaseInfo:
        clerk = app.clerk.display_name or app.clerk.username if app.clerk else ""
        return CaseInfo(
            uuid=app.uuid, document_no=document_no, matter_code=app.matter_code, matter_version=app.matter_version,
            matter_name=app.matter_name, department=app.department, acceptance_no=app.acceptance_no or "",
            official_no=app.official_no or "", clerk_name=clerk,
            applicant=_party(app.applicant, app.applicant_name, app.applicant_id_masked),
            agent=_party(app.agent) if app.agent is not None else None,
            materials=tuple(_material(m) for m in app.materials))

    def _provisional_years(self, app: Application) -> tuple[int, ...]:
        """Years the case's due date was counted through without official holiday data."""
        session = object_session(app)
        if app.due_date is None or session is None:
            return ()
        start = self.ctx.hall_clock.date_of(app.accepted_at or app.created_at)
        return tuple(load_calendar(session).unknown_years(start, app.due_date))

    def _document(self, app: Application, kind: DocumentKind, reprint: Reprint | None, document_no: str,
                  issue: IssueInfo | None) -> Document:
        hall, case = self._hall(app), self._case(app, document_no)
        if kind in ACCEPTANCE_PAPERS:
            clerk, window = _accepted_by(app)
            if window:
                hall, case = dataclasses.replace(hall, window_id=window), dataclasses.replace(case, clerk_name=clerk)
        to_local = self.ctx.hall_clock.local
        decided = to_local(app.decided_at or app.updated_at or app.created_at)
        accepted = to_local(app.accepted_at) if app.accepted_at else decided
        if kind in (DocumentKind.RECEIPT, DocumentKind.RECEIPT_SLIP):
            return AcceptanceReceipt(hall=hall, case=case, accepted_at=accepted,
                                     due_provisional_years=self._provisional_years(app),
                                     due_date=app.due_date, promised_days=app.promised_days,
                                     immediate=app.immediate, reprint=reprint, issue=issue)
        if kind is DocumentKind.SUPPLEMENT_NOTICE:
            return SupplementNotice(hall=hall, case=case, issued_at=decided, supplement_due=app.supplement_due,
                                    note=app.supplement_note, reprint=reprint, issue=issue)
        if kind is DocumentKind.REJECTION_NOTICE:
            return RejectionNotice(hall=hall, case=case, decided_at=decided, reason=app.rejection_reason,
                                   reprint=reprint, issue=issue)
        if kind is DocumentKind.DEFERRAL_UNDERTAKING:
            return DeferralUndertaking(hall=hall, case=case, accepted_at=accepted,
                                       reprint=reprint, issue=issue)
        if kind is DocumentKind.HANDOVER_RECEIPT:
            return self._handover(app, hall, case, reprint, issue)
        return MaterialsReceipt(hall=hall, case=case, received_at=accepted,
                                reprint=reprint, issue=issue)

    def _handover(self, app: Application, hall: HallInfo, case: CaseInfo, reprint: Reprint | None,
                  issue: IssueInfo | None) -> HandoverReceipt:
        """The 领取回执 from the hand-over the hall recorded (the collector's full name only where it was read)."""
        extra = parse_extra(app.hall_extra)
        handover = extra.get("handover") or {}
        at = app.handed_over_at or app.updated_at
        case = dataclasses.replace(case, clerk_name=_handed_over_by(app) or case.clerk_name)
        return HandoverReceipt(
            hall=dataclasses.replace(hall, window_id=str(handover.get("window_id") or hall.window_id)), case=case,
            handed_over_at=self.ctx.hall_clock.local(at), collector_role=str(handover.get("collector") or "applicant"),
            collector_name=str(extra.get("handover_name") or handover.get("name") or ""),
            collector_id_masked=str(handover.get("id_masked") or ""), method=str(handover.get("method") or "window"),
            courier=str(handover.get("courier") or ""), tracking_no=str(handover.get("tracking_no") or ""),
            reprint=reprint, issue=issue)
