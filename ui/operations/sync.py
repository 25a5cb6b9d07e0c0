"""Operations of syncing with the platform: a run, the last state, parked cases and their retry."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.events import CasesChanged, EventHub, SyncState
from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from sync.queue import ParkedItem
    from sync.summary import SyncSummary


def sync_state(summary: SyncSummary) -> SyncState:
    return SyncState(online=summary.online if summary.enrolled else None, pending=summary.pending,
                     parked=summary.parked, last_ok=summary.last_ok, status_changes=summary.status_changes,
                     error=summary.error, hall_changes=summary.hall_changes,
                     hall_refusals=tuple(summary.hall_refusals))


@dataclass(frozen=True)
class SyncStatus(Operation["SyncSummary"]):
    """The last known state, without the network (at sign-in)."""

    def perform(self, env: Env) -> SyncSummary:
        return env.require_ports().sync_scheduler.status()

    def announce(self, result: SyncSummary, events: EventHub) -> None:
        events.sync_state_changed.emit(sync_state(result))


@dataclass(frozen=True)
class SyncRun(Operation["SyncSummary"]):
    """Push then pull once; never raises for sync problems (they come back in the summary)."""

    lane = Lane.NETWORK

    def perform(self, env: Env) -> SyncSummary:
        return env.require_ports().sync_scheduler.run_once()

    def announce(self, result: SyncSummary, events: EventHub) -> None:
        events.sync_state_changed.emit(sync_state(result))
        if result.status_changes or result.created or result.duplicate or result.newly_parked \
                or result.matters_changed or result.matters_deleted or result.hall_changes or result.hall_refusals:
            events.cases_changed.emit(CasesChanged(source="sync", everything=True))


@dataclass(frozen=True)
class ListParked(Operation["list[ParkedItem]"]):
    def perform(self, env: Env) -> list[ParkedItem]:
        return env.require_ports().parked()


@dataclass(frozen=True)
class RetryParked(Operation[int]):
    """Re-queue refused cases unchanged (the cause was fixed elsewhere); None: all of them."""

    lane = Lane.WRITE
    outbox_ids: tuple[int, ...] | None
    now: dt.datetime

    def perform(self, env: Env) -> int:
        ids = list(self.outbox_ids) if self.outbox_ids is not None else None
        return env.require_ports().retry_parked(ids, self.now)

    def announce(self, result: int, events: EventHub) -> None:
        events.cases_changed.emit(CasesChanged(source="sync", everything=True))
