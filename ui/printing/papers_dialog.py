"""After a decision, the papers the citizen takes home — offered in one step.

The dialog lists every paper the case may have now (the A4 notice, the 80 mm slip, the 材料接收
凭证, the 容缺承诺书 …), ticked as this window is configured (``[papers] after_decision``), each
with the printer it will go to. Enter prints (or saves) the ticked ones; Space ticks or unticks
the current line; P previews it; Esc hands over nothing. A paper a printer refuses stays ticked
with the reason, so Enter tries again; the others are already out and recorded.
"""
from __future__ import annotations

from printing.documents import DocumentKind
from ui.composition import Workspace
from ui.labels import PRINT_KIND_LABELS, label
from ui.operations.printing import IssuedPaper, IssuePapers
from ui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QLabel,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.screen_fit import fit_to_screen

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
# What a window hands over when its config says nothing: the notice that fits the decision.
DEFAULT_AFTER_DECISION = ("receipt", "deferral-undertaking", "supplement-notice", "rejection-notice")


def configured_papers(ws: Workspace) -> tuple[str, ...]:
    """The kinds ``[papers] after_decision`` names, in the configured order."""
    text = ws.config.papers.after_decision
    return tuple(part.strip() for part in text.split(",") if part.strip())


class PapersDialog(QDialog):
    def __init__(self, ws: Workspace, reference: str | int, available: tuple[str, ...],
                 parent: QWidget | None = None, *, ticked: tuple[str, ...] | None = None) -> None:
        """``ticked``: what to tick (default: this window's configured papers; a reprint ticks nothing)."""
        super().__init__(parent)
        self.setObjectName("papersDialog")
        self.setWindowTitle(self.tr("Papers for the citizen"))
        self.ws, self.reference = ws, reference
        self.issued: list[IssuedPaper] = []
        wanted = configured_papers(ws) if ticked is None else ticked
        order = [k for k in wanted if k in available] + [k for k in available if k not in wanted]
        if ticked is not None:
            order = list(available)  # a reprint: the case's papers in their own order

        intro = QLabel(self.tr("Enter: print the ticked papers   Space: tick / untick   P: preview   "
                               "Esc: none"))
        intro.setWordWrap(True)
        self.papers = QListWidget(objectName="papersList")
        for kind in order:
            item = QListWidgetItem(self._line(kind))
            item.setData(KIND_ROLE, kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if kind in wanted else Qt.CheckState.Unchecked)
            self.papers.addItem(item)
        if order:
            self.papers.setCurrentRow(0)
        self.status = QLabel(objectName="papersStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.print_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.print_button.setText(self.tr("Print"))
        self.print_button.setObjectName("papersPrint")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("None"))
        self.preview_button = self.buttons.addButton(self.tr("Preview (P)"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.papers, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 560, 360)
        # The list has the keyboard: it would take P as a search for a line starting with P and eat it.
        self.papers.installEventFilter(self)
        for button in self.buttons.buttons():  # Enter prints whatever was last pressed (a preview included)
            button.setAutoDefault(False)
        self.papers.setFocus()

    def _line(self, kind: str) -> str:
        from ui.printing import choose

        choice = choose(self.ws, kind)
        where = choice.printer or self.tr("save as PDF")
        return f"{label(PRINT_KIND_LABELS, kind)}   →   {where}"

    def ticked(self) -> list[str]:
        return [self.papers.item(n).data(KIND_ROLE) for n in range(self.papers.count())
                if self.papers.item(n).checkState() == Qt.CheckState.Checked]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if (watched is self.papers and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_P and not event.modifiers()):
            self.preview()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_P and not event.modifiers():
            self.preview()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.issue()
            return
        super().keyPressEvent(event)

    def issue(self) -> None:
        from ui.printing import choose

        kinds = self.ticked()
        if not kinds:
            self.accept()
            return
        plan = tuple((kind, choose(self.ws, kind).printer) for kind in kinds)
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Printing…"))
        self.ws.ops.run(IssuePapers(self.reference, plan), owner=self, on_done=self._issued,
                        on_error=self._failed)

    def _issued(self, papers: tuple[IssuedPaper, ...]) -> None:
        self.print_button.setEnabled(True)
        self.issued += [p for p in papers if p.outcome is not None]
        problems = {p.kind: p.problem for p in papers if p.outcome is None}
        for n in range(self.papers.count()):
            item = self.papers.item(n)
            kind = item.data(KIND_ROLE)
            if kind in problems:
                item.setText(self._line(kind) + "   ✗ " + problems[kind])
            elif any(p.kind == kind for p in papers):
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setText(self._line(kind) + "   ✓")
        if problems:
            self.status.setText(self.tr("Not every paper went out: fix the printer and press Enter again."))
            return
        self.accept()

    def _failed(self, error: BaseException) -> None:
        from ui.messages import show_error

        self.print_button.setEnabled(True)
        self.status.clear()
        show_error(self, error)

    def preview(self) -> None:
        from ui.printing import print_document

        item = self.papers.currentItem()
        if item is not None:  # after the preview the keyboard is on the list again: Enter prints
            print_document(self.ws, self, self.reference, DocumentKind(item.data(KIND_ROLE)),
                           on_closed=lambda _outcome: self._back_to_the_list())

    def _back_to_the_list(self) -> None:
        if self.isVisible():
            self.activateWindow()  # not every window manager (nor Qt alone) gives it back to the dialog
            self.papers.setFocus()
