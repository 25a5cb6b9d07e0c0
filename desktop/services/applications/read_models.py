"""The read models of applications: every snapshot of a case that a screen, a paper or sync reads.

One set for every reader: the intake screen and the papers read :class:`ApplicationView`, the
applications list's detail dialog reads :class:`ApplicationDetail`, the resume list reads
:class:`CaseSummary`; they share :class:`PartyView`, :class:`MaterialView` and :class:`EventView`.
The loaders that fill them live in :mod:`desktop.services.applications.loading`.

Plain frozen dataclasses, never ORM objects: a view can cross a thread boundary or outlive
its session without lazy-loading surprises. Full ID numbers and phones are present where a
reader needs them (the resume form and the receipt's owner) but excluded from ``repr`` so a
view that ends up in a log line does not leak them; printed documents use the ``*_masked``
fields, and a view for display only carries them blank (:meth:`PartyView.for_display`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.domain.checklist import STATE_LABELS, MaterialRow
from desktop.domain.lifecycle import label


@dataclass(frozen=True)
class PartyView:
    kind: str  # person | org
    name: str
    id_number: str = field(repr=False)
    id_masked: str
    phone: str = field(repr=False)
    phone_masked: str
    address: str = ""
    legal_rep: str = ""
    birth_date: dt.date | None = None
    sex: str = ""

    def for_display(self) -> PartyView:
        """This party without its full ID number and phone: what a screen that only shows the
        masked forms is handed, so the full numbers never reach it (masked wherever not needed)."""
        return replace(self, id_number="", phone="")


@dataclass(frozen=True)
class AttachmentView:
    sha256: str
    mime: str
    size: int
    page_no: int
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class MaterialView:
    id: int
    seq: int
    name: str
    required: bool
    form_expected: str
    copies_expected: int
    deferrable: bool
    electronic_required: bool
    cert_type: str | None
    notes: str
    state: str
    provided_form: str
    provided_copies: int
    deferred_until: dt.date | None
    certificate_ref: str | None
    certificate_available: bool
    attachments: tuple[AttachmentView, ...] = ()

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def pages(self) -> int:
        return len(self.attachments)

    def as_row(self) -> MaterialRow:
        """The domain view of this row, for the checklist rules."""
        return MaterialRow(seq=self.seq, name=self.name, required=self.required, state=self.state,
                           deferrable=self.deferrable, cert_type=self.cert_type,
                           copies_expected=self.copies_expected, provided_copies=self.provided_copies,
                           deferred_until=self.deferred_until)


@dataclass(frozen=True)
class EventView:
    at: dt.datetime  # naive UTC
    from_status: str
    to_status: str
    user: str  # username, "" for platform events
    by: str  # the user's display name (the username when none is set), "" for platform events
    source: str  # window | server
    note: str


@dataclass(frozen=True)
class ApplicationView:
    uuid: str
    acceptance_no: str | None
    official_no: str | None
    matter_code: str
    matter_version: int
    matter_name: str
    department: str
    immediate: bool
    promised_days: int
    status: str
    window_id: str
    clerk_username: str
    clerk_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    completed_at: dt.datetime | None
    due_date: dt.date | None
    supplement_due: dt.date | None
    paused_working_days: int
    rejection_reason: str
    supplement_note: str
    local_version: int
    sync_state: str
    server_status: str | None
    applicant: PartyView | None
    agent: PartyView | None
    materials: tuple[MaterialView, ...]
    events: tuple[EventView, ...]
    form_state: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # draft autosave

    @property
    def status_label(self) -> str:
        return label(self.status)

    @property
    def missing_materials(self) -> tuple[MaterialView, ...]:
        """Required rows not satisfied: what a supplement notice lists."""
        return tuple(m for m in self.materials if m.required and m.state not in ("provided", "deferred", "certificate"))

    @property
    def deferred_materials(self) -> tuple[MaterialView, ...]:
        return tuple(m for m in self.materials if m.state == "deferred")


@dataclass(frozen=True)
class CaseSummary:
    """One line of the resume list (drafts and cases waiting for supplement)."""

    uuid: str
    acceptance_no: str | None
    status: str
    matter_name: str
    applicant_name: str
    applicant_id_masked: str
    window_id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    supplement_due: dt.date | None

    @property
    def status_label(self) -> str:
        return label(self.status)


@dataclass(frozen=True)
class Decision:
    """What a decision produced, for the screen's confirmation and the printed document."""

    uuid: str
    status: str
    acceptance_no: str | None
    decided_at: dt.datetime
    due_date: dt.date | None = None
    supplement_due: dt.date | None = None
    paused_working_days: int = 0
    missing: tuple[MaterialView, ...] = ()  # for a supplement notice: everything missing, told once
    outbox_version: int | None = None


@dataclass(frozen=True)
class PrintView:
    """One paper printed or saved for a case, as the detail dialog's paper trail lists it."""

    kind: str
    printed_at: dt.datetime
    by: str
    printer: str
    outcome: str
    is_reprint: bool
    pages: int


@dataclass(frozen=True)
class ApplicationDetail:
    """Everything the detail dialog of one application shows: a snapshot for display, so its
    parties carry only masked numbers (the clerk checks the case, not the citizen's full number)."""

    id: int
    uuid: str
    acceptance_no: str | None
    official_no: str | None
    matter_code: str
    matter_version: int
    matter_name: str
    department: str
    status: str
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    completed_at: dt.datetime | None
    due_date: dt.date | None
    supplement_due: dt.date | None
    clerk: str
    window_id: str
    applicant: PartyView | None
    agent: PartyView | None
    rejection_reason: str
    supplement_note: str
    sync_state: str
    server_status: str | None
    server_updated_at: dt.datetime | None
    materials: tuple[MaterialView, ...]
    events: tuple[EventView, ...]
    prints: tuple[PrintView, ...]
