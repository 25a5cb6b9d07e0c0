"""Errors the intake services raise; every message is for the clerk, in Simplified Chinese.

The UI catches :data:`INTAKE_ERRORS` and shows the message: domain refusals
(:class:`IllegalTransition`, :class:`ChecklistError`) pass through unchanged because their
messages already say what is wrong.
"""
from __future__ import annotations

import datetime as dt

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


class DueDateNeedsConfirmation(DecisionRefused):
    """The due date runs into a year without an official holiday arrangement: the clerk must confirm.

    Nothing was written. The screen asks, and accepts again with ``confirm_uncertain_due=True``.
    """

    def __init__(self, due_date: dt.date, years: list[int]) -> None:
        self.due_date, self.years = due_date, list(years)
        names = "、".join(f"{y} 年" for y in self.years)
        super().__init__(f"承诺办结日期 {due_date.year}年{due_date.month}月{due_date.day}日 落在尚无官方节假日安排的"
                         f"{names}，只按周一至周五计算，实际放假调休后可能提前或推后。确认按此日期受理吗？"
                         "（节假日安排公布并导入后，系统会自动重新计算并记录。）")
