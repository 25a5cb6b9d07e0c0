"""The print use case for the GUI: prepare, choose the printer, print or save, record only on success.

Kept apart from the dialog so the rules (which printer, what is recorded when) read in one
place and are tested without clicking. The backend is injectable: tests use a fake printer
that succeeds or fails on demand.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.papers.records import PreparedDocument, PrintRecord, PrintRecords
from printing.dispatch import PrinterChoice, choose_printer
from printing.documents import DocumentKind
from ui.printing.qt_printer import PrinterBackend, QtPrinterBackend

log = logging.getLogger("onewindow.ui.printing")


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to a document: printed on a printer, or saved as a PDF file."""

    record: PrintRecord
    printer: str | None = None
    path: Path | None = None

    @property
    def message(self) -> str:
        if self.path is not None:
            return f"已保存为 PDF：{self.path}"
        return f"已发送到打印机“{self.printer}”。"


class PrintController:
    """Prints documents for one signed-in clerk."""

    def __init__(self, ctx: AppContext, user: CurrentUser, *, backend: PrinterBackend | None = None,
                 records: PrintRecords | None = None) -> None:
        self.ctx = ctx
        self.user = user
        self.backend = backend or QtPrinterBackend()
        self.records = records or PrintRecords(ctx)

    def prepare(self, application_id: int | str, kind: DocumentKind | str) -> PreparedDocument:
        return self.records.prepare(application_id, kind, actor=self.user)  # issues the paper the first time

    def choose(self, kind: DocumentKind) -> PrinterChoice:
        printers = self.ctx.config.printers
        return choose_printer(kind, a4=printers.a4, thermal=printers.thermal, available=self.backend.available(),
                              default=self.backend.default())

    def print(self, prepared: PreparedDocument, printer: str) -> PrintOutcome:
        """Print, then record. A :class:`PrintFailed` from the backend propagates and nothing is recorded."""
        self.backend.print_pdf(prepared.rendered.pdf, printer,
                               title=f"{prepared.kind.title} {prepared.case.label}")
        record = self.records.record(prepared, actor=self.user, printer=printer, outcome="printed")
        return PrintOutcome(record=record, printer=printer)

    def save(self, prepared: PreparedDocument, path: Path | None = None) -> PrintOutcome:
        """Save as PDF (to ``path`` or the data dir's default place), then record it as saved."""
        written = self.records.save_pdf(prepared, path)
        record = self.records.record(prepared, actor=self.user, printer=f"PDF: {written}", outcome="saved_pdf")
        return PrintOutcome(record=record, path=written)
