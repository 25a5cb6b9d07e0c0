"""Read-only snapshots of hall cases for the find screen, the case view, the CLI and the report.

Plain frozen dataclasses (they cross threads); personal data is already masked here. Times are
naive UTC like the store; screens show them in the hall's time zone.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.lifecycle import label


@dataclass(frozen=True)
class FoundCase:
    """One line of a lookup's answer."""

    uuid: str
    acceptance_no: str
    official_no: str
    matter_name: str
    applicant: str  # masked name
    applicant_id_masked: str
    window_id: str  # where it was accepted
    status: str
    updated_at: dt.datetime | None
    own: bool  # accepted at this PC
    cached: str  # own | full | summary

    @property
    def status_label(self) -> str:
        return label(self.status)

    @property
    def number(self) -> str:
        return self.acceptance_no or self.official_no or self.uuid[:8]


@dataclass(frozen=True)
class LookupResult:
    """What a lookup found, where, and — when nothing — why, in the clerk's words."""

    cases: tuple[FoundCase, ...]
    source: str  # local | platform | none
    message: str = ""
    online: bool | None = None  # None: the platform was not asked

    @property
    def found(self) -> bool:
        return bool(self.cases)


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime  # naive UTC
    text: str  # '11月28日 10:42 W03 号窗口 王小丽 补齐材料'
    kind: str
    window_id: str
    state: str  # received | done | pending | refused | parked
    refusal: str = ""


@dataclass(frozen=True)
class CaseMaterial:
    seq: int
    name: str
    required: bool
    state: str
    state_label: str
    deferred_until: dt.date | None
    pages: int  # page references the case has
    pages_here: int  # of which the files are on this PC


@dataclass(frozen=True)
class HallCaseView:
    """A case of any window, as this PC knows it: enough to continue it at the counter."""

    uuid: str
    acceptance_no: str
    official_no: str
    matter_code: str
    matter_name: str
    department: str
    window_id: str
    clerk_name: str
    status: str
    own: bool
    cached: str
    applicant_name: str
    applicant_id_masked: str
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    due_date: dt.date | None
    supplement_due: dt.date | None
    paused_working_days: int
    result_ready_at: dt.datetime | None
    handed_over_at: dt.datetime | None
    handover_text: str
    version: int
    sync_state: str
    materials: tuple[CaseMaterial, ...]
    history: tuple[HistoryLine, ...]
    can_supplement: bool
    can_deliver_deferred: bool
    can_hand_over: bool

    @property
    def status_label(self) -> str:
        if self.handed_over_at:
            return "已领取"
        return label(self.status)

    @property
    def number(self) -> str:
        return self.acceptance_no or self.official_no

    @property
    def missing(self) -> tuple[CaseMaterial, ...]:
        return tuple(m for m in self.materials if m.required and m.state in ("missing", "pending"))

    @property
    def deferred(self) -> tuple[CaseMaterial, ...]:
        return tuple(m for m in self.materials if m.state == "deferred")

    @property
    def refusals(self) -> tuple[HistoryLine, ...]:
        return tuple(h for h in self.history if h.state == "refused")


@dataclass(frozen=True)
class ActionResult:
    """What an action at the counter produced: the case after it and the papers to offer."""

    uuid: str
    kind: str
    event_uuid: str
    status: str
    acceptance_no: str
    papers: tuple[str, ...]  # DocumentKind values to print
    queued: bool  # waits for the platform (always true: every event is queued like an outbox row)
