"""The intake screen (窗口受理): matter → applicant → materials → decision, all from the keyboard.

Layout, top to bottom: a banner (open drafts on start, the outcome after a decision), the
matter search box, the applicant / agent forms beside the materials checklist (with a slot
for the capture panel), and the decision bar. Every action is an operation
(``ui/operations/intake.py``) built from what the widgets hold on the UI thread; writes share
the single write thread, so an autosave queued before a decision lands first. Decisions are
announced on the session's event hub, where the applications list and the sync controller
hear of them.

Hooks inside the intake screen (``build_intake_page``):
  ``application_decided(uuid, Decision)`` — the papers are offered;
  ``material_selected(uuid, seq)`` and :meth:`set_capture_panel` — the capture panel;
  :meth:`refresh_case` — re-read the case after pages were scanned or a certificate was used.
"""
from __future__ import annotations

import logging
from typing import Any

from desktop.services.applications.views import ApplicationView, Decision
from desktop.services.catalog.search import MatterHit
from desktop.services.intake.errors import IntakeError
from ui.composition import Workspace
from ui.intake.checklist_model import ChecklistModel
from ui.intake.checklist_view import KEY_HELP, ChecklistView, DeferralDialog
from ui.intake.decision_bar import DecisionBar
from ui.intake.dialogs import RejectDialog, ResumeDialog, SupplementDialog
from ui.intake.matter_picker import MatterPicker
from ui.intake.party_form import PartyForm
from ui.labels import local_date
from ui.messages import show_error
from ui.operations.intake import (
    Accept,
    ClearCase,
    CompleteNow,
    LatestDeferralDate,
    LoadCase,
    LookUpApplicant,
    OpenDrafts,
    Reject,
    RequestSupplement,
    ResumeCase,
    SaveDraft,
    SetMaterial,
    StartDraft,
)
from ui.operations.runner import OperationRunner
from ui.qt import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("onewindow.ui.intake")
AUTOSAVE_MS = 1000


