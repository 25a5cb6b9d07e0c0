"""A randomized hall: every number of the SQL report equals a brute-force count in plain Python.

The brute force reads raw rows with sqlite3 and uses zoneinfo's Asia/Shanghai (not the
report's fixed offset) to place each application on its local day.
"""
from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.reports import BUCKETS, Drill, ReportPeriod, bucket_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
STATUSES = ["draft", "accepted", "supplement_requested", "rejected", "transferred", "completed"]


def _seed(hall, rng: random.Random, n: int) -> None:
    hall.user("zhou", "clerk", "周窗口")
    with hall.batch():
        _seed_rows(hall, rng, n)


def _seed_rows(hall, rng: random.Random, n: int) -> None:
    for _ in range(n):
        day = dt.date(2026, 11, 23) + dt.timedelta(days=rng.randint(0, 3))
        # cluster some times right at local midnight to exercise the boundary
        minute = rng.choice([0, 1, 1439, rng.randint(0, 1439)])
        created = f"{day} {minute // 60:02d}:{minute % 60:02d}"
        status = rng.choice(STATUSES)
        hall.app(created=created, status=status, immediate=rng.random() < 0.4, clerk=rng.choice(["li", "wang", "zhou"]),
                 window=rng.choice(["W01", "W02", "W03"]), matter=rng.choice(["M1", "M2", "M3", "M4"]),
                 department=rng.choice(["市场监管局", "人社局", ""]),
                 decided_after_min=None if rng.random() < 0.1 else rng.uniform(0, 300),
                 due=day + dt.timedelta(days=rng.randint(-10, 10)) if rng.random() < 0.8 else None,
                 supplement_event=rng.random() < 0.2, sync_state=rng.choice(["local", "pending", "synced", "parked"]))


def _rows(db_path):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        apps = [dict(r) for r in conn.execute("SELECT * FROM application")]
        supp = {r[0] for r in conn.execute(
            "SELECT application_id FROM application_event WHERE to_status='supplement_requested'")}
        users = {r[0]: r[1] or r[2] for r in conn.execute("SELECT id, display_name, username FROM user")}
    finally:
        conn.close()
    for a in apps:
        for k in ("created_at", "decided_at"):
            a[k] = dt.datetime.fromisoformat(a[k]) if a[k] else None
        a["due_date"] = dt.date.fromisoformat(a["due_date"]) if a["due_date"] else None
        a["local"] = a["created_at"].replace(tzinfo=dt.UTC).astimezone(SHANGHAI)
    return apps, supp, users


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_report_matches_brute_force(ctx, hall, service, supervisor, seed):
    _seed(hall, random.Random(seed), 200)
    apps, supp, users = _rows(ctx.config.db_path)
    for window in (None, "W02"):
        _compare(service, supervisor, apps, supp, users, window)


def _compare(service, supervisor, apps, supp, users, window) -> None:
    period = ReportPeriod(dt.date(2026, 11, 24), dt.date(2026, 11, 25))
    r = service.build(supervisor, period, window)

    in_window = [a for a in apps if window is None or a["window_id"] == window]
    counted = [a for a in in_window if a["status"] != "draft" and period.start <= a["local"].date() <= period.end]
    buckets = Counter(bucket_of(a["status"], bool(a["immediate"])) for a in counted)
    assert {b: r.totals.get(b) for b in BUCKETS} == {b: buckets.get(b, 0) for b in BUCKETS}
    assert r.immediate == sum(1 for a in counted if a["immediate"])
    assert r.supplemented == sum(1 for a in counted if a["status"] == "supplement_requested" or a["id"] in supp)
    assert r.by_hour == tuple(sum(1 for a in counted if a["local"].hour == h) for h in range(24))
    assert dict(r.by_day) == dict(Counter(a["local"].date() for a in counted))
    assert {g.key: g.counts.total for g in r.by_matter} == dict(Counter(a["matter_code"] for a in counted))
    assert {g.label: g.counts.total for g in r.by_clerk} == dict(Counter(users[a["clerk_id"]] for a in counted))

    durations = sorted((a["decided_at"] - a["created_at"]).total_seconds() for a in counted if a["decided_at"])
    assert r.decided == len(durations)
    if len(durations) >= 2:
        q = statistics.quantiles(durations, n=10, method="inclusive")
        assert r.median_seconds == pytest.approx(statistics.median(durations), abs=0.01)
        assert r.p90_seconds == pytest.approx(q[8], abs=0.01)

    open_ = [a for a in in_window if a["status"] in ("accepted", "transferred") and a["due_date"]]
    overdue = [a for a in open_ if a["due_date"] < r.as_of]
    assert r.overdue_count == len(overdue)
    cal = service.calendar
    soon = [a for a in open_ if a["due_date"] >= r.as_of and cal.working_days_between(r.as_of, a["due_date"]) <= 3]
    assert r.due_soon_count == len(soon)
    assert r.sync.app_parked == sum(1 for a in in_window if a["sync_state"] == "parked")
    assert service.applications(supervisor, period, window, Drill("all")).total == len(counted)
