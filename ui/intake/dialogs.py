"""Small dialogs of the intake screen: rejection reason, supplement notice, resuming a case.

Each one is keyboard-complete: it opens with the focus where typing starts, Enter (or
Ctrl+Enter in a multi-line field) confirms, Esc cancels.
"""
from __future__ import annotations

from desktop.services.applications.views import CaseSummary, MaterialView
from ui.labels import STATUS_LABELS, label, local_date, local_time
from ui.operations.intake import FindOpenCases
from ui.operations.runner import OperationRunner
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    Signal,
)
from ui.screen_fit import fit_to_screen

COMMON_REJECTION_REASONS = [
    "",
    "申请事项不属于本机关职权范围",
    "申请人不具备申请资格",
    "申请事项依法不需要取得行政许可",
    "申请材料存在虚假内容",
]
CASE_ROLE = Qt.ItemDataRole.UserRole + 1


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
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
        self.setWindowTitle("不予受理")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请填写不予受理的理由（必填，将打印在《不予受理通知书》上）："))
        self.common = QComboBox(objectName="rejectCommonReason")
        for text in COMMON_REJECTION_REASONS:
            self.common.addItem(text or "常用理由…", text)
        self.reason = _NoteEdit(objectName="rejectReason")
        self.reason.submitted.connect(self.accept)
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        layout.addWidget(self.common)
        self.hint = QLabel("Ctrl+回车 确定")
        layout.addWidget(self.hint)
        self.buttons = _buttons(self, "确定不予受理")
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
        self.setWindowTitle("补正告知（一次性告知）")
        layout = QVBoxLayout(self)
        if missing:
            lines = "\n".join(f"{n}. {m.name}" for n, m in enumerate(missing, start=1))
            layout.addWidget(QLabel(f"以下 {len(missing)} 项材料需要补正，将一次性告知申请人：\n{lines}",
                                    objectName="supplementMissing"))
        else:
            layout.addWidget(QLabel("没有缺少的必要材料。", objectName="supplementMissing"))
        layout.addWidget(QLabel("补充说明（可选）："))
        self.note = _NoteEdit(objectName="supplementNote")
        self.note.submitted.connect(self.accept)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        layout.addWidget(self.note)
        layout.addWidget(QLabel("Ctrl+回车 确定"))
        layout.addWidget(_buttons(self, "发出补正告知"))
        self.note.setFocus()

    def text(self) -> str:
        return self.note.toPlainText().strip()


def case_text(case: CaseSummary) -> str:
    number = case.acceptance_no or "（草稿）"
    due = f"　补正期限 {local_date(case.supplement_due)}" if case.supplement_due else ""
    return (f"{number}　{label(STATUS_LABELS, case.status)}　{case.matter_name}　"
            f"{case.applicant_name or '（未填申请人）'} {case.applicant_id_masked}　"
            f"{local_time(case.updated_at)}{due}")


class ResumeDialog(QDialog):
    """续办: pick an open draft, or find a supplement case by acceptance number or ID number."""

    def __init__(self, drafts: list[CaseSummary], ops: OperationRunner, parent=None) -> None:
        super().__init__(parent, objectName="resumeDialog")
        self.setWindowTitle("继续办理")
        fit_to_screen(self, 760, 360)
        self._ops = ops
        layout = QVBoxLayout(self)
        self.query = QLineEdit(objectName="resumeQuery")
        self.query.setPlaceholderText("输入受理编号或申请人证件号码后回车，查找待补正的办件")
        layout.addWidget(self.query)
        self.status = QLabel(f"未完成的草稿 {len(drafts)} 件" if drafts else "没有未完成的草稿",
                             objectName="resumeStatus")
        layout.addWidget(self.status)
        self.cases = QListWidget(objectName="resumeCases")
        layout.addWidget(self.cases, 1)
        layout.addWidget(_buttons(self, "继续办理"))
        self._fill(drafts)
        self.query.returnPressed.connect(self._search)
        self.cases.itemActivated.connect(lambda _i: self.accept())
        self.query.setFocus()

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
        self.status.setText(f"找到 {len(cases)} 件待办" if cases else "没有找到该编号或证件号码的待办件")
        if cases:
            self.cases.setFocus()

    def chosen(self) -> CaseSummary | None:
        item = self.cases.currentItem()
        return item.data(CASE_ROLE) if item is not None else None
