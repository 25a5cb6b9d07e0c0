"""Errors the intake services raise; every message is for the clerk, in Simplified Chinese.

The UI catches :data:`INTAKE_ERRORS` and shows the message: domain refusals
(:class:`IllegalTransition`, :class:`ChecklistError`) pass through unchanged because their
messages already say what is wrong.
"""
from __future__ import annotations

from desktop.domain.checklist import ChecklistError
from desktop.domain.errors import UserError
from desktop.domain.lifecycle import IllegalTransition


class IntakeError(UserError):
    """A refused intake action. ``problems`` lists every reason (e.g. all invalid fields at once)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class ApplicationNotFound(IntakeError):
    pass


class DecisionRefused(IntakeError):
    """A decision cannot be taken as the case stands (invalid ID, missing materials, no reason…)."""


INTAKE_ERRORS: tuple[type[Exception], ...] = (IntakeError, IllegalTransition, ChecklistError)

