"""The report's counters (report facts) always say what a scan of the applications says.

They are kept by triggers in the transaction of every change, so these tests change cases the
ways the app and its tools do — the ORM, raw SQL, events, deletions — and compare the report
with a brute-force count, and with the scan the report used before the counters existed
(``queries.materialized`` and its aggregates): the numbers must be identical, not close.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3

import pytest
from sqlalchemy import select, text

from desktop.domain.reports import ReportPeriod
from desktop.services.maintenance.db_check import run_checks
from desktop.services.reports import facts
from desktop.services.reports import queries as q
from desktop.store.models import Application, ApplicationEvent
from tests.unit.reports.test_report_random import _compare, _rows, _seed

PERIODS = [ReportPeriod.day(dt.date(2026, 11, 24)), ReportPeriod(dt.date(2026, 11, 23), dt.date(2026, 11, 26)),
           ReportPeriod(dt.date(2026, 10, 1), dt.date(2026, 11, 30)), ReportPeriod(dt.date(2025, 12, 1),
                                                                                  dt.date(2026, 11, 30))]


def _mutate(ctx, rng: random.Random, n: int) -> None:
    """Change cases the way intake, the status pull and maintenance tools do."""
    with ctx.db.transaction() as s:
        ids = list(s.execute(select(Application.id)).scalars())
        for app_id in rng.sample(ids, min(n, len(ids))):
            app = s.get(Application, app_id)
            assert app is not None
            move = rng.choice(["status", "decided", "matter", "event", "raw", "window"])
            if move == "status":
                new = rng.choice(["accepted", "supplement_requested", "rejected", "transferred", "completed"])
                s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status=new,
                                       at=app.created_at, source="server"))
                app.status = new
            elif move == "decided":
                app.decided_at = app.created_at + dt.timedelta(seconds=rng.uniform(1, 20_000))
            elif move == "matter":
                app.matter_name = rng.choice(["个体工商户登记（新）", "户口迁移", app.matter_name])
            elif move == "event":
                s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status="supplement_requested",
                                       at=app.created_at, source="window"))
            elif move == "window":
                app.window_id = rng.choice(["W01", "W02", "W03"])
            else:
                s.flush()
                s.execute(text("UPDATE application SET status = :st, immediate = NOT immediate WHERE id = :id"),
                          {"st": rng.choice(["completed", "draft", "accepted"]), "id": app.id})
                s.expire(app)
        s.flush()
        drafts = list(s.execute(select(Application.id).where(Application.status == "draft")).scalars())
        for app_id in drafts[: n // 10]:
            s.execute(text("DELETE FROM application_event WHERE application_id = :id"), {"id": app_id})
            s.execute(text("DELETE FROM application WHERE id = :id"), {"id": app_id})


def _scan(ctx, period: ReportPeriod, window: str | None) -> dict:
    """The report's period numbers by the scan it used before the counters existed."""
    with ctx.db.session() as s, q.materialized(s, q.population(period, window)) as pop:
        summary = q.summary(s, pop)
        return {"totals": summary["totals"], "immediate": summary["immediate"], "promised": summary["promised"],
                "supplemented": summary["supplemented"], "decided": summary["decided"],
                "percentiles": q.duration_percentiles(s, pop, (0.5, 0.9)), "by_hour": q.by_hour(s, pop),
                "by_day": q.by_day(s, pop), "by_matter": q.by_matter(s, pop),
                "by_department": q.by_department(s, pop), "by_clerk": q.by_clerk(s, pop)}


def _counted(report) -> dict:
    return {"totals": report.totals, "immediate": report.immediate, "promised": report.promised,
            "supplemented": report.supplemented, "decided": report.decided,
            "percentiles": [report.median_seconds, report.p90_seconds], "by_hour": report.by_hour,
            "by_day": report.by_day, "by_matter": report.by_matter, "by_department": report.by_department,
            "by_clerk": report.by_clerk}


def _facts_match_the_cases(ctx) -> None:
    conn = sqlite3.connect(ctx.config.db_path)
    try:
        assert facts.check(conn) is None
    finally:
        conn.close()


@pytest.mark.parametrize("seed", [11, 12])
def test_counters_give_the_scans_numbers_exactly_after_every_kind_of_change(ctx, hall, service, supervisor, seed):
    rng = random.Random(seed)
    _seed(hall, rng, 250)
    for round_ in range(3):
        if round_:
            _mutate(ctx, rng, 60)
        _facts_match_the_cases(ctx)
        for period in PERIODS:
            for window in (None, "W02"):
                assert _counted(service.build(supervisor, period, window)) == _scan(ctx, period, window), \
                    (round_, period, window)
        apps, supp, users = _rows(ctx.config.db_path)
        _compare(service, supervisor, apps, supp, users, None)


