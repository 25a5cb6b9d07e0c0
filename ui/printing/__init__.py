"""Printing from the GUI: preview, print or save, and record — one call per user action.

The intake screen, after a decision, calls::

    from ui.printing import print_after_decision, print_document
    print_after_decision(self, ctx, user, decision.uuid)          # receipt (+ undertaking), or the notice
    print_document(self, ctx, user, decision.uuid, "receipt-slip") # one document, e.g. a reprint

(an application's row id, UUID, acceptance number or notice number all work as the reference).

Both return at once: the document is rendered off the UI thread, then a preview dialog opens.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.papers.content import DocumentService
from desktop.services.papers.records import PreparedDocument
from printing.documents import DocumentKind
from ui.printing.controller import PrintController, PrintOutcome
from ui.printing.preview_dialog import PrintPreviewDialog
from ui.printing.qt_printer import PrinterBackend
from ui.qt import QWidget
from ui.tasks import TaskRunner

__all__ = ["PrintController", "PrintOutcome", "PrintPreviewDialog", "print_after_decision", "print_document"]


def print_document(parent: QWidget, ctx: AppContext, user: CurrentUser, application_id: int | str,
                   kind: DocumentKind | str = DocumentKind.RECEIPT, *, backend: PrinterBackend | None = None,
                   on_dialog: Callable[[PrintPreviewDialog], None] | None = None,
                   on_closed: Callable[[PrintOutcome | None], None] | None = None) -> None:
    """Render ``kind`` for the case, then open the preview dialog (errors go to the one error path).

    ``on_dialog`` gets the opened dialog; ``on_closed`` gets the outcome (None if the clerk closed it
    without printing or saving).
    """
    controller = PrintController(ctx, user, backend=backend)
    tasks = TaskRunner(parent)

    def opened(prepared: PreparedDocument) -> None:
        dialog = PrintPreviewDialog(controller, prepared, controller.choose(prepared.kind), parent)
        if on_closed is not None:
            dialog.finished.connect(lambda _code: on_closed(dialog.outcome))
        dialog.open()
        if on_dialog is not None:
            on_dialog(dialog)

    tasks.run(lambda: controller.prepare(application_id, kind), on_done=opened, writes_db=True)  # may issue


def print_after_decision(parent: QWidget, ctx: AppContext, user: CurrentUser, application_id: int | str, *,
                         backend: PrinterBackend | None = None,
                         on_dialog: Callable[[PrintPreviewDialog], None] | None = None) -> Sequence[DocumentKind]:
    """Offer, one after another, the papers the citizen takes home after the decision.

    Accepted: the receipt, then the deferral undertaking if anything was deferred; supplement
    requested: the 一次性告知书; rejected: the 不予受理通知书. Returns the kinds it will offer.
    ``application_id`` may be the row id or the UUID (``Decision.uuid`` from the intake service).
    """
    kinds = list(DocumentService(ctx).after_decision(application_id))

    def next_one(_outcome: PrintOutcome | None = None) -> None:
        if kinds:
            print_document(parent, ctx, user, application_id, kinds.pop(0), backend=backend,
                           on_dialog=on_dialog, on_closed=next_one)

    offered = tuple(kinds)
    next_one()
    return offered
