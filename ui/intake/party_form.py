"""Applicant / agent fields with inline checking of the 公民身份号码 or 统一社会信用代码.

The number field comes first: it is what the card reader fills and what finds a returning
applicant. Its message names the wrong digit the moment the 18th character is typed, while
the citizen is still at the counter. An invalid number is kept as typed (the draft saves it);
only the decision refuses it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.domain.hall_clock import hall_clock
from desktop.domain.idnumbers import check_credit_code, check_resident_id
from desktop.domain.phones import TYPABLE, is_phone_number
from ui.qt import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRegularExpression,
    QRegularExpressionValidator,
    QWidget,
    Signal,
)

OK_STYLE = "color: #1b7f3b;"
BAD_COLOUR = "#b3261e"
BAD_STYLE = f"color: {BAD_COLOUR};"
HINT_STYLE = "color: #666;"


class PartyForm(QWidget):
    changed = Signal()
    # (kind, id_number) when a complete, valid number has been typed: look up a returning applicant
    id_confirmed = Signal(str, str)
    submitted = Signal()  # Enter in a field: the clerk is done with this form

    def __init__(self, prefix: str, *, allow_org: bool = True, today: dt.date | None = None, parent=None) -> None:
        super().__init__(parent)
        self._today = today or hall_clock().today()
        self._prefix = prefix
        self._allow_org = allow_org
        self._confirmed = ""  # last number announced by id_confirmed, so it is looked up once
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form = form

        self.kind = QComboBox(objectName=f"{prefix}Kind")
        self.kind.addItem(self.tr("Person"), "person")
        if allow_org:
            self.kind.addItem(self.tr("Organisation"), "org")
        self.id_number = QLineEdit(objectName=f"{prefix}IdNumber")
        self.id_number.setMaxLength(18)
        self.id_number.setMinimumWidth(220)
        self.id_message = QLabel(objectName=f"{prefix}IdMessage")
        self.id_message.setWordWrap(True)
        self.name = QLineEdit(objectName=f"{prefix}Name")
        self.derived = QLabel(objectName=f"{prefix}Derived")  # birth date and sex from the ID
        self.legal_rep = QLineEdit(objectName=f"{prefix}LegalRep")
        self.phone = QLineEdit(objectName=f"{prefix}Phone")
        self.phone.setMaxLength(20)
        # A letter typed for a digit (o for 0, l for 1) never reaches the field.
        self.phone.setValidator(QRegularExpressionValidator(QRegularExpression(TYPABLE), self.phone))
        self.address = QLineEdit(objectName=f"{prefix}Address")

        if allow_org:
            form.addRow(self.tr("Type"), self.kind)
        else:
            self.kind.hide()
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow("", self.id_message)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Born / sex"), self.derived)
        form.addRow(self.tr("Legal representative"), self.legal_rep)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Address"), self.address)

        self._kind_changed()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.id_number.textChanged.connect(self._check_id)
        self.id_number.editingFinished.connect(lambda: self._check_id(final=True))
        self.phone.editingFinished.connect(self._check_phone)
        self.phone.textEdited.connect(lambda: self._mark_phone(bad=False))
        for edit in (self.name, self.legal_rep, self.phone, self.address):
            edit.textEdited.connect(self.changed)
        for edit in (self.id_number, self.name, self.legal_rep, self.phone, self.address):
            edit.returnPressed.connect(self.submitted)
        self.kind.currentIndexChanged.connect(self.changed)

    def tab_chain(self) -> list[QWidget]:
        """The form's fields in screen order (the type only where an organisation may apply)."""
        fields: list[QWidget] = [self.kind] if self._allow_org else []
        return fields + [self.id_number, self.name, self.legal_rep, self.phone, self.address]

    # --- state -------------------------------------------------------------------------

    def current_kind(self) -> str:
        return self.kind.currentData()

    def form_state(self) -> dict[str, str]:
        return {"kind": self.current_kind(), "name": self.name.text().strip(),
                "id_number": self.id_number.text().strip().upper(), "phone": self.phone.text().strip(),
                "address": self.address.text().strip(),
                "legal_rep": self.legal_rep.text().strip() if self.current_kind() == "org" else ""}

    def set_form_state(self, state: dict[str, Any] | None) -> None:
        state = state or {}
        self.blockSignals(True)
        at = self.kind.findData(state.get("kind") or "person")
        self.kind.setCurrentIndex(max(at, 0))
        self.id_number.setText(str(state.get("id_number") or ""))
        self.name.setText(str(state.get("name") or ""))
        self.legal_rep.setText(str(state.get("legal_rep") or ""))
        self.phone.setText(str(state.get("phone") or ""))
        self.address.setText(str(state.get("address") or ""))
        self.blockSignals(False)
        self._check_id(final=bool(state.get("id_number")), announce=False)

    def fill_missing(self, state: dict[str, Any]) -> None:
        """Pre-fill a returning applicant's details into fields the clerk has not typed yet.

        The look-up answers after the card read put the keyboard in the phone field: a value filled
        into the field being typed in is selected, so the digits the citizen dictates replace it
        (and Enter keeps it) instead of being appended to the old number.
        """
        for edit, key in ((self.name, "name"), (self.phone, "phone"), (self.address, "address"),
                          (self.legal_rep, "legal_rep")):
            if not edit.text().strip() and state.get(key):
                edit.setText(str(state[key]))
                if edit.hasFocus():
                    edit.selectAll()
        self.changed.emit()

    def set_kind(self, kind: str) -> None:
        at = self.kind.findData(kind)
        if at >= 0:
            self.kind.setCurrentIndex(at)

    def fill_from_card(self, fields: dict[str, str]) -> None:
        """Put what the card reader read into the form; the number is then checked and looked up."""
        for edit, key in ((self.name, "name"), (self.address, "address")):
            if fields.get(key):
                edit.setText(fields[key])
        self.id_number.setText(fields.get("id_number", ""))  # triggers the check (and the look-up)
        self._check_id(final=True)

    def clear(self) -> None:
        self._confirmed = ""
        self.set_form_state({})
        self.id_message.clear()

    def is_blank(self) -> bool:
        return not (self.name.text().strip() or self.id_number.text().strip())

    def id_ok(self) -> bool:
        value = self.id_number.text().strip()
        if self.current_kind() == "org":
            return check_credit_code(value).ok
        return check_resident_id(value, today=self._today).ok

    def phone_ok(self) -> bool:
        value = self.phone.text().strip()
        return not value or is_phone_number(value)

    def first_bad_field(self) -> QLineEdit | None:
        """The first field a decision refuses (number, name, phone), for the keyboard to go back to."""
        if self.is_blank():
            return None
        if not self.id_ok():
            return self.id_number
        if not self.name.text().strip():
            return self.name
        return None if self.phone_ok() else self.phone

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.id_number, self.name, self.legal_rep, self.phone, self.address):
            edit.setReadOnly(read_only)
        self.kind.setEnabled(not read_only)

    # --- behaviour -----------------------------------------------------------------------

    def _check_phone(self) -> None:
        self._mark_phone(bad=not self.phone_ok())

    def _mark_phone(self, *, bad: bool) -> None:
        """A red frame and a tooltip on a number of no known shape, once the clerk leaves the field."""
        self.phone.setStyleSheet(f"QLineEdit {{ border: 2px solid {BAD_COLOUR}; }}" if bad else "")
        self.phone.setToolTip(self.tr("Not a phone number: an 11-digit mobile, or area code and number")
                              if bad else "")

    def _kind_changed(self) -> None:
        org = self.current_kind() == "org"
        self._form.setRowVisible(self.legal_rep, org)
        self._form.setRowVisible(self.derived, not org)
        self._form.labelForField(self.name).setText(self.tr("Organisation name") if org else self.tr("Name"))
        self._form.labelForField(self.id_number).setText(self.tr("Credit code") if org
                                                         else self.tr("ID number"))
        self._form.labelForField(self.address).setText(self.tr("Registered address") if org else self.tr("Address"))
        self.id_number.setPlaceholderText(self.tr("18-character unified social credit code") if org
                                          else self.tr("18-digit ID number, or read the card (F4)"))
        self._check_id()

    def _check_id(self, *_args, final: bool = False, announce: bool = True) -> None:
        value = self.id_number.text().strip().upper()
        org = self.current_kind() == "org"
        self.derived.clear()
        if not value:
            self.id_message.clear()
        elif len(value) < 18 and not final:
            self._say(self.tr("%1/18 characters").replace("%1", str(len(value))), HINT_STYLE)
        elif org:
            check = check_credit_code(value)
            self._say(self.tr("Credit code checked") if check.ok else
                      self.tr("Credit code: %1").replace("%1", check.reason), OK_STYLE if check.ok else BAD_STYLE)
            if check.ok and announce:
                self._announce("org", check.normalized)
        else:
            check = check_resident_id(value, today=self._today)
            if check.ok:
                self._say(self.tr("ID number checked"), OK_STYLE)
                sex = self.tr("female") if check.sex == "女" else self.tr("male")  # i18n: data (the core's word)
                self.derived.setText(f"{check.birth_date:%Y-%m-%d}   {sex}")
                if announce:
                    self._announce("person", check.normalized)
            else:
                self._say(self.tr("ID number: %1").replace("%1", check.reason), BAD_STYLE)
        if announce:
            self.changed.emit()

    def _announce(self, kind: str, number: str) -> None:
        if number != self._confirmed:
            self._confirmed = number
            self.id_confirmed.emit(kind, number)

    def _say(self, text: str, style: str) -> None:
        self.id_message.setText(text)
        self.id_message.setStyleSheet(style)