def test_a_period_is_a_few_aligned_blocks_that_cover_it_exactly():
    rng = random.Random(5)
    for _ in range(300):
        first = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        last = first + dt.timedelta(days=rng.randint(0, 1000))
        days: list[int] = []
        for span, block in facts.blocks(first, last):
            assert block % span == 0
            days += range(block, block + span)
        assert days == list(range(facts.day_number(first), facts.day_number(last) + 1))
        assert len(facts.blocks(first, last)) <= 2 * 7 * len(facts.SPANS)
    assert len(facts.blocks(dt.date(2025, 11, 26), dt.date(2026, 11, 25))) <= 30  # a year


def test_another_store_of_cases_keeps_the_same_counters_through_record_case_change(ctx, hall, supervisor):
    """The hall cache's path: values in, the same counters out as the triggers keep for local cases."""
    _seed(hall, random.Random(3), 120)
    _mutate(ctx, random.Random(4), 40)
    cols = ", ".join(facts.CASE_COLUMNS)
    with ctx.db.transaction() as s:
        conn = s.connection()
        sup = dict(conn.exec_driver_sql("SELECT case_id, supplemented FROM report_case WHERE scope = 'local'").all())
        for row in conn.exec_driver_sql(f"SELECT id, {cols} FROM application").all():
            values = dict(zip(("id", *facts.CASE_COLUMNS), row, strict=True))
            for k in ("created_at", "decided_at"):
                values[k] = dt.datetime.fromisoformat(values[k]) if values[k] else None
            case = facts.CaseValues(**{k: values[k] for k in facts.CASE_COLUMNS}, supplemented=bool(sup[row[0]]))
            draft = dataclasses.replace(case, status="draft", supplemented=False)
            facts.record_case_change(conn, "hall", row[0], None, draft)  # first seen as a draft…
            facts.record_case_change(conn, "hall", row[0], draft, case)  # …then as it is now
        rows = {scope: sorted(conn.exec_driver_sql(
            f"SELECT {facts.ROLLUP_KEY}, {', '.join(facts.COUNTS)} FROM report_rollup "
            "WHERE scope = ? AND n <> 0", (scope,)).all()) for scope in ("local", "hall")}
    assert [r[1:] for r in rows["hall"]] == [r[1:] for r in rows["local"]]


def test_db_check_reports_counters_that_disagree_with_the_cases(ctx, hall):
    hall.app(created="2026-11-24 10:00", status="accepted")
    assert all(f.ok for f in run_checks(ctx.config.db_path) if "report" in f.name)
    with ctx.db.transaction() as s:
        s.execute(text("UPDATE report_rollup SET n = n + 1, accepted = accepted + 1 WHERE dim = 'bucket'"))
    found = [f for f in run_checks(ctx.config.db_path) if "report" in f.name]
    assert found and not found[0].ok and "differ" in found[0].detail


def test_a_lost_trigger_or_another_hall_clock_rebuilds_the_counters_before_the_report(ctx, hall, service, supervisor):
    hall.app(created="2026-11-24 07:30", status="accepted")  # 23:30 UTC the day before: the clock matters
    period = ReportPeriod.day(dt.date(2026, 11, 24))
    with ctx.db.transaction() as s:
        s.execute(text("DROP TRIGGER report_facts_ai"))
        s.execute(text("UPDATE report_clock SET modifier = '+0 hours'"))
    hall.app(created="2026-11-24 09:00", status="rejected")  # not counted by any trigger
    report = service.build(supervisor, period)
    assert report.total == 2 and report.totals.rejected == 1
    _facts_match_the_cases(ctx)
    assert _counted(report) == _scan(ctx, period, None)


def test_the_upgrade_builds_the_counters_of_the_applications_already_stored(tmp_path):
    from tests.unit.store.test_migrations import POPULATE, _upgrade_to

    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, "0005")
    conn = sqlite3.connect(db)
    POPULATE["0005"](conn)
    conn.execute("INSERT INTO application_event (application_id, from_status, to_status, at, source, note) "
                 "VALUES (1, 'draft', 'supplement_requested', '2026-11-20 02:00:00', 'window', '补正')")
    conn.commit()
    _upgrade_to(db, "head")
    try:
        assert facts.check(conn) is None
        totals = dict(conn.execute("SELECT dim, sum(n) FROM report_rollup WHERE span = 1 GROUP BY dim").fetchall())
        assert totals["bucket"] == 1 and totals["supplemented"] == 1 and totals["secs"] == 1
    finally:
        conn.close()
