"""The event hub: screens learn of changes here instead of calling each other.

One :class:`EventHub` exists per sign-in (built by the composition root). Operations announce
what they changed after they succeed (``Operation.announce``, on the UI thread); the sync
controller announces each run. Screens subscribe to what concerns them and never hold a
reference to another screen::

    events.case_decided.connect(lambda e: self.model.refresh_case(e.case.uuid))

Every payload is a frozen value of plain fields (no widget, no ORM row, no service), so a
screen that arrives later — the queue and the citizen's evaluation, the closed loop after
acceptance, the hall's shared view — can subscribe without knowing who emitted, and a payload
can be logged or sent on as it is. Times are naive UTC like the store; screens show them in the
hall's time zone.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ui.qt import QObject, Signal


@dataclass(frozen=True)
class CaseRef:
    """Which case an event is about, with what every subscriber needs to show it in a line."""

    uuid: str
    acceptance_no: str | None
    status: str
    window_id: str
    matter_code: str = ""
    matter_name: str = ""


@dataclass(frozen=True)
class CaseOpened:
    """The intake screen now shows ``case`` (a new draft, a resumed one, or a returning citizen)."""

    case: CaseRef
    resumed: bool = False


@dataclass(frozen=True)
class CaseCleared:
    """The intake screen was cleared for the next citizen (F2): nothing of the last one is shown."""

    previous_uuid: str | None


@dataclass(frozen=True)
class CaseDecided:
    """A decision was taken at this window: accepted, completed at once, supplement or rejection."""

    case: CaseRef
    decided_at: dt.datetime
    due_date: dt.date | None = None
    supplement_due: dt.date | None = None
    outbox_version: int | None = None


@dataclass(frozen=True)
class CasesChanged:
    """Cases changed without a decision at this window: a material, pages, a sync pull, a retry.

    ``uuids`` names them when known; ``everything`` says a list should be read again in full
    (a sync run brought status changes, a catalog update renamed matters).
    """

    uuids: tuple[str, ...] = ()
    source: str = "window"  # "window", "sync", "print"
    everything: bool = False


@dataclass(frozen=True)
class SyncState:
    """After each sync run (and once at sign-in): what the status bar and the sync page show."""

    online: bool | None  # None: not set up for the platform, or not checked yet
    pending: int
    parked: int
    last_ok: dt.datetime | None
    status_changes: int = 0
    error: str | None = None
    hall_changes: int = 0  # events of the hall's windows this run brought into the hall cache
    hall_refusals: tuple[str, ...] = ()  # "此件已于 10:42 在 W03 号窗口补齐材料": our events another window beat


@dataclass(frozen=True)
class DocumentPrinted:
    """A paper was issued (printed or saved as PDF) and recorded."""

    application_id: int
    case_label: str
    kind: str  # printing.documents.DocumentKind value
    reprint: bool
    outcome: str  # "printed" or "saved_pdf"
    where: str  # the printer's name or the file's path


class EventHub(QObject):
    """Typed signals, emitted on the UI thread; each carries one of the frozen values above."""

    case_opened = Signal(object)  # CaseOpened
    case_cleared = Signal(object)  # CaseCleared
    case_decided = Signal(object)  # CaseDecided
    cases_changed = Signal(object)  # CasesChanged
    sync_state_changed = Signal(object)  # SyncState
    document_printed = Signal(object)  # DocumentPrinted
