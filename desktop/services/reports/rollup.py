"""The report's numbers read from the report facts (see :mod:`desktop.services.reports.facts`).

A period is a union of aligned day blocks; every number is a sum of the counters of those
blocks, so its cost depends on how many keys (matters, clerks, buckets…) the period has,
not on how many applications. Percentiles stay exact: the counters per duration bin say
which bin holds the wanted rank, and only that bin's cases are read and sorted.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.reports import BUCKETS, BucketCounts, GroupRow, ReportPeriod
from desktop.services.reports import facts


@dataclass
class PeriodNumbers:
    """Everything of a report that depends on the period's applications (not on open cases or sync)."""

    totals: BucketCounts
    immediate: int
    supplemented: int
    decided: int
    by_hour: tuple[int, ...]
    by_day: tuple[tuple[dt.date, int], ...]
    groups: dict[str, list[tuple[Any, str, BucketCounts]]] = field(default_factory=dict)  # dim -> (key, label, counts)
    secs_bins: list[tuple[int, int]] = field(default_factory=list)  # (bin, count) in bin order


def _runs(period: ReportPeriod) -> list[tuple[int, int, int]]:
    """(span, first block, last block): the period's blocks as runs of consecutive blocks of one span."""
    runs: list[list[int]] = []
    for span, block in facts.blocks(period.start, period.end):
        if runs and runs[-1][0] == span and runs[-1][2] + span == block:
            runs[-1][2] = block
        else:
            runs.append([span, block, block])
    return [(span, lo, hi) for span, lo, hi in runs]


def _counters(dims: tuple[str, ...], runs: list[tuple[int, int, int]], window_id: str | None) -> str:
    """The counter rows of ``dims`` in the blocks of ``runs``: one index range per run, glued together."""
    dim_list = ", ".join(f"'{d}'" for d in dims)
    window = " AND window_id = :window" if window_id else ""
    return " UNION ALL ".join(
        f"SELECT dim, block, key, label, {', '.join(facts.COUNTS)} FROM report_rollup "
        f"WHERE scope = :scope AND dim IN ({dim_list}) "
        f"AND span = {span} AND block BETWEEN {lo} AND {hi}{window}" for span, lo, hi in runs)


def period_numbers(s: Session, period: ReportPeriod, window_id: str | None,
                   scope: str = facts.SCOPE_LOCAL) -> PeriodNumbers:
    conn = s.connection()
    params = {"scope": scope, "window": window_id}
    sums = ", ".join(f"sum({c})" for c in facts.COUNTS)
    rows = conn.exec_driver_sql(
        f"SELECT dim, key, label, {sums} FROM ({_counters(facts.DIMENSIONS, _runs(period), window_id)}) "
        "GROUP BY dim, key, label HAVING sum(n) <> 0", params).all()
    totals = BucketCounts()
    flags: dict[str, int] = defaultdict(int)
    hours = [0] * 24
    bins: dict[int, int] = defaultdict(int)
    grouped: dict[str, dict[Any, list[int]]] = {d: {} for d in facts.BUCKETED}
    labels: dict[Any, str] = {}
    for dim, key, label, n, *by_bucket in rows:
        if dim in facts.BUCKETED:
            into = grouped[dim].setdefault(key, [0] * len(BUCKETS))
            for i, count in enumerate(by_bucket):
                into[i] += int(count)
            if dim == "matter" and label > labels.get(key, ""):
                labels[key] = label
        elif dim == "hour":
            hours[int(key)] += int(n)
        elif dim == "secs":
            bins[int(key)] += int(n)
        else:
            flags[dim] += int(n)
    if "" in grouped["bucket"]:
        totals = BucketCounts(*grouped["bucket"][""])
    days = [(1, facts.day_number(period.start), facts.day_number(period.end))]
    by_day = tuple((facts.day_of(int(block)), int(n)) for block, n in conn.exec_driver_sql(
        f"SELECT block, sum(n) FROM ({_counters(('bucket',), days, window_id)}) GROUP BY block "
        "HAVING sum(n) <> 0 ORDER BY block", params).all())
    numbers = PeriodNumbers(totals=totals, immediate=flags["immediate"], supplemented=flags["supplemented"],
                            decided=sum(bins.values()), by_hour=tuple(hours), by_day=by_day,
                            secs_bins=sorted(bins.items()))
    for dim, keyed in grouped.items():
        if dim == "bucket":
            continue
        out = []
        for key, by_bucket in keyed.items():
            counts = BucketCounts(*by_bucket)
            if counts.total:
                out.append((key, labels.get(key, "") if dim == "matter" else "", counts))
        out.sort(key=lambda g: (-g[2].total, g[0]))  # the scan's ORDER BY count(*) DESC, key
        numbers.groups[dim] = out
    return numbers


def matters(numbers: PeriodNumbers) -> tuple[GroupRow, ...]:
    return tuple(GroupRow(key, label, counts) for key, label, counts in numbers.groups["matter"])


def departments(numbers: PeriodNumbers) -> tuple[GroupRow, ...]:
    return tuple(GroupRow(key, key or "（未填部门）", counts) for key, _label, counts in numbers.groups["department"])


def clerk_counts(numbers: PeriodNumbers) -> list[tuple[int, BucketCounts]]:
    return [(key, counts) for key, _label, counts in numbers.groups["clerk"]]


def duration_percentiles(s: Session, numbers: PeriodNumbers, period: ReportPeriod, window_id: str | None,
                         ps: tuple[float, ...], scope: str = facts.SCOPE_LOCAL) -> list[float | None]:
    """Exact percentiles of decision seconds (the definition of :func:`desktop.domain.reports.percentile`).

    The rank(s) each percentile needs are located in the per-bin counts; only those bins'
    cases are read, sorted, and indexed.
    """
    n = numbers.decided
    if n == 0:
        return [None for _ in ps]
    starts: list[tuple[int, int, int]] = []  # (bin, first rank in it, count)
    rank = 0
    for bin_, count in numbers.secs_bins:
        starts.append((bin_, rank, count))
        rank += count
    sql = ("SELECT secs FROM report_case WHERE scope = :scope AND secs_bin = :bin AND day BETWEEN :lo AND :hi"
           + (" AND window_id = :window" if window_id else "") + " ORDER BY secs")
    params: dict[str, Any] = {"scope": scope, "lo": facts.day_number(period.start),
                              "hi": facts.day_number(period.end), "window": window_id}
    cache: dict[int, list[float]] = {}
    conn = s.connection()

    def value(r: int) -> float:
        bin_, first, _count = next(b for b in reversed(starts) if b[1] <= r)
        if bin_ not in cache:
            cache[bin_] = [float(v) for (v,) in conn.exec_driver_sql(sql, params | {"bin": bin_}).all()]
        return cache[bin_][r - first]

    result: list[float | None] = []
    for p in ps:
        h = (n - 1) * p
        lo_i = int(h)
        hi_i = min(lo_i + 1, n - 1)
        lo_v = value(lo_i)
        result.append(lo_v + (h - lo_i) * (value(hi_i) - lo_v))
    return result


def modifier_in_use(s: Session) -> str | None:
    row = s.connection().exec_driver_sql("SELECT modifier FROM report_clock WHERE id = 1").first()
    return row[0] if row else None
