"""Reading the citizen's ID card into the applicant form (F4 or the 读卡 button).

The read runs off the UI thread (a real reader takes a second or two, and a broken driver may
hang); the result fills the number, name and address, and the number's own check then finds a
returning applicant exactly as if it had been typed. No reader, no card, an expired card: the
clerk is told in one line beside the button and can always type instead.
"""
from __future__ import annotations

import datetime as dt

from desktop.devices.id_reader import IdCard
from ui.intake.party_form import BAD_STYLE, HINT_STYLE, PartyForm
from ui.messages import explain, is_user_error
from ui.operations.devices import ReadIdCard
from ui.operations.runner import OperationRunner
from ui.qt import QHBoxLayout, QKeySequence, QLabel, QPushButton, QShortcut, Qt, QWidget


class CardReadingBar(QWidget):
    """The 读卡 button and its status line, placed above the applicant form."""

    def __init__(self, ops: OperationRunner, problem: str | None, form: PartyForm, *,
                 shortcut_scope: QWidget, today: dt.date | None = None) -> None:
        super().__init__()
        self.ops, self.form = ops, form
        self._today = today or dt.date.today()
        self.button = QPushButton("读身份证 (F4)", objectName="readIdCard")
        self.status = QLabel(objectName="idCardStatus")
        self.status.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.status, 1)
        self.shortcut = QShortcut(QKeySequence("F4"), shortcut_scope)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.read_card)
        self.button.clicked.connect(self.read_card)
        if problem:
            self._say(f"读卡器不可用：{problem}。请手工录入。", HINT_STYLE)

    def read_card(self) -> None:
        if not self.form.isEnabled() or self.form.id_number.isReadOnly():
            self._say("请先选择事项，再读卡", HINT_STYLE)
            return
        self.button.setEnabled(False)
        self._say("正在读卡…", HINT_STYLE)
        self.ops.run(ReadIdCard(), owner=self, on_done=self._card_read, on_error=self._read_failed)

    def _card_read(self, card: IdCard | None) -> None:
        self.button.setEnabled(True)
        if card is None:
            self._say("读卡器上没有身份证，请将卡片平放在读卡区后重试", BAD_STYLE)
            return
        self.form.set_kind("person")
        self.form.fill_from_card({"id_number": card.id_number, "name": card.name, "address": card.address})
        if card.expired_on(self._today):
            self._say(f"注意：该身份证已于 {card.valid_until:%Y-%m-%d} 过期，请核实", BAD_STYLE)
        else:
            self._say(f"已读取 {card.name} 的身份证（{card.issuing_authority}）", HINT_STYLE)

    def _read_failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        message = explain(error)  # logged (a bug with its stack) either way
        self._say(message if is_user_error(error) else "读卡失败，请重试或手工录入", BAD_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)
