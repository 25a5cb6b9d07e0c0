"""E-certificates (电子证照) on the intake screen: look up in the background, use with one key.

When the applicant's number is confirmed the draft is saved and the platform — or the offline
cache — is asked for the holder's certificates (one operation on the network lane); matching
checklist rows get their 电子证照 mark. Pressing E on such a row uses the certificate (fetched,
hash-checked, verified and attached). The clerk never waits: a slow or failed lookup only
leaves a line of text, and paper still works.
"""
from __future__ import annotations

from collections.abc import Callable

from desktop.services.certificates.service import LookupResult, OfferedCertificate
from desktop.services.intake.errors import IntakeError
from ui.composition import Workspace
from ui.operations.intake import LookUpCertificates, UseCertificate
from ui.qt import QLabel


class CertificateAssist:
    def __init__(self, page, ws: Workspace) -> None:
        self.page, self.ops = page, ws.ops
        self.result: LookupResult | None = None
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
            self.label.clear()

    def _applicant_confirmed(self, _kind: str, _number: str) -> None:
        case = self.page.case
        if case is None or case.status not in ("draft", "supplement_requested"):
            return
        self.label.setText("正在查询电子证照…")
        # The lookup reads the applicant from the case: the operation saves the form first.
        operation = LookUpCertificates(case.uuid, self.page.form_state(), purpose=f"受理：{case.matter_name}")
        self.ops.run(operation, owner=self.label, on_done=lambda result: self._found(case.uuid, result))

    def _found(self, uuid: str, result: LookupResult) -> None:
        if self.page.case is None or self.page.case.uuid != uuid:
            return  # the clerk moved on to the next citizen
        self.result = result
        lines = [result.message] if result.message else []
        if result.offered:
            names = "、".join(c.name for c in result.offered)
            lines.insert(0, f"可用电子证照：{names}（在材料清单中按 E 使用）")
        lines += list(result.rejected)
        self.label.setText("\n".join(lines) or "未查到可用的电子证照")
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

            show_error(self.page, IntakeError("该材料没有可用的电子证照：请先录入申请人证件号码并等待查询结果，"
                                              "或收取纸质材料。"))
            return
        self.ops.run(UseCertificate(uuid, seq, offered.cert_id), owner=self.page, on_done=on_done)
