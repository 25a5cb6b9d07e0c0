"""Operations of the working-day calendar: the warning supervisors and IT see in the status bar."""
from __future__ import annotations

from dataclasses import dataclass

from ui.operations.base import Env, Operation


@dataclass(frozen=True)
class CalendarWarning(Operation["str | None"]):
    """The warning when a year the counter counts in (next year, from 1 November) has no holiday data."""

    def perform(self, env: Env) -> str | None:
        return env.services.calendar.coverage_warning()
