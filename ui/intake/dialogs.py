"""Small dialogs of the intake screen: rejection reason, supplement notice, resuming a case.

Each one is keyboard-complete: it opens with the focus where typing starts, Enter (or
Ctrl+Enter in a multi-line field) confirms, Esc cancels.
"""
from __future__ import annotations

from desktop.services.applications.read_models import CaseSummary, MaterialView
from ui.labels import STATUS_LABELS, label, local_date, local_time
from ui.messages import explain
from ui.operations.intake import FindOpenCases
from ui.operations.runner import OperationRunner
from ui.qt import (
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QShortcut,
    Qt,
    QVBoxLayout,
    Signal,
)
from ui.screen_fit import fit_to_screen

# Data, not interface: a reason is printed on the 不予受理通知书, which is Chinese whatever the
# screen's language, so the clerk picks the Chinese wording the citizen will read.
COMMON_REJECTION_REASONS = [
    "申请事项不属于本机关职权范围",  # i18n: data
    "申请人不具备申请资格",  # i18n: data
    "申请事项依法不需要取得行政许可",  # i18n: data
    "申请材料存在虚假内容",  # i18n: data
]
CASE_ROLE = Qt.ItemDataRole.UserRole + 1


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class _NoteEdit(QPlainTextEdit):
    """Multi-line text where Ctrl+Enter submits the dialog (plain Enter is a new line)."""

    submitted = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class RejectDialog(QDialog):
    """不予受理 needs a stated reason: the notice prints it with the citizen's remedies."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, objectName="rejectDialog")
        self.setWindowTitle(self.tr("Not accepted"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The reason (required; it is printed on the notice of non-acceptance):"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.common = QComboBox(objectName="rejectCommonReason")
        self.common.addItem(self.tr("Common reasons…"), "")
        for text in COMMON_REJECTION_REASONS:
            self.common.addItem(text, text)
        self.reason = _NoteEdit(objectName="rejectReason")
        self.reason.submitted.connect(self.accept)
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        layout.addWidget(self.common)
        self.hint = QLabel(self.tr("Ctrl+Enter: confirm"))
        layout.addWidget(self.hint)
        self.buttons = _buttons(self, self.tr("Confirm non-acceptance"))
        layout.addWidget(self.buttons)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text())))
        self.common.activated.connect(self._use_common)
        self.reason.setFocus()

    def _use_common(self) -> None:
        if self.common.currentData():
            self.reason.setPlainText(self.common.currentData())

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def accept(self) -> None:
        if self.text():  # the shortcut must not bypass the rule either
            super().accept()


class SupplementDialog(QDialog):
    """补正 一次性告知: shows everything missing at once, takes an optional note."""

    def __init__(self, missing: list[MaterialView], parent=None) -> None:
        super().__init__(parent, objectName="supplementDialog")
        self.setWindowTitle(self.tr("One-time supplement notice"))
        layout = QVBoxLayout(self)
        if missing:
            intro = self.tr("These %n material(s) are missing; the applicant is told all of them at once:", "",
                            len(missing))
        else:
            intro = self.tr("No required material is missing.")
        heading = QLabel(intro, objectName="supplementMissing")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.missing = QListWidget(objectName="supplementMissingList")  # a long list scrolls, the buttons stay
        self.missing.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.missing.addItems([f"{n}. {m.name}" for n, m in enumerate(missing, start=1)])
        self.missing.setVisible(bool(missing))
        layout.addWidget(self.missing, 1)
        layout.addWidget(QLabel(self.tr("Note (optional):")))
        self.note = _NoteEdit(objectName="supplementNote")
        self.note.submitted.connect(self.accept)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        layout.addWidget(self.note)
        layout.addWidget(QLabel(self.tr("Ctrl+Enter: confirm")))
        layout.addWidget(_buttons(self, self.tr("Issue the supplement notice")))
        fit_to_screen(self, 560, 420)
        self.note.setFocus()

    def missing_names(self) -> list[str]:
        return [self.missing.item(n).text().split(". ", 1)[1] for n in range(self.missing.count())]

    def text(self) -> str:
        return self.note.toPlainText().strip()


def case_text(case: CaseSummary) -> str:
    number = case.acceptance_no or QCoreApplication.translate("ResumeDialog", "(no number yet)")
    due = ""
    if case.supplement_due:
        due = "   " + QCoreApplication.translate("ResumeDialog", "supplement due %1").replace(
            "%1", local_date(case.supplement_due))
    applicant = case.applicant_name or QCoreApplication.translate("ResumeDialog", "(no applicant yet)")
    return (f"{number}   {label(STATUS_LABELS, case.status)}   {case.matter_name}   "
            f"{applicant} {case.applicant_id_masked}   {local_time(case.updated_at)}{due}")


class ResumeDialog(QDialog):
    """续办: pick an open draft, or find a supplement case by acceptance number or ID number.

    The citizen who comes back with the missing papers has the ID card: F4 reads it and finds
    their open cases, so nobody types 18 digits.
    """

    def __init__(self, drafts: list[CaseSummary], ops: OperationRunner, parent=None) -> None:
        super().__init__(parent, objectName="resumeDialog")
        self.setWindowTitle(self.tr("Resume a case"))
        fit_to_screen(self, 760, 360)
        self._ops = ops
        layout = QVBoxLayout(self)
        self.query = QLineEdit(objectName="resumeQuery")
        self.query.setPlaceholderText(self.tr("Acceptance no. or the applicant's ID number, then Enter "
                                              "(F4 reads the ID card): finds a case waiting for supplement"))
        layout.addWidget(self.query)
        self.status = QLabel(self.tr("%n unfinished draft(s)", "", len(drafts)) if drafts
                             else self.tr("No unfinished drafts"), objectName="resumeStatus")
        layout.addWidget(self.status)
        self.cases = QListWidget(objectName="resumeCases")
        layout.addWidget(self.cases, 1)
        layout.addWidget(_buttons(self, self.tr("Resume")))
        self._fill(drafts)
        self.query.returnPressed.connect(self._search)
        self.cases.itemActivated.connect(lambda _i: self.accept())
        QShortcut(QKeySequence("F4"), self, activated=self.read_card)
        self.query.setFocus()

    def read_card(self) -> None:
        from ui.operations.devices import ReadIdCard

        self.status.setText(self.tr("Reading the card…"))
        self._ops.run(ReadIdCard(), owner=self, on_done=self._card_read,
                      on_error=lambda error: self.status.setText(explain(error)))

    def _card_read(self, card) -> None:
        if card is None:
            self.status.setText(self.tr("No card on the reader"))
            return
        self.query.setText(card.id_number)
        self._search()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Enter in the query searches (the answer may still be on its way): it must not pick
        # whatever row the list showed before. Enter on a row of the list picks that row.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    def _fill(self, cases: list[CaseSummary]) -> None:
        self.cases.clear()
        for case in cases:
            item = QListWidgetItem(case_text(case))
            item.setData(CASE_ROLE, case)
            self.cases.addItem(item)
        if cases:
            self.cases.setCurrentRow(0)

    def _search(self) -> None:
        query = self.query.text().strip()
        if not query:
            return
        self._ops.run(FindOpenCases(query), owner=self, on_done=self._found)

    def _found(self, cases: list[CaseSummary]) -> None:
        self._fill(cases)
        self.status.setText(self.tr("%n open case(s) found", "", len(cases)) if cases
                            else self.tr("No open case with this number or ID number"))
        if cases:
            self.cases.setFocus()

    def chosen(self) -> CaseSummary | None:
        item = self.cases.currentItem()
        return item.data(CASE_ROLE) if item is not None else None
