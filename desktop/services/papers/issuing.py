"""Issuing a paper: a number from the register, what it says frozen, and the QR that checks it.

A paper is issued once per case and document family (the 80 mm 受理回执 is the 受理通知书 on other
paper), in one write transaction that

* draws the family's next number for the year on the hall's clock (``document_sequence``,
  mirrored in a high-water file next to the database like acceptance numbers, so restoring an
  old backup never hands out a number that is already on someone's paper),
* builds the document from the case's own snapshot and freezes it (``issued_document.content``),
* hashes what it says, and puts the case, the number and the short hash in its QR code.

Every print and reprint after that renders the frozen content, so a reprint is the original,
marked 补打 — whatever later happened to the applicant's shared record. A correction to the case
does not change an issued paper; ``reissue`` issues a new one (new number) from the corrected case.
Papers printed before revision 0005 have an issue row without content: the first time one is
needed again it is frozen from the case's snapshot and marked ``reconstructed``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.hall_clock import HallClock
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.intake.acceptance_numbers import HighWaterMark
from desktop.services.papers.content import DocumentService, short_uuid
from desktop.services.papers.official_form import load_official_form
from desktop.store.models import Application, DocumentSequence, IssuedDocument
from printing.documents import Document, DocumentKind, IssueInfo
from printing.frozen import content_digest, freeze, thaw, verify_code, with_verification

DOCUMENT_HWM_FILE = "document-hwm.json"
VERIFY_PREFIX = "OW1"  # the QR text when the hall has no enquiry URL: OW1|<case>|<number>|<code>


@dataclass(frozen=True)
class Issue:
    """An issued paper as the print path needs it."""

    id: int
    application_id: int
    family: DocumentKind
    document_no: str
    issued_at: dt.datetime  # naive UTC
    issued_at_local: dt.datetime
    verify_code: str
    reconstructed: bool


def issue_view(row: IssuedDocument, clock: HallClock) -> Issue:
    return Issue(id=row.id, application_id=row.application_id, family=DocumentKind(row.family),
                 document_no=row.document_no, issued_at=row.issued_at, issued_at_local=clock.local(row.issued_at),
                 verify_code=row.verify_code, reconstructed=row.reconstructed)


def case_label(app: Application) -> str:
    return app.acceptance_no or short_uuid(app.uuid)


def verify_payload(enquiry_url: str, case: str, document_no: str, code: str) -> str:
    """What the QR code holds: the enquiry address with case, number and code, or a compact text."""
    if enquiry_url:
        query = urlencode({"no": case, "doc": document_no, "v": code})
        return f"{enquiry_url}{'&' if '?' in enquiry_url else '?'}{query}"
    return f"{VERIFY_PREFIX}|{case}|{document_no}|{code}"


def allocate_document_no(session: Session, ctx: AppContext, family: DocumentKind, year: int) -> str:
    """Draw the next number of ``family`` in ``year`` inside the caller's write transaction."""
    row = session.get(DocumentSequence, (family.value, year))
    mark = HighWaterMark(ctx.config.data_dir, DOCUMENT_HWM_FILE)
    day = dt.date(year, 1, 1)
    loaded = mark.load()  # read once for the floor and the raise
    seq = max(row.last_seq if row else 0, loaded.get(family.value, day)) + 1
    mark.raise_mark(loaded, family.value, day, seq)  # durable before the commit: a crash skips, never repeats
    if row is None:
        session.add(DocumentSequence(family=family.value, year=year, last_seq=seq))
    else:
        row.last_seq = seq
    session.flush()
    form = load_official_form(ctx.config)
    return form.document_no(family.value, agency=ctx.config.papers.agency, year=year, seq=seq)


class Issuer:
    """Issues papers and reads them back, inside the caller's session."""

    def __init__(self, ctx: AppContext, documents: DocumentService) -> None:
        self.ctx = ctx
        self.documents = documents

    def current(self, s: Session, application_id: int, kind: DocumentKind) -> IssuedDocument | None:
        """The latest paper of ``kind``'s family issued for the case (a reissue supersedes the first)."""
        return s.scalars(select(IssuedDocument).where(
            IssuedDocument.application_id == application_id, IssuedDocument.family == kind.family.value)
            .order_by(IssuedDocument.id.desc()).limit(1)).first()

    def issue(self, s: Session, app: Application, kind: DocumentKind, *, actor: CurrentUser | None) -> IssuedDocument:
        """A new paper of ``kind``'s family for ``app``: numbered, frozen, hashed (one transaction)."""
        now = self.ctx.now()
        document_no = allocate_document_no(s, self.ctx, kind.family, self.ctx.hall_clock.date_of(now).year)
        row = IssuedDocument(application_id=app.id, family=kind.family.value, document_no=document_no,
                             issued_at=now, issued_by=actor.id if actor else None)
        self._freeze(row, app, kind, document_no)
        s.add(row)
        s.flush()
        return row

    def freeze_legacy(self, app: Application, row: IssuedDocument, kind: DocumentKind) -> None:
        """Freeze a paper printed before papers were frozen, from the case's own snapshot."""
        self._freeze(row, app, kind, row.document_no)
        row.reconstructed = True

    def _freeze(self, row: IssuedDocument, app: Application, kind: DocumentKind, document_no: str) -> None:
        document = self.documents.document_for(app, kind, document_no=document_no, issue=self._issue_info(app, kind))
        digest = content_digest(document)
        code = verify_code(digest)
        hall = self.ctx.config.hall
        document = with_verification(document, verify_payload(hall.enquiry_url, case_label(app), document_no, code),
                                     code)
        row.content, row.content_sha256, row.verify_code = freeze(document), digest, code

    def _issue_info(self, app: Application, kind: DocumentKind) -> IssueInfo:
        form = load_official_form(self.ctx.config)
        family = kind.family.value
        body = app.department if app.decided_by == "department" and app.department else self.ctx.config.hall.name
        clock = self.ctx.hall_clock
        acted = app.accepted_at if kind.family in (DocumentKind.RECEIPT, DocumentKind.DEFERRAL_UNDERTAKING,
                                                   DocumentKind.MATERIALS_RECEIPT) and app.accepted_at else None
        if kind.family is DocumentKind.HANDOVER_RECEIPT and app.handed_over_at:
            acted = app.handed_over_at
        acted = acted or app.decided_at or app.updated_at or app.created_at
        consequence = {DocumentKind.SUPPLEMENT_NOTICE: form.clause("supplement-consequence"),
                       DocumentKind.RECEIPT: form.clause("deferral-consequence")}.get(kind.family, "")
        return IssueInfo(issuing_body=body, issued_on=clock.date_of(acted),
                         legal_basis=form.basis(family, app.matter_kind), consequence=consequence)

    @staticmethod
    def document(row: IssuedDocument, kind: DocumentKind) -> Document:
        """The frozen document, read as ``kind`` (the slip reads the receipt's content)."""
        assert row.content is not None
        return thaw(kind, row.content)

    @staticmethod
    def intact(row: IssuedDocument, kind: DocumentKind) -> bool:
        """Whether the stored content still hashes to what was recorded when it was issued."""
        if row.content is None:
            return True
        return content_digest(thaw(kind, row.content)) == row.content_sha256


def replace_reprint(document: Document, reprint) -> Document:
    return dataclasses.replace(document, reprint=reprint)


def pdf_digest(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()
