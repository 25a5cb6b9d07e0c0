"""The intake screen (窗口受理): matter → applicant → materials → decision, all from the keyboard.

Layout, top to bottom: a banner (open drafts on start, the outcome after a decision), the
matter search box, the applicant / agent forms beside the materials checklist (with a slot
for the capture panel), and the decision bar. Every action is an operation
(``ui/operations/intake.py``) built from what the widgets hold on the UI thread; writes share
the single write thread, so an autosave queued before a decision lands first. The checklist
keys live in :mod:`ui.intake.materials`, the decisions in :mod:`ui.intake.deciding`, and the
wiring of the capture panel, the card reader and the papers in :mod:`ui.intake.factory`.

Hooks inside the intake screen:
  ``application_decided(uuid, Decision)`` — the papers are offered;
  ``material_selected(uuid, seq)`` and :meth:`set_capture_panel` — the capture panel;
  :meth:`refresh_case` — re-read the case after pages were scanned or a certificate was used.
"""
from __future__ import annotations

import logging
from typing import Any

from desktop.services.applications.read_models import ApplicationView, Decision
from desktop.services.catalog.search import MatterHit
from ui.composition import Workspace
from ui.focus import return_focus_after
from ui.intake.checklist_model import ChecklistModel
from ui.intake.checklist_view import ChecklistView, key_help
from ui.intake.deciding import DecisionFlow
from ui.intake.decision_bar import DecisionBar
from ui.intake.dialogs import ResumeDialog
from ui.intake.materials import MaterialsFlow
from ui.intake.matter_picker import MatterPicker
from ui.intake.party_form import PartyForm
from ui.operations.intake import (
    ClearCase,
    CountOpenDrafts,
    LoadCase,
    LookUpApplicant,
    OpenDrafts,
    ResumeCase,
    SaveDraft,
    StartDraft,
)
from ui.operations.runner import OperationRunner
from ui.qt import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
    application_decided = Signal(str, object)  # uuid, desktop.services.applications.read_models.Decision
    material_selected = Signal(str, int)  # uuid, material seq
    case_loaded = Signal(object)  # ApplicationView, or None when the screen is cleared

    def __init__(self, ws: Workspace) -> None:
        super().__init__(objectName="intakePage")
        self.ws = ws
        self.user = ws.user
        self.ops: OperationRunner = ws.ops
        self.window_id = ws.config.hall.window_id
        self.certificates = None  # CertificateAssist, plugged in by build_intake_page
        self.card_bar = None  # CardReadingBar, plugged in by attach_card_reader
        self.case: ApplicationView | None = None
        self.decision: Decision | None = None
        # The case whose decision is on its way to the store: no autosave and no second decision meanwhile
        # (an autosave landing after the decision was refused with 办件已…，不能再修改).
        self.deciding: str | None = None
        self._offered_drafts = False
        self._shown = 0  # bumped whenever the screen is cleared for another case
        today = ws.today()

        self.banner = QLabel(objectName="intakeBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.picker = MatterPicker(self.ops)
        self.matter_label = QLabel(self.tr("Choose the matter first"), objectName="matterLabel")
        self.matter_label.setStyleSheet("font-size: 15px; font-weight: bold;")

        self.applicant = PartyForm("applicant", today=today)
        self.returning = QLabel(objectName="returningApplicant")
        self.returning.setWordWrap(True)
        self.returning.setStyleSheet("color: #1a5fb4;")
        self.has_agent = QCheckBox(self.tr("Handled by an agent"), objectName="hasAgent")
        self.agent = PartyForm("agent", allow_org=False, today=today)
        left = QVBoxLayout()
        box = QGroupBox(self.tr("Applicant"))
        inner = QVBoxLayout(box)
        self._applicant_box_layout = inner  # the card-reader bar goes on top (attach_card_reader)
        inner.addWidget(self.applicant)
        inner.addWidget(self.returning)
        left.addWidget(box)
        left.addWidget(self.has_agent)
        self.agent_box = QGroupBox(self.tr("Agent"))
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
        materials = QGroupBox(self.tr("Materials"))
        mat_layout = QVBoxLayout(materials)
        mat_layout.addWidget(self.checklist, 1)
        self.key_help = QLabel(key_help(), objectName="checklistKeys")
        self.key_help.setWordWrap(True)
        self.key_help.setStyleSheet("color: #666;")
        mat_layout.addWidget(self.key_help)
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

        self.materials = MaterialsFlow(self)
        self.decisions = DecisionFlow(self)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_now)
        self.picker.picked.connect(self._matter_picked)
        for form in (self.applicant, self.agent):
            form.changed.connect(self._form_changed)
            form.id_confirmed.connect(lambda kind, number, form=form: self._look_up(form, kind, number))
            form.submitted.connect(self.go_to_checklist)  # Enter in the form: on to the materials
        self.has_agent.toggled.connect(self._agent_toggled)
        self.checklist.material_selected.connect(self._material_selected)
        self.bar.resume_requested.connect(self.resume)
        self.bar.next_requested.connect(self.next_citizen)
        self.set_editable(False)
        self.set_tab_order()
        self.picker.refresh()

    # --- keyboard ----------------------------------------------------------------------------

    def tab_order(self) -> list[QWidget]:
        """Tab follows the screen: matter, card, applicant, agent, materials, capture, decisions."""
        chain: list[QWidget] = [self.picker.box, self.picker.results]
        if self.card_bar is not None:
            chain.append(self.card_bar.button)
        chain += self.applicant.tab_chain() + [self.has_agent] + self.agent.tab_chain() + [self.checklist]
        panel = self.capture_slot.findChild(QWidget, "capture_panel")
        if panel is not None:
            chain += panel.tab_chain()
        return chain + self.bar.tab_chain()

    def set_tab_order(self) -> None:
        chain = self.tab_order()
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def go_to_checklist(self) -> None:
        """Enter in the applicant form: the first material still to collect gets the keyboard.

        A required one first (a returning citizen's missing papers), else any unchecked one.
        """
        if self.case is None:
            return
        rows = self.checklist_model.materials()
        open_rows = [n for n, m in enumerate(rows) if m.state not in ("provided", "deferred", "certificate")]
        required = [n for n in open_rows if rows[n].required]
        first = (required or open_rows or [0])[0]
        self.checklist.setFocus()
        if rows:
            self.checklist.selectRow(first)

    def open_dialog(self, dialog) -> None:
        """A dialog of this page: the decision keys pause, and the keyboard comes back here after
        (unless the dialog's answer has put it elsewhere in the window meanwhile: ``return_focus_after``)."""
        self.bar.set_shortcuts_enabled(False)
        return_focus_after(dialog)
        dialog.finished.connect(lambda _result: self.bar.set_shortcuts_enabled(True))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.activateWindow()

    # --- hooks for other screens -------------------------------------------------------------

    def set_capture_panel(self, panel: QWidget) -> None:
        self.capture_slot.layout().addWidget(scrolling(panel))
        self.capture_slot.setVisible(True)
        self.set_tab_order()

    def attach_card_reader(self) -> None:
        """Add the 读身份证 (F4) bar above the applicant form, reading through the session's reader."""
        from ui.intake.card_reading import CardReadingBar

        self.card_bar = CardReadingBar(self.ops, self.ws.ports.id_reader.availability(), self.applicant,
                                       shortcut_scope=self, today=self.ws.today())
        self._applicant_box_layout.insertWidget(0, self.card_bar)
        self.card_bar.card_read.connect(self._card_read)
        self.set_tab_order()

    def _card_read(self) -> None:
        """The card filled number, name and address: the phone is what is left to type."""
        field = self.applicant.phone if not self.applicant.phone.text() else self.applicant.address
        field.setFocus()

    def refresh_case(self) -> None:
        if self.case is not None:
            seen, shown = self.materials.serial, self._shown
            self.ops.run(LoadCase(self.case.uuid), owner=self,
                         on_done=lambda view: self._refreshed(view, seen, shown))

    def _refreshed(self, view: ApplicationView, seen: int, shown: int) -> None:
        if self.case is None or self.case.uuid != view.uuid or self._shown != shown:
            return  # a citizen the clerk already left (or left and took up again: this copy is older)
        if self.materials.busy:
            self.materials.refresh_when_settled = True  # read again once the checklist's writes are in
            return
        if self.materials.serial != seen:
            # A checklist key was answered while the case was read: this copy may predate it. Read again
            # (the write lane serialises the writes, so the next read sees every one of them).
            self.refresh_case()
            return
        self._show_case(view)

    # --- start, resume, next -----------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._offered_drafts:
            self._offered_drafts = True
            self.ops.run(CountOpenDrafts(), owner=self, on_done=self._offer_drafts)
        if self.case is None:
            QTimer.singleShot(0, self.picker.box, self.picker.box.setFocus)

    def _offer_drafts(self, drafts: int) -> None:
        if drafts and self.case is None:
            self.say(self.tr("%n unfinished draft(s) (e.g. from before a power cut): press F3 to continue.", "",
                             drafts), "info")

    def _matter_picked(self, hit: MatterHit) -> None:
        if self.decision is not None:
            self.next_citizen()
        previous = self.case
        discard = previous.uuid if previous is not None and previous.status == "draft" else None
        self.ops.run(StartDraft(hit.code, self.form_state(), discard), owner=self, on_done=self._case_started)

    def _case_started(self, view: ApplicationView) -> None:
        self.banner.setVisible(False)  # the start-up line about open drafts is not about this citizen (F3 still lists them)
        self._show_case(view)
        self.picker.set_collapsed(True)
        self.applicant.id_number.setFocus()

    def _show_case(self, view: ApplicationView) -> None:
        fresh = self.case is None or self.case.uuid != view.uuid
        self.case = view
        kind = self.tr("immediate") if view.immediate else \
            self.tr("promised in %n working day(s)", "", view.promised_days)
        number = "   " + self.tr("Acceptance no. %1").replace("%1", view.acceptance_no) if view.acceptance_no else ""
        self.matter_label.setText(f"{view.matter_name} ({view.matter_code})   {view.department}   {kind}{number}")
        if fresh or [m.seq for m in view.materials] != [m.seq for m in self.checklist_model.materials()]:
            self.checklist_model.set_materials(view.materials)
        else:  # same case re-read (pages scanned, decision taken): keep the clerk's row
            for material in view.materials:
                self.checklist_model.update_material(material)
        if fresh:
            self.set_editable(True)
            if view.status != "draft":
                self.say(self.tr("Continuing: %1 (%2)").replace("%1", view.acceptance_no or "")
                         .replace("%2", view.status_label), "info")
        self.update_buttons()
        self.case_loaded.emit(view)

    def resume(self) -> None:
        self.ops.run(OpenDrafts(), owner=self, on_done=self._open_resume_dialog)

    def _open_resume_dialog(self, drafts: list) -> None:
        dialog = ResumeDialog(drafts, self.ops, self)
        dialog.accepted.connect(lambda: self._resume_chosen(dialog.chosen()))
        self.open_dialog(dialog)

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
        self.window().activateWindow()  # the resume dialog is gone: the keyboard belongs to this window again
        self.go_to_checklist()

    def next_citizen(self) -> None:
        """Clear the screen for the next citizen; an undecided draft stays saved for later."""
        self.save_now()
        self._clear()
        self.picker.reset()
        self.picker.refresh()

    def _clear(self) -> None:
        """Nothing of the last citizen stays on screen (the card line, the e-certificate line included)."""
        self._shown += 1  # answers about what was on screen until now are dropped
        self._autosave.stop()
        self.ops.run(ClearCase(self.case.uuid if self.case is not None else None), owner=self)
        self.case = None
        self.decision = None
        self.deciding = None
        self.applicant.clear()
        self.agent.clear()
        self.has_agent.setChecked(False)
        self.returning.clear()
        if self.card_bar is not None:
            self.card_bar.clear()
        self.checklist_model.set_materials([])
        self.matter_label.setText(self.tr("Choose the matter first"))
        self.banner.clear()
        self.banner.setVisible(False)
        self.save_status.clear()
        self.set_editable(False)
        self.case_loaded.emit(None)

    # --- the form and autosave ---------------------------------------------------------------

    def form_state(self) -> dict[str, Any]:
        return {"applicant": self.applicant.form_state(),
                "agent": self.agent.form_state() if self.has_agent.isChecked() else None}

    def _form_changed(self) -> None:
        self.update_buttons()
        if self.case is not None and self.decision is None and self.deciding is None:
            self._autosave.start()

    def _agent_toggled(self, on: bool) -> None:
        self.agent_box.setVisible(on)
        if on:
            self.agent.id_number.setFocus()
        self._form_changed()

    def save_now(self) -> None:
        """Write the form to the draft now (also called before every decision)."""
        self._autosave.stop()
        if (self.case is None or self.decision is not None or self.deciding is not None
                or self.case.status not in ("draft", "supplement_requested")):
            return
        self.ops.run(SaveDraft(self.case.uuid, self.form_state()), owner=self,
                     on_done=lambda _r: self.save_status.setText(self.tr("Draft saved")))

    def _look_up(self, form: PartyForm, kind: str, number: str) -> None:
        def found(record) -> None:
            if record is None or form.id_number.text().strip().upper() != number:
                return
            form.fill_missing(record.party.to_dict())
            if form is self.applicant:
                self.returning.setText(self.tr("Returning applicant: details from the last visit filled in (%1); "
                                               "please check them").replace("%1", record.id_masked))

        self.ops.run(LookUpApplicant(number, kind), owner=self, on_done=found)

    def _material_selected(self, seq: int) -> None:
        if self.case is not None:
            self.material_selected.emit(self.case.uuid, seq)

    # --- for tests and older callers: the flows do the work ------------------------------------

    def accept_case(self) -> None:
        self.decisions.accept()

    def complete_case(self) -> None:
        self.decisions.complete()

    def request_supplement(self) -> None:
        self.decisions.request_supplement()

    def reject_case(self) -> None:
        self.decisions.reject()

    def _change_material(self, seq: int, state: str, options: dict) -> None:
        self.materials.change(seq, state, options)

    # --- state of the controls ---------------------------------------------------------------------

    def set_editable(self, editable: bool) -> None:
        for form in (self.applicant, self.agent):
            form.set_read_only(not editable)
            form.setEnabled(self.case is not None)  # nothing to type into before a matter is chosen
        self.has_agent.setEnabled(editable)
        self.checklist.setEnabled(editable or self.case is not None)
        self.update_buttons()

    def first_bad_field(self) -> QLineEdit | None:
        """Where the clerk has to correct something before a decision: the applicant's, then the agent's."""
        forms = [self.applicant] + ([self.agent] if self.has_agent.isChecked() else [])
        return next((field for form in forms if (field := form.first_bad_field()) is not None), None)

    def update_buttons(self) -> None:
        open_case = self.case is not None and self.decision is None
        ids_ok = self.applicant.id_ok() and (not self.has_agent.isChecked() or self.agent.is_blank()
                                             or self.agent.id_ok())
        self.bar.set_enabled(accept=open_case and ids_ok,
                             complete=open_case and ids_ok and bool(self.case and self.case.immediate),
                             supplement=open_case, reject=open_case)

    def say(self, text: str, tone: str) -> None:
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


def build_intake_page(ws: Workspace) -> IntakePage:
    """PageSpec factory (kept here for callers): see :func:`ui.intake.factory.build_intake_page`."""
    from ui.intake.factory import build_intake_page as build

    return build(ws)
