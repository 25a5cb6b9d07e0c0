"""What the synthetic hall did, case by case, before anything is written.

Both ways of seeding (through the services, or the bulk writer for a million rows) consume the
same plan, so they produce the same cases: same matters, people, times, checklist states and
outcomes. Days are the calendar's working days; hours follow a hall's day (a morning peak,
a lunch break, a quieter afternoon).
"""
from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.calendar import WorkCalendar
from desktop.domain.hall_clock import HallClock

# Outcome -> weight among cases of a normal (not immediate) matter.
OUTCOMES = (("accept", 0.80), ("supplement_accept", 0.07), ("supplement_open", 0.03),
            ("supplement_reject", 0.02), ("reject", 0.06), ("draft", 0.02))
SUPPLEMENT_OPEN_WINDOW = 10  # working days a supplement case may stay open before it lapses
REJECTION_REASONS = ("申请事项不属于本机关职权范围", "申请人不具备申请资格", "申请材料存在虚假内容",
                     "同一事项已在办理中，不得重复申请")


@dataclass(frozen=True)
class MatterInfo:
    code: str
    name: str
    version: int
    department: str
    immediate: bool
    promised_days: int
    materials: tuple[dict[str, Any], ...]  # matter_material columns incl. id
    kind: str = "行政许可"
    decided_by: str = "hall"


@dataclass
class PlannedCase:
    started_at: dt.datetime  # naive UTC
    day: dt.date  # local day
    window: str
    clerk: int
    matter: int
    applicant: int
    agent: int | None
    outcome: str  # accept | immediate | supplement_accept | supplement_open | supplement_reject | reject | draft
    decided_at: dt.datetime
    states: list[tuple[int, str, dt.date | None]] = field(default_factory=list)  # (seq, state, deferred_until)
    resumed_at: dt.datetime | None = None  # when the citizen came back (supplement cases)
    reason: str = ""


def _hall_time(rng: random.Random, day: dt.date) -> dt.datetime:
    if rng.random() < 0.62:  # morning 09:00-12:00, peak around 10:00
        minutes = min(179, max(0, int(rng.triangular(0, 180, 60))))
        start = dt.datetime(day.year, day.month, day.day, 9, 0)
    else:  # afternoon 14:00-17:30
        minutes = int(rng.uniform(0, 210))
        start = dt.datetime(day.year, day.month, day.day, 14, 0)
    return start + dt.timedelta(minutes=minutes, seconds=rng.randrange(60))


def working_days(calendar: WorkCalendar, today: dt.date, days: int) -> list[dt.date]:
    span = [today - dt.timedelta(days=i) for i in range(days - 1, -1, -1)]
    return [d for d in span if calendar.is_working_day(d)] or [today]


def _per_day(rng: random.Random, days: list[dt.date], total: int) -> list[int]:
    weights = [(1.2 if d.weekday() == 0 else 0.9 if d.weekday() == 4 else 1.0) * rng.uniform(0.85, 1.15)
               for d in days]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(len(days)), k=min(len(days), total - sum(counts))):
        counts[i] += 1
    while sum(counts) < total:  # more remainder than days (tiny day lists)
        counts[rng.randrange(len(days))] += 1
    return counts


def _states(rng: random.Random, matter: MatterInfo, *, missing: int, tick: bool, deferral_latest: dt.date | None,
            day: dt.date) -> list[tuple[int, str, dt.date | None]]:
    required = [m for m in matter.materials if m["required"]]
    left_out = {m["seq"] for m in rng.sample(required, k=min(missing, len(required)))}
    states: list[tuple[int, str, dt.date | None]] = []
    for m in matter.materials:
        if m["seq"] in left_out or not tick:
            continue
        if not m["required"] and rng.random() < 0.5:
            continue
        if m["cert_type"] and rng.random() < 0.35:
            states.append((m["seq"], "certificate", None))
        elif m["deferrable"] and deferral_latest and deferral_latest > day and rng.random() < 0.25:
            span = (deferral_latest - day).days
            states.append((m["seq"], "deferred", day + dt.timedelta(days=rng.randint(1, span))))
        else:
            states.append((m["seq"], "provided", None))
    return states


def generate_plans(rng: random.Random, *, matters: Sequence[MatterInfo], calendar: WorkCalendar, today: dt.date,
                   clock: HallClock, now_local: dt.datetime, days: int, total: int, windows: Sequence[str],
                   parties: int, persons: int) -> Iterator[PlannedCase]:
    """Yield ``total`` cases in chronological order of arrival (agents are among the first ``persons``)."""
    popularity = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(matters))))  # a few dominate
    outcome_cum = list(itertools.accumulate(w for _, w in OUTCOMES))
    open_days = working_days(calendar, today, days)
    recent = set(open_days[-SUPPLEMENT_OPEN_WINDOW:])
    names = [n for n, _ in OUTCOMES]
    for day, count in zip(open_days, _per_day(rng, open_days, total), strict=True):
        times = sorted(_hall_time(rng, day) for _ in range(count))
        for local in times:
            if local > now_local:  # nobody arrives in the future: today's cases happened this morning
                local = now_local - dt.timedelta(minutes=rng.uniform(1, 240))
            m_index = min(len(matters) - 1, bisect.bisect(popularity, rng.random() * popularity[-1]))
            matter = matters[m_index]
            if matter.immediate and rng.random() < 0.92:
                outcome = "immediate"
            else:
                outcome = names[min(len(names) - 1, bisect.bisect(outcome_cum, rng.random() * outcome_cum[-1]))]
            if outcome == "immediate" and not matter.immediate:
                outcome = "accept"
            if outcome == "draft" and day != today:
                outcome = "accept"
            if outcome == "supplement_open" and day not in recent:
                outcome = "supplement_reject"
            has_required = any(m["required"] for m in matter.materials)
            if outcome.startswith("supplement") and not has_required:
                outcome = "accept"
            w_index = rng.randrange(len(windows))
            started = clock.to_utc(local)
            decided = started + dt.timedelta(minutes=rng.uniform(3, 25), seconds=rng.randrange(60))
            deferral_latest = (calendar.add_working_days(day, matter.promised_days)
                               if outcome in ("accept", "immediate") else None)
            missing = rng.randint(1, 2) if outcome.startswith("supplement") else 0
            case = PlannedCase(
                started_at=started, day=day, window=windows[w_index], clerk=w_index, matter=m_index,
                applicant=rng.randrange(parties), agent=rng.randrange(persons) if rng.random() < 0.1 else None,
                outcome=outcome, decided_at=decided,
                states=_states(rng, matter, missing=missing, tick=outcome not in ("reject",),
                               deferral_latest=deferral_latest, day=day))
            if outcome in ("supplement_accept", "supplement_reject"):
                back = calendar.add_working_days(day, rng.randint(1, 5) if outcome == "supplement_accept"
                                                 else SUPPLEMENT_OPEN_WINDOW + 1)
                back_at = clock.to_utc(_hall_time(rng, back))
                if back > today or back_at >= clock.to_utc(now_local):
                    case.outcome = "supplement_open"  # the citizen has not come back yet
                else:
                    case.resumed_at = max(back_at, decided + dt.timedelta(minutes=1))
            if case.outcome == "reject":
                case.reason = rng.choice(REJECTION_REASONS)
            elif case.outcome == "supplement_reject":
                case.reason = "逾期未补正材料"
            yield case
