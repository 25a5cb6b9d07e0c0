"""Operations of the hall page: find a case of any window, open it, continue it at this window.

Lookups and opening may ask the platform (a case not in the hall cache, a case to cache whole
with its pages): they run on the network lane and say plainly when the platform cannot be
reached. Recording the supplement, a deferred material's delivery or the hand-over is one write
transaction each (the case event is queued like an outbox row), announced as ``cases_changed``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.events import CasesChanged, EventHub
from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.services.hall.actions import Handover
    from desktop.services.hall.views import ActionResult, HallCaseView, LookupResult


@dataclass(frozen=True)
class FindHallCase(Operation["LookupResult"]):
    """What was scanned (a receipt's QR), typed (a number) or read from an ID card."""

    lane = Lane.NETWORK
    text: str

    def perform(self, env: Env) -> LookupResult:
        return env.services.hall_cases.find(self.text)


@dataclass(frozen=True)
class RecentHallCases(Operation["LookupResult"]):
    """The latest cases of other windows in this PC's hall cache (what the page lists before a lookup)."""

    lane = Lane.READ

    def perform(self, env: Env) -> LookupResult:
        return env.services.hall_cases.recent()


@dataclass(frozen=True)
class OpenHallCase(Operation["HallCaseView"]):
    """The case with its history, materials and pages; a case of another window is cached in full."""

    lane = Lane.NETWORK
    uuid: str
    fetch: bool = True

    def perform(self, env: Env) -> HallCaseView:
        return env.services.hall_cases.open(self.uuid, fetch=self.fetch)


class _Action(Operation["ActionResult"]):
    lane = Lane.WRITE

    def announce(self, result: ActionResult, events: EventHub) -> None:
        events.cases_changed.emit(CasesChanged(uuids=(result.uuid,), source="window"))


@dataclass(frozen=True)
class RecordSupplement(_Action):
    uuid: str
    note: str = ""

    def perform(self, env: Env) -> ActionResult:
        return env.services.hall_actions.record_supplement(env.require_user(), self.uuid, note=self.note)


@dataclass(frozen=True)
class RecordDeferredDelivery(_Action):
    uuid: str
    seqs: tuple[int, ...]

    def perform(self, env: Env) -> ActionResult:
        return env.services.hall_actions.record_deferred_delivery(env.require_user(), self.uuid, self.seqs)


@dataclass(frozen=True)
class RecordHandover(_Action):
    uuid: str
    handover: Handover

    def perform(self, env: Env) -> ActionResult:
        return env.services.hall_actions.record_handover(env.require_user(), self.uuid, self.handover)
