"""A counter's two printers as files: each job is the PDF the citizen takes home, kept for the test to read."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

A4 = "A4-Counter"
THERMAL = "TM-80"


@dataclass
class PaperTray:
    """Implements ``ui.printing.qt_printer.PrinterBackend``; ``jobs`` are (printer, file) in order."""

    folder: Path
    jobs: list[tuple[str, Path]] = field(default_factory=list)

    def available(self) -> list[str]:
        return [A4, THERMAL]

    def default(self) -> str | None:
        return A4

    def print_pdf(self, pdf: bytes, printer: str, *, title: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{len(self.jobs) + 1:02d}-{printer}.pdf"
        path.write_bytes(pdf)
        self.jobs.append((printer, path))

    def texts(self) -> list[str]:
        return [pdf_text(path.read_bytes()) for _printer, path in self.jobs]


def pdf_text(pdf: bytes) -> str:
    """The text a PDF shows, whitespace-insensitive (reportlab may break a line anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
