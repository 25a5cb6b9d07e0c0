"""Reading the citizen's ID card into the applicant form (F4 or the 读卡 button).

The read runs off the UI thread (a real reader takes a second or two, and a broken driver may
hang); the result fills the number, name and address, and the number's own check then finds a
returning applicant exactly as if it had been typed. No reader, no card, an expired card: the
clerk is told in one line beside the button and can always type instead.
"""
from __future__ import annotations

import datetime as dt

from desktop.devices.id_reader import IdCard
from desktop.domain.hall_clock import hall_clock
from ui.intake.party_form import BAD_STYLE, HINT_STYLE, PartyForm
from ui.messages import explain, is_user_error
from ui.operations.devices import ReadIdCard
from ui.operations.runner import OperationRunner
from ui.qt import QHBoxLayout, QKeySequence, QLabel, QPushButton, QShortcut, Qt, QWidget, Signal


class CardReadingBar(QWidget):
    """The 读卡 button and its status line, placed above the applicant form."""

    card_read = Signal()  # a card filled the form

    def __init__(self, ops: OperationRunner, problem: str | None, form: PartyForm, *,
                 shortcut_scope: QWidget, today: dt.date | None = None) -> None:
        super().__init__()
        self.ops, self.form = ops, form
        self._today = today or hall_clock().today()
        self.button = QPushButton(self.tr("Read ID card (F4)"), objectName="readIdCard")
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
        self._problem = problem
        self.clear()

    def clear(self) -> None:
        """Nothing of the last card stays (F2, next citizen); only a missing reader is still said."""
        if self._problem:
            self._say(self.tr("Card reader unavailable: %1. Please type the details.").replace("%1", self._problem),
                      HINT_STYLE)
        else:
            self._say("", HINT_STYLE)

    def read_card(self) -> None:
        if not self.form.isEnabled() or self.form.id_number.isReadOnly():
            self._say(self.tr("Choose the matter first, then read the card"), HINT_STYLE)
            return
        self.button.setEnabled(False)
        self._say(self.tr("Reading the card…"), HINT_STYLE)
        self.ops.run(ReadIdCard(), owner=self, on_done=self._card_read, on_error=self._read_failed)

    def _card_read(self, card: IdCard | None) -> None:
        self.button.setEnabled(True)
        if card is None:
            self._say(self.tr("No card on the reader: lay the card flat on it and try again"), BAD_STYLE)
            return
        self.form.set_kind("person")
        self.form.fill_from_card({"id_number": card.id_number, "name": card.name, "address": card.address})
        if card.expired_on(self._today):
            self._say(self.tr("Note: this ID card expired on %1; please check").replace(
                "%1", f"{card.valid_until:%Y-%m-%d}"), BAD_STYLE)
        else:
            self._say(self.tr("Read the ID card of %1 (%2)").replace("%1", card.name)
                      .replace("%2", card.issuing_authority), HINT_STYLE)
        self.card_read.emit()

    def _read_failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        message = explain(error)  # logged (a bug with its stack) either way
        self._say(message if is_user_error(error) else self.tr("Reading failed: try again or type the details"),
                  BAD_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)
