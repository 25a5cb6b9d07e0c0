"""Printing PDF bytes through Qt: each page rasterised by pypdfium2 at the printer's resolution.

There is no QtPdf in our Qt build, so pages are rendered to images with pypdfium2 and painted
onto a :class:`QPrinter` with a :class:`QPainter`, page size taken from the PDF (A4, or the
80 mm slip's exact length). Anything Qt reports as a failure — the printer cannot start,
a page cannot be added, the job ends in error — raises :class:`PrintFailed` with a message for
the clerk, so the caller never records a print that did not happen. (Faults the spooler only
learns about later, such as paper running out mid-job, are outside what Qt can tell us; the
clerk then reprints, and the copy is marked 补打.)
"""
from __future__ import annotations

import logging
from typing import Protocol

from printing.dispatch import PrintFailed
from ui.qt import (
    QCoreApplication,
    QImage,
    QMarginsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPrinter,
    QPrinterInfo,
    QRectF,
    QSizeF,
)

log = logging.getLogger("onewindow.ui.printing")

MAX_DPI = 300  # more only makes the spool file bigger; text is sharp at 300 dpi


class PrinterBackend(Protocol):
    """What the print dialog needs of the machine's printers (tests pass a fake)."""

    def available(self) -> list[str]: ...

    def default(self) -> str | None: ...

    def print_pdf(self, pdf: bytes, printer: str, *, title: str) -> None: ...


def page_images(pdf: bytes, dpi: float, *, grayscale: bool = False) -> list[QImage]:
    """Each page of ``pdf`` as a QImage at ``dpi`` (used by the preview and by printing)."""
    import pypdfium2 as pdfium  # loaded with the first page printed or previewed, not with the window

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, grayscale=grayscale)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes()
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
            images.append(image)
            page.close()
        return images
    finally:
        document.close()


def page_sizes_pt(pdf: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium  # loaded with the first page printed or previewed, not with the window

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_size() for i in range(len(document))]
    finally:
        document.close()


def _page_size(width_pt: float, height_pt: float) -> QPageSize:
    return QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)


def paint_pdf(printer: QPrinter, pdf: bytes, *, title: str) -> None:
    """Paint every page of ``pdf`` onto ``printer``; raises :class:`PrintFailed` on any reported fault."""
    sizes = page_sizes_pt(pdf)
    printer.setDocName(title)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(_page_size(*sizes[0]), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(QCoreApplication.translate("QtPrinterBackend", "Cannot start printing: the printer “%1” does not answer (not connected, offline or "
                              "out of paper?). Nothing was printed; print again later or save as PDF.")
                          .replace("%1", printer.printerName() or printer.outputFileName()))
    try:
        for number, image in enumerate(page_images(pdf, dpi), start=1):
            if number > 1:
                printer.setPageSize(_page_size(*sizes[number - 1]))
                if not printer.newPage():
                    raise PrintFailed(QCoreApplication.translate("QtPrinterBackend", "The printer failed on page %1: the paper is incomplete. Check the printer "
                                          "and print again.").replace("%1", str(number)))
            target = printer.paperRect(QPrinter.Unit.DevicePixel)
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), image)
    finally:
        ended = painter.end()
    if not ended or printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintFailed(QCoreApplication.translate("QtPrinterBackend", "The printer reported an error (out of paper or a jam?): the paper is incomplete. "
                              "Check the printer and print again."))


class QtPrinterBackend:
    """The machine's real printers, through QtPrintSupport."""

    def available(self) -> list[str]:
        return list(QPrinterInfo.availablePrinterNames())

    def default(self) -> str | None:
        return QPrinterInfo.defaultPrinterName() or None

    def print_pdf(self, pdf: bytes, printer: str, *, title: str) -> None:
        info = QPrinterInfo.printerInfo(printer)
        if info.isNull():
            raise PrintFailed(QCoreApplication.translate("QtPrinterBackend", "The printer “%1” is not available: nothing was printed. Check the printer or save "
                                  "as PDF.").replace("%1", printer))
        qprinter = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        log.info("printing %s on %s", title, printer)
        paint_pdf(qprinter, pdf, title=title)