class IntakePage(QWidget):
    application_decided = Signal(str, object)  # uuid, desktop.services.applications.views.Decision
    material_selected = Signal(str, int)  # uuid, material seq
    case_loaded = Signal(object)  # ApplicationView, or None when the screen is cleared

    def __init__(self, ws: Workspace) -> None:
        super().__init__(objectName="intakePage")
        self.ws = ws
        self.user = ws.user
        self.ops: OperationRunner = ws.ops
        self.window_id = ws.config.hall.window_id
        self.certificates = None  # CertificateAssist, plugged in by build_intake_page
        self.case: ApplicationView | None = None
        self.decision: Decision | None = None
        self._offered_drafts = False
        today = ws.today()

        self.banner = QLabel(objectName="intakeBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.picker = MatterPicker(self.ops)
        self.matter_label = QLabel("请先选择事项", objectName="matterLabel")
        self.matter_label.setStyleSheet("font-size: 15px; font-weight: bold;")

        self.applicant = PartyForm("applicant", today=today)
        self.returning = QLabel(objectName="returningApplicant")
        self.returning.setStyleSheet("color: #1a5fb4;")
        self.has_agent = QCheckBox("由经办人（代理人）代为办理", objectName="hasAgent")
        self.agent = PartyForm("agent", allow_org=False, today=today)
        left = QVBoxLayout()
        box = QGroupBox("申请人")
        inner = QVBoxLayout(box)
        self._applicant_box_layout = inner  # the card-reader bar goes on top (attach_card_reader)
        inner.addWidget(self.applicant)
        inner.addWidget(self.returning)
        left.addWidget(box)
        left.addWidget(self.has_agent)
        self.agent_box = QGroupBox("经办人（代理人）")
        QVBoxLayout(self.agent_box).addWidget(self.agent)
        self.agent_box.setVisible(False)
        left.addWidget(self.agent_box)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        # The forms scroll rather than push the window past a 720-pixel screen (an agent adds seven rows).
        left_scroll = scrolling(left_widget)
        left_scroll.setMinimumWidth(420)  # an 18-character number and a long address stay readable

        self.checklist_model = ChecklistModel(self)
        self.checklist = ChecklistView(self.checklist_model)
        materials = QGroupBox("材料清单")
        mat_layout = QVBoxLayout(materials)
        mat_layout.addWidget(self.checklist, 1)
        key_help = QLabel(KEY_HELP, objectName="checklistKeys")
        key_help.setStyleSheet("color: #666;")
        mat_layout.addWidget(key_help)
        # The capture panel (scanning a material's pages) is plugged in here by set_capture_panel.
        self.capture_slot = QFrame(objectName="captureSlot")
        self.capture_slot.setLayout(QVBoxLayout())
        self.capture_slot.layout().setContentsMargins(0, 0, 0, 0)
        self.capture_slot.setVisible(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(materials)
        right.addWidget(self.capture_slot)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left_scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)

        self.bar = DecisionBar(self)
        self.save_status = QLabel(objectName="autosaveStatus")
        self.save_status.setStyleSheet("color: #666;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.picker)
        layout.addWidget(self.matter_label)
        layout.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_status, 1)
        bottom.addWidget(self.bar)
        layout.addLayout(bottom)
        self.setFocusProxy(self.picker)
        self.setTabOrder(self.picker.box, self.picker.results)
        self.setTabOrder(self.picker.results, self.applicant.kind)
        self.setTabOrder(self.applicant.address, self.has_agent)
        self.setTabOrder(self.has_agent, self.agent.id_number)
        self.setTabOrder(self.agent.address, self.checklist)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_now)
        self.picker.picked.connect(self._matter_picked)
        for form in (self.applicant, self.agent):
            form.changed.connect(self._form_changed)
            form.id_confirmed.connect(lambda kind, number, form=form: self._look_up(form, kind, number))
        self.has_agent.toggled.connect(self._agent_toggled)
        self.checklist.change_requested.connect(self._change_material)
        self.checklist.defer_requested.connect(self._defer_material)
        self.checklist.material_selected.connect(self._material_selected)
        self.bar.accept_requested.connect(self.accept_case)
        self.bar.complete_requested.connect(self.complete_case)
        self.bar.supplement_requested.connect(self.request_supplement)
        self.bar.reject_requested.connect(self.reject_case)
        self.bar.resume_requested.connect(self.resume)
        self.bar.next_requested.connect(self.next_citizen)
        self._set_editable(False)
        self.picker.refresh()

    # --- hooks for other screens -------------------------------------------------------------

    def set_capture_panel(self, panel: QWidget) -> None:
        self.capture_slot.layout().addWidget(scrolling(panel))
        self.capture_slot.setVisible(True)

    def refresh_case(self) -> None:
        if self.case is not None:
            self.ops.run(LoadCase(self.case.uuid), owner=self, on_done=self._refreshed)

    def _refreshed(self, view: ApplicationView) -> None:
        if self.case is not None and self.case.uuid == view.uuid:  # not a citizen the clerk already left
            self._show_case(view)

    # --- start, resume, next -----------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._offered_drafts:
            self._offered_drafts = True
            self.ops.run(OpenDrafts(), owner=self, on_done=self._offer_drafts)
        if self.case is None:
            QTimer.singleShot(0, self.picker.box, self.picker.box.setFocus)

    def _offer_drafts(self, drafts: list) -> None:
        if drafts and self.case is None:
            self._say(f"有 {len(drafts)} 件未完成的草稿（如断电前正在办理的），按 F3 继续办理。", "info")

    def _matter_picked(self, hit: MatterHit) -> None:
        if self.decision is not None:
            self.next_citizen()
        previous = self.case
        discard = previous.uuid if previous is not None and previous.status == "draft" else None
        self.ops.run(StartDraft(hit.code, self.form_state(), discard), owner=self, on_done=self._case_started)

    def _case_started(self, view: ApplicationView) -> None:
        self._show_case(view)
        self.picker.set_collapsed(True)
        self.applicant.id_number.setFocus()

    def _show_case(self, view: ApplicationView) -> None:
        fresh = self.case is None or self.case.uuid != view.uuid
        self.case = view
        kind = "即办件" if view.immediate else f"承诺 {view.promised_days} 个工作日"
        number = f"　受理编号 {view.acceptance_no}" if view.acceptance_no else ""
        self.matter_label.setText(f"{view.matter_name}（{view.matter_code}）　{view.department}　{kind}{number}")
        if fresh or [m.seq for m in view.materials] != [m.seq for m in self.checklist_model.materials()]:
            self.checklist_model.set_materials(view.materials)
        else:  # same case re-read (pages scanned, decision taken): keep the clerk's row
            for material in view.materials:
                self.checklist_model.update_material(material)
        if fresh:
            self._set_editable(True)
            if view.status != "draft":
                self._say(f"继续办理：{view.acceptance_no}（{view.status_label}）", "info")
        self._update_buttons()
        self.case_loaded.emit(view)

    def resume(self) -> None:
        self.ops.run(OpenDrafts(), owner=self, on_done=self._open_resume_dialog)

    def _open_resume_dialog(self, drafts: list) -> None:
        dialog = ResumeDialog(drafts, self.ops, self)
        dialog.accepted.connect(lambda: self._resume_chosen(dialog.chosen()))
        self._open_dialog(dialog)

    def _resume_chosen(self, case) -> None:
        if case is None:
            return
        self.save_now()
        self.ops.run(ResumeCase(case.uuid), owner=self, on_done=self._load_resumed)

    def _load_resumed(self, view: ApplicationView) -> None:
        self._clear()
        state = view.form_state or {}
        applicant = state.get("applicant") or _party_state(view.applicant)
        agent = state.get("agent") if state else _party_state(view.agent)
        self.applicant.set_form_state(applicant)
        self.has_agent.setChecked(bool(agent))
        self.agent.set_form_state(agent)
        self._show_case(view)
        self.picker.set_collapsed(True)
        self.checklist.setFocus()

    def next_citizen(self) -> None:
        """Clear the screen for the next citizen; an undecided draft stays saved for later."""
        self.save_now()
        self._clear()
        self.picker.reset()
        self.picker.refresh()

    def _clear(self) -> None:
        self._autosave.stop()
        if self.case is not None:
            self.ops.run(ClearCase(self.case.uuid), owner=self)
        self.case = None
        self.decision = None
        self.applicant.clear()
        self.agent.clear()
        self.has_agent.setChecked(False)
        self.returning.clear()
        self.checklist_model.set_materials([])
        self.matter_label.setText("请先选择事项")
        self.banner.setVisible(False)
        self.save_status.clear()
        self._set_editable(False)
        self.case_loaded.emit(None)

    # --- the form and autosave ---------------------------------------------------------------

    def form_state(self) -> dict[str, Any]:
        return {"applicant": self.applicant.form_state(),
                "agent": self.agent.form_state() if self.has_agent.isChecked() else None}

    def _form_changed(self) -> None:
        self._update_buttons()
        if self.case is not None and self.decision is None:
            self._autosave.start()

    def _agent_toggled(self, on: bool) -> None:
        self.agent_box.setVisible(on)
        if on:
            self.agent.id_number.setFocus()
        self._form_changed()

    def save_now(self) -> None:
        """Write the form to the draft now (also called before every decision)."""
        self._autosave.stop()
        if self.case is None or self.decision is not None or self.case.status not in ("draft", "supplement_requested"):
            return
        self.ops.run(SaveDraft(self.case.uuid, self.form_state()), owner=self,
                     on_done=lambda _r: self.save_status.setText("草稿已自动保存"))

    def _look_up(self, form: PartyForm, kind: str, number: str) -> None:
        def found(record) -> None:
            if record is None or form.id_number.text().strip().upper() != number:
                return
            form.fill_missing(record.party.to_dict())
            if form is self.applicant:
                self.returning.setText(f"老申请人：已带出上次登记的信息（{record.id_masked}），请核对")

        self.ops.run(LookUpApplicant(number, kind), owner=self, on_done=found)

    # --- materials -------------------------------------------------------------------------------

    def _material_selected(self, seq: int) -> None:
        if self.case is not None:
            self.material_selected.emit(self.case.uuid, seq)

    def attach_card_reader(self) -> None:
        """Add the 读身份证 (F4) bar above the applicant form, reading through the session's reader."""
        from ui.intake.card_reading import CardReadingBar

        self.card_bar = CardReadingBar(self.ops, self.ws.ports.id_reader.availability(), self.applicant,
                                       shortcut_scope=self, today=self.ws.today())
        self._applicant_box_layout.insertWidget(0, self.card_bar)
        # Tab follows the screen: the button sits above the form, so it comes before the type.
        self.setTabOrder(self.picker.results, self.card_bar.button)
        self.setTabOrder(self.card_bar.button, self.applicant.kind)

    def _change_material(self, seq: int, state: str, options: dict) -> None:
        if self.case is None or self.decision is not None:
            return
        uuid = self.case.uuid
        material = next((m for m in self.case.materials if m.seq == seq), None)

        if state == "certificate" and self.certificates is not None:
            self.certificates.use(uuid, seq, on_done=self._material_changed)
            return
        material_id = material.id if state == "provided" and material is not None else None
        self.ops.run(SetMaterial(uuid, seq, state, dict(options), material_id), owner=self,
                     on_done=self._material_changed)

    def _material_changed(self, material) -> None:
        self.checklist_model.update_material(material)
        if self.case is not None:
            self.case = _with_material(self.case, material)
        self._update_buttons()

    def _defer_material(self, seq: int) -> None:
        if self.case is None or self.decision is not None:
            return
        row = next((m for m in self.case.materials if m.seq == seq), None)
        if row is None:
            return
        if not row.deferrable:  # let the rule say why, in its own words
            self._change_material(seq, "deferred", {})
            return
        self.ops.run(LatestDeferralDate(self.case.uuid), owner=self,
                     on_done=lambda latest: self._ask_deferral(row, latest))

    def _ask_deferral(self, row, latest) -> None:
        dialog = DeferralDialog(row.name, latest, self.ws.today(), self)
        dialog.accepted.connect(lambda: self._change_material(row.seq, "deferred",
                                                              {"deferred_until": dialog.chosen()}))
        self._open_dialog(dialog)

    # --- decisions ---------------------------------------------------------------------------------

    def _decide(self, operation, done_text) -> None:
        """Save the form first (same write lane, so it lands before), then the decision."""
        if self.case is None or self.decision is not None or operation.uuid != self.case.uuid:
            return
        self.save_now()
        self.ops.run(operation, owner=self, on_done=lambda d: self._decided(d, done_text), on_error=self._refused)

    def accept_case(self) -> None:
        if self.case is not None:
            self._decide(Accept(self.case.uuid, self.window_id), "已受理")

    def complete_case(self) -> None:
        if self.case is not None:
            self._decide(CompleteNow(self.case.uuid, self.window_id), "已当场办结")

    def request_supplement(self) -> None:
        if self.case is None or self.decision is not None:
            return
        uuid = self.case.uuid
        dialog = SupplementDialog(list(self.case.missing_materials), self)
        # The note is read here, on the UI thread, while the dialog exists: the work runs after it is gone.
        dialog.accepted.connect(lambda: self._decide(RequestSupplement(uuid, dialog.text(), self.window_id),
                                                     "已发出补正告知"))
        self._open_dialog(dialog)

    def reject_case(self) -> None:
        if self.case is None or self.decision is not None:
            return
        uuid = self.case.uuid
        dialog = RejectDialog(self)
        dialog.accepted.connect(lambda: self._decide(Reject(uuid, dialog.text(), self.window_id),
                                                     "已作出不予受理决定"))  # read on the UI thread, as above
        self._open_dialog(dialog)

    def _open_dialog(self, dialog) -> None:
        self.bar.set_shortcuts_enabled(False)
        dialog.finished.connect(lambda _result: self.bar.set_shortcuts_enabled(True))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.activateWindow()

    def _decided(self, decision: Decision, done_text: str) -> None:
        self.decision = decision
        parts = [done_text]
        if decision.acceptance_no:
            parts.append(f"受理编号 {decision.acceptance_no}")
        if decision.due_date and decision.status in ("accepted", "completed"):
            parts.append(f"承诺办结日期 {local_date(decision.due_date)}")
        if decision.supplement_due:
            parts.append(f"补正期限 {local_date(decision.supplement_due)}")
        self._say("　".join(parts) + "　　按 F2 接待下一位", "ok")
        self._set_editable(False)
        self.save_status.clear()
        self.refresh_case()
        self.bar.next.setFocus()
        self.application_decided.emit(decision.uuid, decision)

    def _refused(self, error: BaseException) -> None:
        problems = getattr(error, "problems", None)
        if isinstance(error, IntakeError) and problems and len(problems) > 1:
            error = IntakeError(str(error).split("（等")[0] + "\n\n" + "\n".join(f"· {p}" for p in problems))
        show_error(self, error, "无法办理")

    # --- state of the controls ---------------------------------------------------------------------

    def _set_editable(self, editable: bool) -> None:
        for form in (self.applicant, self.agent):
            form.set_read_only(not editable)
            form.setEnabled(self.case is not None)  # nothing to type into before a matter is chosen
        self.has_agent.setEnabled(editable)
        self.checklist.setEnabled(editable or self.case is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        open_case = self.case is not None and self.decision is None
        ids_ok = self.applicant.id_ok() and (not self.has_agent.isChecked() or self.agent.is_blank()
                                             or self.agent.id_ok())
        self.bar.set_enabled(accept=open_case and ids_ok,
                             complete=open_case and ids_ok and bool(self.case and self.case.immediate),
                             supplement=open_case, reject=open_case)

    def _say(self, text: str, tone: str) -> None:
        colors = {"ok": "#e6f4ea; color: #1b5e20", "info": "#e8f0fe; color: #174ea6"}
        self.banner.setStyleSheet(f"background: {colors[tone]}; padding: 8px; font-size: 15px;")
        self.banner.setText(text)
        self.banner.setVisible(True)


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless area that scrolls vertically when the screen is short; not a Tab stop."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _party_state(party) -> dict[str, str] | None:
    if party is None:
        return None
    return {"kind": party.kind, "name": party.name, "id_number": party.id_number, "phone": party.phone,
            "address": party.address, "legal_rep": party.legal_rep}


def _with_material(view: ApplicationView, material) -> ApplicationView:
    from dataclasses import replace

    return replace(view, materials=tuple(material if m.seq == material.seq else m for m in view.materials))


def build_intake_page(ws: Workspace) -> IntakePage:
    """PageSpec factory: the intake screen with the card reader, e-certificates, capture and papers."""
    from ui.capture.panel import CapturePanel
    from ui.intake.certificates import CertificateAssist
    from ui.printing import offer_papers_after_decision

    page = IntakePage(ws)
    page.attach_card_reader()
    page.certificates = CertificateAssist(page, ws)
    panel = CapturePanel(ws)
    page.set_capture_panel(panel)

    def show_material(_uuid: str, seq: int) -> None:
        row = next((m for m in page.case.materials if m.seq == seq), None) if page.case else None
        panel.set_material(row.id if row is not None else None, page.case.uuid if page.case else "")

    def case_loaded(view) -> None:
        if view is None:
            panel.set_material(None)

    def decided(uuid: str, _decision) -> None:
        offer_papers_after_decision(ws, page, uuid)  # receipt (+ undertaking) or the notice

    def pages_changed(_material_id: int, _count: int) -> None:
        page.refresh_case()

    page.material_selected.connect(show_material)
    page.case_loaded.connect(case_loaded)
    panel.pages_changed.connect(pages_changed)
    page.application_decided.connect(decided)
    return page
