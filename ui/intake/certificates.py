"""E-certificates (电子证照) on the intake screen: look up in the background, use with one key.

When the applicant's number is confirmed the draft is saved and the platform — or the offline
cache — is asked for the holder's certificates (one operation on the network lane); matching
checklist rows get their 电子证照 mark. Pressing E on such a row uses the certificate (fetched,
hash-checked, verified and attached). The clerk never waits: a slow or failed lookup only
leaves a line of text, and paper still works.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.services.intake.errors import IntakeError
from ui.composition import Workspace
from ui.operations.intake import LookUpCertificates, UseCertificate
from ui.qt import QLabel, QObject

if TYPE_CHECKING:  # the certificate service (and its attachment crypto) loads with the first lookup
    from desktop.services.certificates.service import LookupResult, OfferedCertificate


class CertificateAssist(QObject):
    def __init__(self, page, ws: Workspace) -> None:
        super().__init__(page)
        self.page, self.ops = page, ws.ops
        self.result: LookupResult | None = None
        self.state = "idle"  # idle (no number yet) | looking | done | unused (this PC has no platform)
        self.label = QLabel(objectName="certificateStatus")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #1a5fb4;")
        page._applicant_box_layout.addWidget(self.label)
        page.applicant.id_confirmed.connect(self._applicant_confirmed)
        page.case_loaded.connect(self._case_loaded)

    # --- lookup --------------------------------------------------------------------------
    def _case_loaded(self, view) -> None:
        if view is None:
            self.result = None
            self.state = "idle"
            self.label.clear()

    def _applicant_confirmed(self, _kind: str, _number: str) -> None:
        case = self.page.case
        if case is None or case.status not in ("draft", "supplement_requested"):
            return
        self.label.setText(self.tr("Looking up e-certificates…"))
        self.state = "looking"
        # The lookup reads the applicant from the case: the operation saves the form first.
        purpose = f"受理：{case.matter_name}"  # i18n: data (the platform records the purpose in Chinese)
        operation = LookUpCertificates(case.uuid, self.page.form_state(), purpose=purpose)
        self.ops.run(operation, owner=self.label, on_done=lambda result: self._found(case.uuid, result))

    def _found(self, uuid: str, result: LookupResult | None) -> None:
        if self.page.case is None or self.page.case.uuid != uuid:
            return  # the clerk moved on to the next citizen
        self.result = result
        self.state = "done" if result is not None else "unused"
        if result is None:  # this PC does not use the platform: paper, and nothing to say about it
            self.label.clear()
            return
        lines = [result.message] if result.message else []
        if result.offered:
            names = ", ".join(c.name for c in result.offered)
            lines.insert(0, self.tr("E-certificates available: %1 (press E on the row in the checklist)")
                         .replace("%1", names))
        lines += list(result.rejected)
        self.label.setText("\n".join(lines) or self.tr("No usable e-certificate found"))
        self.page.refresh_case()

    # --- use -----------------------------------------------------------------------------
    def offer_for(self, seq: int) -> OfferedCertificate | None:
        if self.result is None:
            return None
        return next((c for c in self.result.offered if seq in c.seqs), None)

    def use(self, uuid: str, seq: int, *, on_done: Callable) -> None:
        """E on row ``seq``: use the offered certificate (or explain that there is none)."""
        offered = self.offer_for(seq)
        if offered is None:
            from ui.messages import show_error

            show_error(self.page, IntakeError(self.why_none(seq)))
            return
        self.ops.run(UseCertificate(uuid, seq, offered.cert_id), owner=self.page, on_done=on_done)

    def why_none(self, seq: int) -> str:
        """Why E found nothing on row ``seq``, in the words that tell the clerk what to do next."""
        case = self.page.case
        row = next((m for m in case.materials if m.seq == seq), None) if case is not None else None
        if row is not None and not row.cert_type:
            return self.tr("No e-certificate can stand in for this material: take the paper.")
        if self.state == "unused":
            return self.tr("This counter does not use the e-certificate service: take the paper.")
        if self.state == "looking":
            return self.tr("The e-certificates are still being looked up: wait a moment, or take the paper.")
        if self.state == "done":
            return self.tr("The applicant has no usable e-certificate for this material: take the paper.")
        return self.tr("No e-certificate is available for this material: type the applicant's ID number and wait "
                       "for the look-up, or take the paper.")
