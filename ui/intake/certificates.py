"""E-certificates (电子证照) on the intake screen: look up in the background, use with one key.

When the applicant's number is confirmed the draft is saved first (the lookup reads the case
from the store), then the platform — or the offline cache — is asked for the holder's
certificates; matching checklist rows get their 电子证照 mark. Pressing E on such a row uses the
certificate (fetched, hash-checked, verified and attached). The clerk never waits: a slow or
failed lookup only leaves a line of text, and paper still works.
"""
from __future__ import annotations

from desktop.services.certificates.service import LookupResult, OfferedCertificate
from desktop.services.intake.errors import IntakeError
from sync.certificates import background_lookup, certificate_service
from ui.qt import QLabel


class CertificateAssist:
    def __init__(self, page, ctx, user) -> None:
        self.page, self.ctx, self.user = page, ctx, user
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
        uuid, form = case.uuid, self.page.form_state()
        self.label.setText("正在查询电子证照…")
        # Save first (the lookup reads the applicant from the case), then ask off the write thread.
        self.page.tasks.run(lambda: self.page.intake.save_draft(uuid, form), writes_db=True,
                            on_done=lambda _r: self._look_up(uuid))

    def _look_up(self, uuid: str) -> None:
        matter = self.page.case.matter_name if self.page.case is not None else ""
        self.page.tasks.run(lambda: background_lookup(self.ctx, self.user, uuid, purpose=f"受理：{matter}"),
                            on_done=lambda result: self._found(uuid, result))

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

    def use(self, uuid: str, seq: int):
        """Runs in a worker: use the offered certificate for row ``seq``; returns the MaterialView."""
        offered = self.offer_for(seq)
        if offered is None:
            raise IntakeError("该材料没有可用的电子证照：请先录入申请人证件号码并等待查询结果，或收取纸质材料。")
        service, port = certificate_service(self.ctx)
        try:
            return service.use_certificate(self.user, uuid, seq, offered.cert_id)
        finally:
            if port is not None:
                port.close()
