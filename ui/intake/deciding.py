"""The four decisions at the counter: 受理, 即办, 补正告知, 不予受理 — and what the screen says after.

Each decision is one operation (``ui/operations/intake.py``). A dialog's text (the 补正 note,
the rejection reason) is read on the UI thread when the clerk confirms, into the operation's
fields, before any work starts: the work runs after the dialog is gone. The form is saved
first on the same write lane, so the decision sees what the clerk typed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.services.applications.read_models import Decision
from desktop.services.intake.errors import DueDateNeedsConfirmation, IntakeError
from ui.intake.dialogs import RejectDialog, SupplementDialog
from ui.labels import local_date
from ui.messages import show_error
from ui.operations.intake import Accept, CompleteNow, Reject, RequestSupplement
from ui.qt import QCoreApplication, QLineEdit, QMessageBox, QObject, QTimer

if TYPE_CHECKING:
    from ui.intake.page import IntakePage


class DecisionFlow(QObject):
    def __init__(self, page: IntakePage) -> None:
        super().__init__(page)
        self.page = page
        bar = page.bar
        bar.accept_requested.connect(self.accept)
        bar.complete_requested.connect(self.complete)
        bar.supplement_requested.connect(self.request_supplement)
        bar.reject_requested.connect(self.reject)

    def _open_case(self) -> str | None:
        page = self.page
        if page.case is None or page.decision is not None or page.deciding is not None:
            return None
        return page.case.uuid

    def _decide(self, operation, done_text: str) -> None:
        page = self.page
        if self._open_case() != operation.uuid:
            return
        page.save_now()
        page.deciding = operation.uuid
        page.ops.run(operation, owner=page, on_done=lambda d: self._decided(d, done_text), on_error=self._refused)

    def accept(self) -> None:
        if uuid := self._open_case():
            self._decide(Accept(uuid, self.page.window_id), self.tr("Accepted"))

    def complete(self) -> None:
        if uuid := self._open_case():
            self._decide(CompleteNow(uuid, self.page.window_id), self.tr("Completed at the window"))

    def request_supplement(self) -> None:
        uuid = self._open_case()
        if uuid is None:
            return
        dialog = SupplementDialog(list(self.page.case.missing_materials), self.page)
        dialog.accepted.connect(lambda: self._decide(RequestSupplement(uuid, dialog.text(), self.page.window_id),
                                                     self.tr("Supplement notice issued")))
        self.page.open_dialog(dialog)

    def reject(self) -> None:
        uuid = self._open_case()
        if uuid is None:
            return
        dialog = RejectDialog(self.page)
        dialog.accepted.connect(lambda: self._decide(Reject(uuid, dialog.text(), self.page.window_id),
                                                     self.tr("Not accepted: the notice is issued")))
        self.page.open_dialog(dialog)

    def _decided(self, decision: Decision, done_text: str) -> None:
        page = self.page
        page.deciding = None
        page.decision = decision
        parts = [done_text]
        if decision.acceptance_no:
            parts.append(self.tr("Acceptance no. %1").replace("%1", decision.acceptance_no))
        if decision.due_date and decision.status in ("accepted", "completed"):
            parts.append(self.tr("Promised by %1").replace("%1", local_date(decision.due_date)))
        if decision.supplement_due and decision.status == "supplement_requested":  # not once the papers are in
            parts.append(self.tr("Supplement due %1").replace("%1", local_date(decision.supplement_due)))
        page.say("   ".join(parts) + "      " + self.tr("F2: next citizen"), "ok")
        page.set_editable(False)
        page.save_status.clear()
        page.refresh_case()
        page.bar.next.setFocus()
        page.application_decided.emit(decision.uuid, decision)

    def _confirm_uncertain_due(self, uuid: str, question: str) -> None:
        """The due date runs into a year without holiday data: accept only when the clerk confirms."""
        title = QCoreApplication.translate("DueDateConfirmation", "Confirm the promised due date")
        box = QMessageBox(QMessageBox.Icon.Warning, title, question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.page)
        box.setObjectName("uncertainDueDialog")
        box.button(QMessageBox.StandardButton.Yes).setText(
            QCoreApplication.translate("DueDateConfirmation", "Accept with this date"))
        box.button(QMessageBox.StandardButton.No).setText(QCoreApplication.translate("DueDateConfirmation", "Not now"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(lambda button: box.standardButton(button) == QMessageBox.StandardButton.Yes
                                  and self._decide(Accept(uuid, self.page.window_id, confirm_uncertain_due=True),
                                                   self.tr("Accepted")))
        self.page.open_dialog(box)

    def _refused(self, error: BaseException) -> None:
        self.page.deciding = None
        if isinstance(error, DueDateNeedsConfirmation) and self.page.case is not None:
            self._confirm_uncertain_due(self.page.case.uuid, str(error))
            return
        problems = getattr(error, "problems", None)
        if isinstance(error, IntakeError) and problems and len(problems) > 1:  # every reason at once
            headline = str(error).split("（等")[0]  # i18n: data (the service's own wording)
            error = IntakeError(headline + "\n\n" + "\n".join(f"· {p}" for p in problems))
        box = show_error(self.page, error, self.tr("Cannot decide"))
        field = self.page.first_bad_field()
        if field is not None:  # the keyboard goes to what has to be corrected, not back to the button
            box.finished.connect(lambda _result: QTimer.singleShot(0, field, lambda: _correct(field)))


def _correct(field: QLineEdit) -> None:
    field.window().activateWindow()  # no window manager may have re-activated it after the message
    field.setFocus()
    field.selectAll()
