"""Preview before printing: the pages as the citizen will get them, then print or save as PDF.

Pages are rendered with pypdfium2 (no QtPdf in our Qt build) into a scrollable column. The
dialog names the printer it will use. When the print fails it says why and stays open, so the
clerk can fix the printer and press Print again or save a PDF; nothing was recorded meanwhile.
When no printer is available the main button saves a PDF into the data dir and says where.
"""
from __future__ import annotations

import logging
from pathlib import Path

from desktop.services.papers.records import PreparedDocument
from printing.dispatch import PrinterChoice
from printing.text import local_time
from ui.composition import Workspace
from ui.labels import PRINT_KIND_LABELS, label
from ui.messages import show_error, show_info
from ui.operations.printing import DefaultPdfPath, PrintOutcome, PrintPrepared, SavePrepared
from ui.printing.qt_printer import page_images
from ui.qt import (
    QCoreApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPixmap,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.screen_fit import fit_to_screen

log = logging.getLogger("onewindow.ui.printing")

PREVIEW_DPI = 96


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    """Ask where to save a PDF (tests replace this function)."""
    title = QCoreApplication.translate("PrintPreviewDialog", "Save as PDF")
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), "PDF (*.pdf)")
    return Path(name) if name else None


class PrintPreviewDialog(QDialog):
    """Shows a prepared document and prints or saves it (operations: record only on success)."""

    printed = Signal(object)  # PrintOutcome, after the print or save was recorded

    def __init__(self, ws: Workspace, prepared: PreparedDocument, choice: PrinterChoice,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreviewDialog")
        self.ops, self.prepared, self.choice = ws.ops, prepared, choice
        self.outcome: PrintOutcome | None = None
        self.setWindowTitle(self.tr("Print preview — %1").replace("%1", prepared.kind.title))
        fit_to_screen(self, 880, 900)  # the A4 page scrolls; the buttons stay on screen
        layout = QVBoxLayout(self)
        title = QLabel(f"{label(PRINT_KIND_LABELS, prepared.kind.value)}   {prepared.case.label}")
        title.setObjectName("printTitle")
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout.addWidget(title)
        if prepared.original is not None:
            first = local_time(prepared.original.printed_at_local)
            reprint = QLabel(self.tr("This is a reprint: the copy is marked as such with the original print time %1.")
                             .replace("%1", first))
            reprint.setObjectName("reprintNotice")
            reprint.setStyleSheet("color: #b00000;")
            layout.addWidget(reprint)
        notes = [*prepared.rendered.warnings] + ([choice.note] if choice.note else [])
        self.notes = QLabel("\n".join(notes))
        self.notes.setObjectName("printNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("background: #fff6d5; padding: 6px;")
        self.notes.setVisible(bool(notes))
        layout.addWidget(self.notes)
        layout.addWidget(self._pages_view(), 1)
        self.status = QLabel("")
        self.status.setObjectName("printStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())

    def _pages_view(self) -> QScrollArea:
        area = QScrollArea()
        area.setObjectName("previewPages")
        area.setWidgetResizable(True)
        column = QWidget()
        pages = QVBoxLayout(column)
        pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        dpi = PREVIEW_DPI * (1.5 if self.prepared.kind.thermal else 1)
        self.page_labels: list[QLabel] = []
        for image in page_images(self.prepared.rendered.pdf, dpi):
            label = QLabel()
            label.setObjectName("previewPage")
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            pages.addWidget(label)
            self.page_labels.append(label)
        area.setWidget(column)
        return area

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printButton")
        if self.choice.printer:
            self.print_button.setText(self.tr("Print on %1").replace("%1", self.choice.printer))
            self.print_button.clicked.connect(self._print)
        else:
            self.print_button.setText(self.tr("Save as PDF"))
            self.print_button.clicked.connect(lambda: self._save(None))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.tr("Save as PDF…") if self.choice.printer
                                       else self.tr("Save elsewhere…"))
        self.save_button.setObjectName("saveAsButton")
        self.save_button.clicked.connect(self._save_as)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button, close):
            row.addWidget(button)
        return row

    def _busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def _print(self) -> None:
        printer = self.choice.printer
        assert printer is not None
        self._busy(True)
        self.status.setText(self.tr("Printing on %1…").replace("%1", printer))
        self.ops.run(PrintPrepared(self.prepared, printer), owner=self, on_done=self._done, on_error=self._failed)

    def _save_as(self) -> None:
        self.ops.run(DefaultPdfPath(self.prepared), owner=self, on_done=self._ask_where)

    def _ask_where(self, suggested: Path) -> None:
        path = ask_save_path(self, suggested)
        if path is not None:
            self._save(path)

    def _save(self, path: Path | None) -> None:
        self._busy(True)
        self.ops.run(SavePrepared(self.prepared, path), owner=self, on_done=self._done, on_error=self._failed)

    def _done(self, outcome: PrintOutcome) -> None:
        self.outcome = outcome
        self._busy(False)
        self.status.setText(self.outcome_text(outcome))
        log.info("%s %s: %s", self.prepared.kind.value, self.prepared.case.label,
                 "saved as PDF" if outcome.path else f"printed on {outcome.printer}")
        self.printed.emit(outcome)
        if outcome.path is not None and not self.choice.printer:
            show_info(self.parentWidget(), (self.choice.note + "\n" if self.choice.note else "")
                      + self.outcome_text(outcome))
        self.accept()

    def outcome_text(self, outcome: PrintOutcome) -> str:
        if outcome.path is not None:
            return self.tr("Saved as PDF: %1").replace("%1", str(outcome.path))
        return self.tr("Sent to the printer “%1”.").replace("%1", outcome.printer or "")

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.status.setText(self.tr("Not printed. The document stays here: fix the printer and print again, "
                                    "or save it as PDF."))
        show_error(self, error)
