"""Operations of the conflicts screen: list the open ones, and a supervisor's decision on one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.lifecycle import Resolution
from ui.events import CasesChanged, EventHub
from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.services.conflicts import ConflictView


@dataclass(frozen=True)
class ListConflicts(Operation["list[ConflictView]"]):
    open_only: bool = True

    def perform(self, env: Env) -> list[ConflictView]:
        return env.services.conflicts.list(open_only=self.open_only)


@dataclass(frozen=True)
class ResolveConflict(Operation["ConflictView"]):
    """Keep the window's version, take the platform's, or acknowledge a refused status (role checked inside)."""

    lane = Lane.WRITE
    conflict_id: int
    resolution: Resolution
    note: str = ""

    def perform(self, env: Env) -> ConflictView:
        return env.services.conflicts.resolve(self.conflict_id, self.resolution, env.require_user(), note=self.note)

    def announce(self, result: ConflictView, events: EventHub) -> None:
        events.cases_changed.emit(CasesChanged(uuids=(result.case_uuid,), source="conflicts"))
