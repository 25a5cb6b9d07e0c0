"""Every paper that leaves the counter is recorded, and a second copy says it is one (补打).

Flow: :meth:`PrintRecords.prepare` issues the paper if it has not been issued yet (number,
frozen content, QR — see :mod:`desktop.services.papers.issuing`) and renders the frozen content:
marked as a reprint, with the time of the original, when the same kind of paper (the A4 receipt,
or the 80 mm slip, each on its own) was printed before. The caller prints or saves it, and only on
success calls :meth:`record`, which writes ``printed_document`` and an audit event in one
transaction. A printer error therefore records nothing: the paper was not handed over and its
next print is still the original.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.hall_clock import HallClock
from desktop.services import audit
from desktop.services.accounts.auth import SYSTEM, CurrentUser
from desktop.services.context import AppContext
from desktop.services.papers.content import CaseRef, DocumentError, DocumentService
from desktop.services.papers.issuing import Issue, Issuer, issue_view, replace_reprint
from desktop.store.models import Application, PrintedDocument
from printing.documents import DocumentKind, RenderedDocument, Reprint
from printing.frozen import FrozenDocumentError
from printing.render import render

log = logging.getLogger("onewindow.printing")

OUTCOMES = ("printed", "saved_pdf")


@dataclass(frozen=True)
class PrintRecord:
    id: int
    application_id: int
    kind: DocumentKind
    printed_at: dt.datetime  # naive UTC
    printed_at_local: dt.datetime  # the hall's wall clock, for what a person reads
    printed_by: int | None
    printer: str
    outcome: str
    reprint_of: int | None
    pdf_sha256: str
    pages: int
    issued_document_id: int | None = None


@dataclass(frozen=True)
class PreparedDocument:
    """A rendered document waiting to be printed, with what it takes to record it afterwards."""

    case: CaseRef
    kind: DocumentKind
    rendered: RenderedDocument
    original: PrintRecord | None  # the first print of this kind of this paper, when this is a reprint
    issue: Issue | None = None  # the issued paper this renders (None only for papers outside the register)

    @property
    def is_reprint(self) -> bool:
        return self.original is not None

    @property
    def suggested_filename(self) -> str:
        number = re.sub(r"[^0-9A-Za-z-]", "_", self.case.label)
        return f"{self.kind.value}-{number}{'-reprint' if self.is_reprint else ''}.pdf"


def _row(r: PrintedDocument, clock: HallClock) -> PrintRecord:
    return PrintRecord(id=r.id, application_id=r.application_id, kind=DocumentKind(r.kind), printed_at=r.printed_at,
                       printed_at_local=clock.local(r.printed_at),
                       printed_by=r.printed_by, printer=r.printer, outcome=r.outcome, reprint_of=r.reprint_of,
                       pdf_sha256=r.pdf_sha256, pages=r.pages, issued_document_id=r.issued_document_id)


def _family(kind: DocumentKind) -> list[str]:
    return [k.value for k in DocumentKind if k.family is kind.family]


class PrintRecords:
    """Issues, renders and records every print and reprint of the papers."""

    def __init__(self, ctx: AppContext, documents: DocumentService | None = None) -> None:
        self.ctx = ctx
        self.documents = documents or DocumentService(ctx)
        self.issuer = Issuer(ctx, self.documents)

    @staticmethod
    def _first_print(s: Session, issue_id: int, kind: DocumentKind) -> PrintedDocument | None:
        """The first print of this kind of this paper: the original a later copy reproduces."""
        return s.scalars(select(PrintedDocument).where(
            PrintedDocument.issued_document_id == issue_id, PrintedDocument.kind == kind.value)
            .order_by(PrintedDocument.printed_at, PrintedDocument.id).limit(1)).first()

    def history(self, application_id: int) -> list[PrintRecord]:
        with self.ctx.db.session() as s:
            rows = s.scalars(select(PrintedDocument).where(PrintedDocument.application_id == application_id)
                             .order_by(PrintedDocument.id)).all()
            return [_row(r, self.ctx.hall_clock) for r in rows]

    def prepare(self, reference: int | str, kind: DocumentKind | str, *, actor: CurrentUser | None = None,
                reissue: bool = False, font_path: Path | None = None) -> PreparedDocument:
        """Issue (first time) and render ``kind`` for a case (by id, or any reference :meth:`DocumentService.find` takes).

        ``reissue`` issues a new paper (new number) from the case as it stands now — after a
        correction, when the citizen needs a paper that shows the corrected data.
        """
        kind = DocumentKind(kind)
        case = self._case(reference)
        with self.ctx.db.session() as s:
            row = None if reissue else self.issuer.current(s, case.id, kind)
            ready = row is not None and row.content is not None
        if not ready:
            with self.ctx.db.transaction() as s:  # the issuing transaction
                app = self.documents.load(s, case.id)
                row = None if reissue else self.issuer.current(s, case.id, kind)
                if row is None:
                    self.documents.check_applicable(app, kind)
                    row = self.issuer.issue(s, app, kind, actor=actor)
                    audit.record(s, actor.username if actor else SYSTEM, "document.issue",
                                 f"application:{case.uuid}", {"kind": kind.family.value, "number": row.document_no,
                                                              "verify": row.verify_code, "reissue": reissue},
                                 at=self.ctx.now())
                elif row.content is None:
                    self.issuer.freeze_legacy(app, row, kind)
                    audit.record(s, actor.username if actor else SYSTEM, "document.freeze",
                                 f"application:{case.uuid}", {"kind": kind.family.value, "number": row.document_no,
                                                              "reconstructed": True}, at=self.ctx.now())
        with self.ctx.db.session() as s:
            row = self.issuer.current(s, case.id, kind)
            assert row is not None and row.content is not None
            try:
                document = self.issuer.document(row, kind)
            except FrozenDocumentError as exc:
                raise DocumentError(f"文书 {row.document_no} 的存档内容无法读取，请联系 IT 运行 onewindow db check。") from exc
            first = self._first_print(s, row.id, kind)
            original = _row(first, self.ctx.hall_clock) if first is not None else None
            issue = issue_view(row, self.ctx.hall_clock)
        reprint = Reprint(original.printed_at_local) if original else None
        rendered = render(replace_reprint(document, reprint), kind, font_path=font_path)
        for warning in rendered.warnings:
            log.warning("printing %s for application %s: %s", kind.value, case.id, warning)
        return PreparedDocument(case=case, kind=kind, rendered=rendered, original=original, issue=issue)

    def _case(self, reference: int | str) -> CaseRef:
        if isinstance(reference, int):
            with self.ctx.db.session() as s:
                app = s.get(Application, reference)
                if app is not None:
                    return CaseRef(id=app.id, uuid=app.uuid, status=app.status,
                                   acceptance_no=app.acceptance_no or "", matter_name=app.matter_name)
            return self.documents.find(str(reference))
        return self.documents.find(reference)

    def record(self, prepared: PreparedDocument, *, actor: CurrentUser | None, printer: str,
               outcome: str = "printed") -> PrintRecord:
        """Record a document that really left the counter (printed, or saved as PDF), with an audit event."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown print outcome {outcome!r}")
        rendered = prepared.rendered
        now = self.ctx.now()
        issue_id = prepared.issue.id if prepared.issue is not None else None
        with self.ctx.db.transaction() as s:
            first = self._first_print(s, issue_id, prepared.kind) if issue_id is not None else None
            row = PrintedDocument(
                application_id=prepared.case.id, kind=prepared.kind.value, printed_at=now,
                printed_by=actor.id if actor else None, printer=printer[:200], outcome=outcome,
                reprint_of=first.id if first is not None else None, issued_document_id=issue_id,
                pdf_sha256=hashlib.sha256(rendered.pdf).hexdigest(), pages=rendered.pages)
            s.add(row)
            s.flush()
            audit.record(s, actor.username if actor else SYSTEM,
                         "document.reprint" if row.reprint_of else "document.print",
                         f"application:{prepared.case.uuid}",
                         {"kind": prepared.kind.value, "number": prepared.case.label, "printer": printer,
                          "outcome": outcome, "pages": rendered.pages, "reprint_of": row.reprint_of,
                          "printed_document": row.id,
                          "document_no": prepared.issue.document_no if prepared.issue else ""}, at=now)
            return _row(row, self.ctx.hall_clock)

    def default_pdf_path(self, prepared: PreparedDocument) -> Path:
        """Where a document goes when no printer is available: <data dir>/printed/<day>/…pdf."""
        now = self.ctx.hall_clock.local(self.ctx.now())
        stem = prepared.suggested_filename.removesuffix(".pdf")
        return self.ctx.config.data_dir / "printed" / f"{now:%Y%m%d}" / f"{stem}-{now:%H%M%S}.pdf"

    def save_pdf(self, prepared: PreparedDocument, path: Path | None = None) -> Path:
        """Write the PDF (atomically) and return where it went; the caller records it as ``saved_pdf``."""
        target = Path(path) if path is not None else self.default_pdf_path(prepared)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        with open(tmp, "wb") as fh:
            fh.write(prepared.rendered.pdf)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        return target
