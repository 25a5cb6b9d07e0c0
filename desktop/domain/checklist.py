"""Rules of the materials checklist (材料清单) the clerk ticks while the citizen waits.

Three promises made to citizens are enforced here:

* 一次性告知 — if anything is missing, the citizen is told *everything* that is missing at
  once, so they come back once, not three times (:func:`missing_materials`);
* 容缺受理 — a case may be accepted with a material still outstanding only where the catalog
  says that material is deferrable, and the promised delivery date may not fall after the
  matter's promised time limit (otherwise the hall decides before the file is complete);
* an electronic certificate (电子证照) stands in for paper only where the catalog names a
  certificate type for that row.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.domain.calendar import WorkCalendar
from desktop.domain.errors import UserError

STATES = ("pending", "provided", "missing", "deferred", "certificate")
SATISFIED_STATES = frozenset({"provided", "deferred", "certificate"})
STATE_LABELS = {"pending": "未核验", "provided": "已收取", "missing": "缺少", "deferred": "容缺后补",
                "certificate": "电子证照"}


class ChecklistError(UserError, ValueError):
    """A checklist change the rules refuse; the message is for the clerk."""


@dataclass(frozen=True)
class MaterialRow:
    """The part of a checklist row the rules need (a snapshot, never the ORM object)."""

    seq: int
    name: str
    required: bool
    state: str = "pending"
    deferrable: bool = False
    cert_type: str | None = None
    copies_expected: int = 1
    provided_copies: int = 0
    deferred_until: dt.date | None = None


def latest_deferral_date(today: dt.date, promised_days: int, calendar: WorkCalendar) -> dt.date:
    """The last day a deferred material may be promised for: the matter's own due date."""
    return calendar.add_working_days(today, promised_days)


def check_deferral(row: MaterialRow, until: dt.date | None, *, today: dt.date, promised_days: int,
                   calendar: WorkCalendar) -> None:
    """Raise :class:`ChecklistError` unless ``row`` may be deferred until ``until``."""
    if not row.deferrable:
        raise ChecklistError(f"“{row.name}”不允许容缺受理")
    if promised_days <= 0:
        raise ChecklistError(f"即办件当场办结，“{row.name}”不能容缺后补")
    if until is None:
        raise ChecklistError(f"请填写“{row.name}”的容缺补交日期")
    if until <= today:
        raise ChecklistError(f"“{row.name}”的容缺补交日期应晚于今天")
    latest = latest_deferral_date(today, promised_days, calendar)
    if until > latest:
        raise ChecklistError(
            f"“{row.name}”的容缺补交日期不得晚于 {latest.isoformat()}（承诺时限 {promised_days} 个工作日）")


def check_certificate(row: MaterialRow) -> None:
    if not row.cert_type:
        raise ChecklistError(f"“{row.name}”没有可替代的电子证照，请收取纸质材料")


def check_state(state: str) -> None:
    if state not in STATES:
        raise ChecklistError(f"未知的材料状态“{state}”")


def missing_materials(rows: Iterable[MaterialRow]) -> list[MaterialRow]:
    """Every required row not yet satisfied, in checklist order: the one-time notice's list."""
    return sorted((r for r in rows if r.required and r.state not in SATISFIED_STATES), key=lambda r: r.seq)


def blocking_problems(rows: Sequence[MaterialRow]) -> list[str]:
    """Reasons the case cannot be accepted as the checklist stands (empty: it can).

    Beyond missing rows, a provided row with fewer copies than asked for and a deferred row
    without a date also block: both would surface later as a file the back office cannot use.
    """
    problems = [f"缺少必要材料“{r.name}”" for r in missing_materials(rows)]
    for r in sorted(rows, key=lambda r: r.seq):
        if r.state == "provided" and r.required and r.provided_copies < r.copies_expected:
            problems.append(f"“{r.name}”应提交 {r.copies_expected} 份，实收 {r.provided_copies} 份")
        if r.state == "deferred" and r.deferred_until is None:
            problems.append(f"“{r.name}”容缺受理但未填写补交日期")
    return problems
