"""Who collects the result and how: the collector's ID card read, applicant or authorised agent, window or post.

The dialog only gathers plain values; the hall page turns them into the ``RecordHandover``
operation. The card is read by the session's reader off the UI thread (``ReadIdCard``); the
full number stays in this dialog and the operation, never on screen (masked) or in a log.
"""
from __future__ import annotations

from desktop.domain.masking import mask_id_number
from desktop.services.hall.actions import Handover
from ui.operations.devices import ReadIdCard
from ui.operations.runner import OperationRunner
from ui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QShortcut,
    QVBoxLayout,
    QWidget,
)


class HandoverDialog(QDialog):
    def __init__(self, ops: OperationRunner, case_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Hand over the result — %1").replace("%1", case_label))
        self.ops = ops
        self._name, self._number = "", ""
        self.applicant = QRadioButton(self.tr("The applicant in person"))
        self.applicant.setObjectName("handoverApplicant")
        self.agent = QRadioButton(self.tr("An authorised agent"))
        self.agent.setObjectName("handoverAgent")
        self.applicant.setChecked(True)
        self.authorised = QCheckBox(self.tr("The applicant's written authorisation was checked"))
        self.authorised.setObjectName("handoverAuthorised")
        self.read_button = QPushButton(self.tr("Read the collector's ID card (F4)"))
        self.read_button.setObjectName("handoverReadCard")
        self.read_button.clicked.connect(self.read_card)
        QShortcut(QKeySequence("F4"), self, activated=self.read_card)
        self.card = QLabel(self.tr("No ID card read yet"))
        self.card.setObjectName("handoverCard")
        self.at_window = QRadioButton(self.tr("Collected at this window"))
        self.at_window.setObjectName("handoverAtWindow")
        self.by_post = QRadioButton(self.tr("Sent by post"))
        self.by_post.setObjectName("handoverByPost")
        self.at_window.setChecked(True)
        self.courier = QLineEdit()
        self.courier.setObjectName("handoverCourier")
        self.tracking = QLineEdit()
        self.tracking.setObjectName("handoverTracking")
        self.message = QLabel()
        self.message.setObjectName("handoverMessage")
        self.message.setStyleSheet("QLabel { color: #B3261E; }")
        form = QFormLayout()
        who = QHBoxLayout()
        who.addWidget(self.applicant)
        who.addWidget(self.agent)
        form.addRow(self.tr("Collector"), who)
        form.addRow("", self.authorised)
        form.addRow(self.read_button, self.card)
        how = QHBoxLayout()
        how.addWidget(self.at_window)
        how.addWidget(self.by_post)
        form.addRow(self.tr("How"), how)
        form.addRow(self.tr("Courier"), self.courier)
        form.addRow(self.tr("Waybill number"), self.tracking)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for toggle in (self.agent, self.by_post):
            toggle.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.authorised.setEnabled(self.agent.isChecked())
        self.courier.setEnabled(self.by_post.isChecked())
        self.tracking.setEnabled(self.by_post.isChecked())

    def read_card(self) -> None:
        self.read_button.setEnabled(False)
        self.ops.run(ReadIdCard(), owner=self, on_done=self._card_read, on_error=self._card_failed)

    def _card_read(self, card) -> None:
        self.read_button.setEnabled(True)
        if card is None:
            self.message.setText(self.tr("No card on the reader."))
            return
        self._name, self._number = card.name, card.id_number
        self.card.setText(f"{card.name}　{mask_id_number(card.id_number)}")
        self.message.setText("")

    def _card_failed(self, error: BaseException) -> None:
        self.read_button.setEnabled(True)
        self.message.setText(str(error))

    def handover(self) -> Handover:
        """The values gathered (read on the UI thread, handed to the operation as they are)."""
        return Handover(collector="agent" if self.agent.isChecked() else "applicant", name=self._name,
                        id_number=self._number, method="post" if self.by_post.isChecked() else "window",
                        courier=self.courier.text().strip(), tracking_no=self.tracking.text().strip(),
                        authorised=self.authorised.isChecked())

    def _accept(self) -> None:
        if not self._number:
            self.message.setText(self.tr("Read the collector's ID card first."))
            return
        self.accept()
