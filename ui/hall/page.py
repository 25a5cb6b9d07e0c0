"""The hall page: find a case of any window, see its history and materials, continue it here.

A USB scanner "types" the receipt's QR into the find box and presses Enter; a clerk may also
type the acceptance or 办件 number, or read the citizen's ID card (F4). The case opens with its
history (which window did what, when), its materials and pages; the clerk records the
supplement (F5), a deferred material's delivery (F6) or the hand-over of the result (F7), and
prints the matching paper. Everything runs through operations off the UI thread; the answer of
the platform to a case event — "此件已于 10:42 在 W03 号窗口补齐材料" — is shown here in plain
words when another window was first.
"""
from __future__ import annotations

from desktop.domain.hall_clock import hall_clock
from desktop.domain.lifecycle import label
from desktop.services.hall.views import ActionResult, FoundCase, HallCaseView, LookupResult
from ui.composition import Workspace
from ui.events import CasesChanged, SyncState
from ui.hall.handover_dialog import HandoverDialog
from ui.messages import show_error
from ui.operations.devices import ReadIdCard
from ui.operations.hall import (
    FindHallCase,
    OpenHallCase,
    RecentHallCases,
    RecordDeferredDelivery,
    RecordHandover,
    RecordSupplement,
)
from ui.qt import (
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ui.tables import read_only_rows

WARN = "QLabel { background: #FFF4E5; border: 1px solid #F0B35A; padding: 6px; color: #7A4100; }"
INFO = "QLabel { background: #EAF3FC; border: 1px solid #9CC2EA; padding: 6px; color: #1F3D5C; }"
REFUSED = "QLabel { background: #FDECEA; border: 1px solid #E0867D; padding: 6px; color: #8A1C12; }"


class HallPage(QWidget):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.setObjectName("hallPage")
        self.ws, self.ops = ws, ws.ops
        self.found: tuple[FoundCase, ...] = ()
        self.case: HallCaseView | None = None
        self._unsent: ActionResult | None = None  # recorded here, not yet seen on the platform
        self.listing_recent = True  # the list shows the hall's latest arrivals until the clerk looks something up
        self._build()
        ws.events.sync_state_changed.connect(self._sync_state)
        ws.events.cases_changed.connect(self._cases_changed)

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.query = QLineEdit()
        self.query.setObjectName("hallQuery")
        self.query.setPlaceholderText(self.tr("Scan the receipt's QR code, or type the acceptance number, "
                                              "the platform's case number or an ID number, then Enter"))
        self.query.returnPressed.connect(self.find)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.setObjectName("hallFind")
        self.find_button.clicked.connect(self.find)
        self.card_button = QPushButton(self.tr("Read ID card (F4)"))
        self.card_button.setObjectName("hallReadCard")
        self.card_button.clicked.connect(self.read_card)
        self.banner = QLabel()
        self.banner.setObjectName("hallBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.results = QTableWidget(0, 5)
        self.results.setObjectName("hallResults")
        self.results.setHorizontalHeaderLabels([self.tr("Number"), self.tr("Status"), self.tr("Accepted at"),
                                                self.tr("Applicant"), self.tr("Matter")])
        read_only_rows(self.results)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.results.activated.connect(lambda index: self.open_row(index.row()))
        self.summary = QLabel(self.tr("Find a case to see it here."))
        self.summary.setObjectName("hallSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.materials = QTableWidget(0, 4)
        self.materials.setObjectName("hallMaterials")
        self.materials.setHorizontalHeaderLabels([self.tr("No."), self.tr("Material"), self.tr("State"),
                                                  self.tr("Pages")])
        read_only_rows(self.materials, single=False)
        self.materials.verticalHeader().hide()
        self.materials.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history = QListWidget()
        self.history.setObjectName("hallHistory")
        self.supplement_button = QPushButton(self.tr("Supplement received (F5)"))
        self.supplement_button.setObjectName("hallSupplement")
        self.supplement_button.clicked.connect(self.record_supplement)
        self.deferred_button = QPushButton(self.tr("Deferred material delivered (F6)"))
        self.deferred_button.setObjectName("hallDeferred")
        self.deferred_button.clicked.connect(self.record_deferred)
        self.handover_button = QPushButton(self.tr("Hand over the result (F7)"))
        self.handover_button.setObjectName("hallHandover")
        self.handover_button.clicked.connect(self.record_handover)
        for key, slot in (("F4", self.read_card), ("F5", self.record_supplement), ("F6", self.record_deferred),
                          ("F7", self.record_handover), ("Ctrl+F", self.focus_query)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        find_row = QHBoxLayout()
        find_row.addWidget(QLabel(self.tr("Find a case of any window")))
        find_row.addWidget(self.query, 1)
        find_row.addWidget(self.find_button)
        find_row.addWidget(self.card_button)
        case_panel = QWidget()
        case_layout = QVBoxLayout(case_panel)
        case_layout.setContentsMargins(0, 0, 0, 0)
        case_layout.addWidget(self.summary)
        case_layout.addWidget(QLabel(self.tr("Materials")))
        case_layout.addWidget(self.materials, 2)
        case_layout.addWidget(QLabel(self.tr("History (all windows)")))
        case_layout.addWidget(self.history, 2)
        actions = QHBoxLayout()
        for button in (self.supplement_button, self.deferred_button, self.handover_button):
            actions.addWidget(button)
        actions.addStretch(1)
        case_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.results)
        splitter.addWidget(case_panel)
        splitter.setSizes([470, 750])
        layout = QVBoxLayout(self)
        layout.addLayout(find_row)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self._enable_actions()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.focus_query()
        if self.listing_recent:
            self.show_recent()

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    # --- messages -----------------------------------------------------------------------

    def say(self, text: str, style: str = INFO) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.setVisible(bool(text))

    # --- finding ------------------------------------------------------------------------

    def show_recent(self) -> None:
        """List the latest cases of other windows (Enter on an empty find box comes back here)."""
        self.listing_recent = True
        self.ops.run(RecentHallCases(), owner=self, on_done=self._recent, on_error=self._failed)

    def _recent(self, result: LookupResult) -> None:
        if not self.listing_recent:
            return  # the clerk looked something up meanwhile
        selected = self._selected_uuid()
        self.found = result.cases
        self._fill_results(result.cases)
        keep = [row for row, case in enumerate(result.cases) if case.uuid == selected]
        if keep:  # the selection follows its case as new arrivals push it down
            self.results.selectRow(keep[0])
        if self.case is None:  # an open case's banner (what was just recorded) stays
            self.say(self.tr("The latest cases of other windows, as the hall feed brought them. Open one, or scan "
                             "a receipt or type a number to find any case.") if result.found else result.message)

    def _selected_uuid(self) -> str | None:
        rows = self.results.selectionModel().selectedRows()
        if rows and 0 <= rows[0].row() < len(self.found):
            return self.found[rows[0].row()].uuid
        return self.case.uuid if self.case is not None else None

    def find(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.show_recent()
            return
        self.listing_recent = False
        self.find_button.setEnabled(False)
        self.say(self.tr("Looking for the case…"))
        self.ops.run(FindHallCase(text), owner=self, on_done=self._found, on_error=self._failed)

    def read_card(self) -> None:
        self.card_button.setEnabled(False)
        self.ops.run(ReadIdCard(), owner=self, on_done=self._card_read, on_error=self._failed)

    def _card_read(self, card) -> None:
        self.card_button.setEnabled(True)
        if card is None:
            self.say(self.tr("No card on the reader."), WARN)
            return
        self.find_button.setEnabled(False)
        self.listing_recent = False
        self.ops.run(FindHallCase(card.id_number), owner=self, on_done=self._found, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.find_button.setEnabled(True)
        self.card_button.setEnabled(True)
        self._enable_actions()
        show_error(self, error)

    def _found(self, result: LookupResult) -> None:
        self.find_button.setEnabled(True)
        self.found = result.cases
        self._fill_results(result.cases)
        if not result.found:
            self.say(result.message, WARN)
            self.focus_query()
            return
        where = self.tr("from this PC's hall cache") if result.source == "local" else self.tr("from the platform")
        self.say(self.tr("%1 case(s) found %2.").replace("%1", str(len(result.cases))).replace("%2", where))
        self.results.selectRow(0)
        self.results.setFocus()
        if len(result.cases) == 1:
            self.open_row(0)

    def _fill_results(self, cases: tuple[FoundCase, ...]) -> None:
        clock = hall_clock()
        self.results.setRowCount(len(cases))
        for row, case in enumerate(cases):
            when = f"{clock.local(case.updated_at):%m-%d %H:%M}" if case.updated_at else ""
            cells = (case.number, case.status_label,
                     self.tr("%1 (this PC)").replace("%1", case.window_id) if case.own else case.window_id,
                     case.applicant, case.matter_name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(when)
                self.results.setItem(row, column, item)
        for column in (0, 1, 2, 3):
            self.results.resizeColumnToContents(column)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.found):
            self.open_case(self.found[row].uuid)

    def open_case(self, uuid: str, *, fetch: bool = True) -> None:
        self.ops.run(OpenHallCase(uuid, fetch), owner=self, on_done=self.show_case, on_error=self._failed)

    # --- the case -----------------------------------------------------------------------

    def show_case(self, case: HallCaseView) -> None:
        self.case = case
        for row, found in enumerate(self.found):  # the list line follows the case as it now stands
            if found.uuid == case.uuid and self.results.item(row, 1) is not None:
                self.results.item(row, 1).setText(case.status_label)
        clock = hall_clock()
        due_date = case.supplement_due if case.status == "supplement_requested" else case.due_date
        due = due_date.isoformat() if due_date else "—"
        where = self.tr("this PC") if case.own else self.tr("window %1").replace("%1", case.window_id)
        cached = {"full": self.tr("cached in full here"), "summary": self.tr("summary from the hall feed"),
                  "own": self.tr("accepted at this PC")}.get(case.cached, case.cached)
        lines = [
            f"<b>{case.number}</b>　{case.matter_name}　<b>{case.status_label}</b>",
            (self.tr("Applicant %1 %2 · told at %3 by %4 on %5 to bring what is missing · supplement due %6")
             if case.status == "supplement_requested" else
             self.tr("Applicant %1 %2 · accepted at %3 by %4 on %5 · due %6")).replace("%1", case.applicant_name)
            .replace("%2", case.applicant_id_masked).replace("%3", where).replace("%4", case.clerk_name)
            .replace("%5", f"{clock.local(case.created_at):%Y-%m-%d %H:%M}").replace("%6", due),
            self.tr("Platform version %1 · %2").replace("%1", str(case.version)).replace("%2", cached),
        ]
        if case.handover_text:
            lines.append(self.tr("Result: %1").replace("%1", case.handover_text))
        if case.sync_state == "pending":
            lines.append(self.tr("An action of this window on the case waits to reach the platform."))
        self.summary.setText("<br>".join(lines))
        self.materials.setRowCount(len(case.materials))
        for row, m in enumerate(case.materials):
            state = m.state_label + (f"（{m.deferred_until}）" if m.deferred_until else "")
            pages = str(m.pages) + ("" if m.pages == m.pages_here else self.tr(" (%1 here)").replace(
                "%1", str(m.pages_here)))
            for column, text in enumerate((str(m.seq), m.name + ("" if m.required else self.tr(" (optional)")),
                                           state, pages)):
                self.materials.setItem(row, column, QTableWidgetItem(text))
        self.history.clear()
        for line in case.history:
            text = line.text + {"pending": self.tr(" (waiting to be sent)"), "sending": self.tr(" (waiting to be sent)"),
                                "refused": self.tr(" (not taken)"), "parked": self.tr(" (refused by the platform)")
                                }.get(line.state, "")
            item = QListWidgetItem(text)
            if line.refusal:
                item.setText(text + "\n    → " + line.refusal)
                item.setForeground(Qt.GlobalColor.darkRed)
            self.history.addItem(item)
        self._enable_actions()
        self._say_if_sent(case)

    def _say_if_sent(self, case: HallCaseView) -> None:
        """Replace "sent with the next sync" once the platform holds what this window recorded."""
        unsent = self._unsent
        if unsent is None or unsent.uuid != case.uuid or case.sync_state == "pending":
            return
        if any(line.state in ("pending", "sending") for line in case.history):
            return
        self._unsent = None
        if any(line.state in ("refused", "parked") for line in case.history):
            return  # the refusal was told (banner and message box); do not cover it
        self.say(self.tr("Recorded at this window (case %1, now %2) and sent to the platform.")
                 .replace("%1", unsent.acceptance_no).replace("%2", case.status_label), INFO)

    def _enable_actions(self) -> None:
        case = self.case
        self.supplement_button.setEnabled(bool(case and case.can_supplement))
        self.deferred_button.setEnabled(bool(case and case.can_deliver_deferred))
        self.handover_button.setEnabled(bool(case and case.can_hand_over))

    # --- continuing the case --------------------------------------------------------------

    def record_supplement(self) -> None:
        case = self.case
        if case is None or not case.can_supplement:
            return
        missing = "、".join(m.name for m in case.missing) or self.tr("the materials listed")
        question = self.tr("The citizen brought %1. Accept case %2 under its original number now?") \
            .replace("%1", missing).replace("%2", case.number)
        self._confirm(question, lambda: self._act(RecordSupplement(case.uuid)))

    def record_deferred(self) -> None:
        case = self.case
        if case is None or not case.can_deliver_deferred:
            return
        rows = sorted({i.row() for i in self.materials.selectedIndexes()})
        chosen = [case.materials[r] for r in rows if case.materials[r].state == "deferred"] or list(case.deferred)
        names = "、".join(m.name for m in chosen)
        question = self.tr("Record that %1 was delivered for case %2?").replace("%1", names).replace("%2", case.number)
        seqs = tuple(m.seq for m in chosen)
        self._confirm(question, lambda: self._act(RecordDeferredDelivery(case.uuid, seqs)))

    def record_handover(self) -> None:
        case = self.case
        if case is None or not case.can_hand_over:
            return
        dialog = HandoverDialog(self.ops, case.number, self)
        dialog.accepted.connect(lambda: self._act(RecordHandover(case.uuid, dialog.handover())))
        dialog.open()

    def _confirm(self, question: str, then) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Continue the case"), question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("hallConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(
            lambda button: then() if box.standardButton(button) == QMessageBox.StandardButton.Yes else None)
        box.open()

    def _act(self, operation) -> None:
        for button in (self.supplement_button, self.deferred_button, self.handover_button):
            button.setEnabled(False)
        self.ops.run(operation, owner=self, on_done=self._acted, on_error=self._failed)

    def _acted(self, result: ActionResult) -> None:
        self.say(self.tr("Recorded at this window (case %1, now %2); it is sent to the platform with the next sync.")
                 .replace("%1", result.acceptance_no).replace("%2", label(result.status)), INFO)
        self._unsent = result  # the banner says "sent" once the case shows nothing waiting
        self.open_case(result.uuid, fetch=False)
        self._offer_papers(result.uuid, list(result.papers))
        self.ws.sync.sync_now()

    def _offer_papers(self, uuid: str, kinds: list[str]) -> None:
        from ui.printing import print_document

        def next_one(_outcome=None) -> None:
            if kinds:
                print_document(self.ws, self, uuid, kinds.pop(0), on_closed=next_one)

        next_one()

    # --- what the hall tells ------------------------------------------------------------

    def _sync_state(self, state: SyncState) -> None:
        if not state.hall_refusals:
            if self._unsent is not None and self.case is not None and self.case.uuid == self._unsent.uuid:
                self.open_case(self.case.uuid, fetch=False)  # did this run deliver what was recorded?
            return
        text = "\n".join(self.tr("Not taken: %1").replace("%1", r) for r in state.hall_refusals)
        self.say(text, REFUSED)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Another window was first"), text,
                          QMessageBox.StandardButton.Ok, self.window())
        box.setObjectName("hallRefusal")
        box.setInformativeText(self.tr("Nothing was lost: this window's action is kept and listed for the "
                                       "supervisor; the case now shows what the platform holds."))
        box.open()
        self._refusal_box = box
        if self.case is not None:
            self.open_case(self.case.uuid, fetch=False)

    def _cases_changed(self, event: CasesChanged) -> None:
        if self.listing_recent and event.source == "sync" and self.isVisible():
            self.show_recent()
        if self.case is not None and (event.everything or self.case.uuid in event.uuids) and event.source != "window":
            self.open_case(self.case.uuid, fetch=False)
