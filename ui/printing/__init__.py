"""Printing from the GUI: preview, print or save, and record — one call per user action.

The intake screen, after a decision, and the applications list (补打) call::

    from ui.printing import offer_papers_after_decision, print_document
    offer_papers_after_decision(ws, parent, decision.uuid)       # the configured papers, in one step
    print_document(ws, parent, decision.uuid, "receipt-slip")    # one document, e.g. a reprint

(an application's row id, UUID, acceptance number or notice number all work as the reference).

Both return at once: the document is rendered off the UI thread (an operation), then a
preview dialog opens; printing and recording are operations too. Importing this module is
cheap: the printing stack (reportlab, segno) is loaded by the first operation that renders a
paper, on its worker, and the dialogs with it, so neither the sign-in nor the UI thread pays.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.composition import Workspace
from ui.operations.printing import PapersForCase, PrepareDocument, PrintOutcome
from ui.qt import Qt, QWidget

if TYPE_CHECKING:
    from desktop.services.papers.records import PreparedDocument
    from printing.dispatch import PrinterChoice
    from printing.documents import DocumentKind
    from ui.printing.papers_dialog import PapersDialog
    from ui.printing.preview_dialog import PrintPreviewDialog

__all__ = ["PapersDialog", "PrintOutcome", "PrintPreviewDialog", "choose", "offer_papers", "offer_papers_after_decision",
           "offer_reprint", "print_document"]


def __getattr__(name: str) -> type:
    # The dialogs import the printing package (reportlab): loaded when first asked for.
    if name == "PapersDialog":
        from ui.printing.papers_dialog import PapersDialog

        return PapersDialog
    if name == "PrintPreviewDialog":
        from ui.printing.preview_dialog import PrintPreviewDialog

        return PrintPreviewDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def choose(ws: Workspace, kind: DocumentKind | str) -> PrinterChoice:
    """The printer for ``kind``: configured A4/thermal printer if installed, else the default, else PDF."""
    from printing.dispatch import choose_printer

    printers, backend = ws.config.printers, ws.ports.printer
    return choose_printer(kind, a4=printers.a4, thermal=printers.thermal, available=backend.available(),
                          default=backend.default())


def print_document(ws: Workspace, parent: QWidget, reference: int | str,
                   kind: DocumentKind | str = "receipt", *,
                   on_dialog: Callable[[PrintPreviewDialog], None] | None = None,
                   on_closed: Callable[[PrintOutcome | None], None] | None = None) -> None:
    """Render ``kind`` for the case, then open the preview dialog (errors go to the one error path).

    ``on_dialog`` gets the opened dialog; ``on_closed`` gets the outcome (None if the clerk closed it
    without printing or saving). An unknown ``kind`` is refused by the service, on the worker.
    """

    def opened(prepared: PreparedDocument) -> None:
        from ui.focus import return_focus_after
        from ui.printing.preview_dialog import PrintPreviewDialog

        dialog = PrintPreviewDialog(ws, prepared, choose(ws, prepared.kind), parent)
        return_focus_after(dialog)  # the keyboard goes back where the clerk was (Qt alone leaves it nowhere)
        if on_closed is not None:
            dialog.finished.connect(lambda _code: on_closed(dialog.outcome))
        dialog.open()
        if on_dialog is not None:
            on_dialog(dialog)

    ws.ops.run(PrepareDocument(reference, str(kind)), owner=parent, on_done=opened)  # a DocumentKind is a StrEnum


def offer_papers_after_decision(ws: Workspace, parent: QWidget, reference: int | str, *,
                                on_dialog: Callable[[PapersDialog], None] | None = None) -> None:
    """After a decision: the papers this case may have, ticked as the window is configured, in one dialog."""
    offer_papers(ws, parent, reference, on_dialog=on_dialog)


def offer_reprint(ws: Workspace, parent: QWidget, reference: int | str, *,
                  on_dialog: Callable[[PapersDialog], None] | None = None) -> None:
    """补打: the case's papers, none ticked; a paper printed again is marked 补打 with its first time."""
    offer_papers(ws, parent, reference, ticked=(), on_dialog=on_dialog)


def offer_papers(ws: Workspace, parent: QWidget, reference: int | str, *, ticked: tuple[str, ...] | None = None,
                 on_dialog: Callable[[PapersDialog], None] | None = None) -> None:
    from ui.focus import return_focus_after

    def offer(kinds: tuple[str, ...]) -> None:
        from ui.printing.papers_dialog import PapersDialog

        if not kinds:
            return
        dialog = PapersDialog(ws, reference, kinds, parent, ticked=ticked)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return_focus_after(dialog)
        dialog.open()
        dialog.activateWindow()
        if on_dialog is not None:
            on_dialog(dialog)

    ws.ops.run(PapersForCase(reference), owner=parent, on_done=offer)
