"""Operations of the papers: which to offer, rendering one, printing or saving it (then recording it).

A print is recorded only after the printer took it (a :class:`PrintFailed` records nothing), so
the paper trail never claims a document the citizen did not get.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ui.events import DocumentPrinted, EventHub
from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.services.papers.records import PreparedDocument, PrintRecord


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to a document: printed on a printer, or saved as a PDF file."""

    record: PrintRecord
    printer: str | None = None
    path: Path | None = None


@dataclass(frozen=True)
class PapersForCase(Operation["tuple[str, ...]"]):
    """The kinds this case may have now (by id, UUID or any number the papers service accepts)."""

    reference: str | int

    def perform(self, env: Env) -> tuple[str, ...]:
        return tuple(k.value for k in env.services.documents.applicable(self.reference))


@dataclass(frozen=True)
class PrepareDocument(Operation["PreparedDocument"]):
    """Issue (the first time) and render one paper (a reprint is marked 补打 with the original time)."""

    reference: str | int
    kind: str
    lane = Lane.WRITE  # the first print issues the paper: number, frozen content

    def perform(self, env: Env) -> PreparedDocument:
        return env.services.prints.prepare(self.reference, self.kind, actor=env.user)


class _Issue(Operation[PrintOutcome]):
    lane = Lane.WRITE

    def announce(self, result: PrintOutcome, events: EventHub) -> None:
        prepared: PreparedDocument = getattr(self, "prepared")  # noqa: B009 - set by the dataclass subclasses
        events.document_printed.emit(DocumentPrinted(
            application_id=prepared.case.id, case_label=prepared.case.label, kind=prepared.kind.value,
            reprint=prepared.is_reprint, outcome=result.record.outcome,
            where=str(result.path) if result.path is not None else (result.printer or "")))


@dataclass(frozen=True)
class PrintPrepared(_Issue):
    prepared: PreparedDocument
    printer: str

    def perform(self, env: Env) -> PrintOutcome:
        title = f"{self.prepared.kind.title} {self.prepared.case.label}"
        env.require_ports().printer.print_pdf(self.prepared.rendered.pdf, self.printer, title=title)
        record = env.services.prints.record(self.prepared, actor=env.user, printer=self.printer, outcome="printed")
        return PrintOutcome(record=record, printer=self.printer)


@dataclass(frozen=True)
class SavePrepared(_Issue):
    """Save as PDF (to ``path``, or the data dir's place for printed papers), then record it."""

    prepared: PreparedDocument
    path: Path | None = None

    def perform(self, env: Env) -> PrintOutcome:
        prints = env.services.prints
        written = prints.save_pdf(self.prepared, self.path)
        record = prints.record(self.prepared, actor=env.user, printer=f"PDF: {written}", outcome="saved_pdf")
        return PrintOutcome(record=record, path=written)


@dataclass(frozen=True)
class DefaultPdfPath(Operation[Path]):
    prepared: PreparedDocument

    def perform(self, env: Env) -> Path:
        return env.services.prints.default_pdf_path(self.prepared)


@dataclass(frozen=True)
class IssuedPaper:
    """One paper of :class:`IssuePapers`: printed, saved as PDF, or refused (the clerk's message)."""

    kind: str
    outcome: PrintOutcome | None
    problem: str = ""


@dataclass(frozen=True)
class IssuePapers(Operation["tuple[IssuedPaper, ...]"]):
    """The papers offered after a decision, all in one step: each rendered, printed (or saved), recorded.

    ``plan`` pairs each kind with the printer chosen for it on the UI thread (None: save as PDF).
    A paper the printer refuses is reported and the others still go out; nothing is recorded for it.
    """

    lane = Lane.WRITE
    reference: str | int
    plan: tuple[tuple[str, str | None], ...]

    def perform(self, env: Env) -> tuple[IssuedPaper, ...]:
        from desktop.domain.errors import UserError

        issued = []
        for kind, printer in self.plan:
            try:
                prepared = env.services.prints.prepare(self.reference, kind, actor=env.user)
                job = PrintPrepared(prepared, printer) if printer else SavePrepared(prepared)
                issued.append(IssuedPaper(kind, job.perform(env)))
            except UserError as exc:
                issued.append(IssuedPaper(kind, None, str(exc)))
        return tuple(issued)

    def announce(self, result: tuple[IssuedPaper, ...], events: EventHub) -> None:
        for paper in result:
            if paper.outcome is not None:
                record = paper.outcome.record
                events.document_printed.emit(DocumentPrinted(
                    application_id=record.application_id, case_label=str(self.reference), kind=paper.kind,
                    reprint=record.reprint_of is not None, outcome=record.outcome,
                    where=str(paper.outcome.path) if paper.outcome.path is not None else (paper.outcome.printer or "")))
