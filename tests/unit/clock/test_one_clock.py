"""One clock: every business date and time shown is the hall's, whatever zone the PC is left on.

Each test runs with the PC's zone (TZ) set to Asia/Shanghai, UTC and America/Los_Angeles. The
clock stands at 23:30 UTC on 24 November: 07:30 on Wednesday 25 November in the hall, still the
24th in UTC and in Los Angeles — the morning hour at which a PC left on UTC used to number a case
with yesterday's date and count its due date from the wrong day.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.domain.reports import ReportPeriod
from desktop.services.accounts.auth import CurrentUser
from desktop.services.applications.list_queries import ApplicationFilter, ApplicationQueries
from desktop.services.demo.seed import seed_demo
from desktop.services.intake.service import IntakeService
from desktop.services.papers.records import PrintRecords
from desktop.services.reports import ReportService
from desktop.store.models import User
from tests.unit.intake.conftest import Clock, add_matter, person_form, provide_all
from tests.unit.printing.conftest import flat, pdf_pages

pytestmark = pytest.mark.usefixtures("pc_time_zone")

MORNING = dt.datetime(2026, 11, 24, 23, 30)  # 07:30 on 25 November in Beijing
HALL_DAY = dt.date(2026, 11, 25)


def _user(ctx, name: str, role: str) -> CurrentUser:
    with ctx.db.transaction() as s:
        user = User(username=name, display_name=name, role=role, password_hash="x")
        s.add(user)
        s.flush()
        return CurrentUser(user.id, user.username, user.display_name, user.role)


@pytest.fixture
def accepted(ctx):
    ctx.clock = Clock(MORNING)
    add_matter(ctx, "M-LIC", promised_days=5)
    intake = IntakeService(ctx)
    clerk = _user(ctx, "clerk1", "clerk")
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    return intake, intake.accept(clerk, view.uuid)


def test_the_acceptance_number_and_due_date_count_from_the_halls_day(ctx, accepted):
    intake, decision = accepted
    assert intake.today() == HALL_DAY
    assert "-20261125-" in decision.acceptance_no
    assert decision.due_date == dt.date(2026, 12, 2)  # five working days after Wednesday the 25th


def test_a_receipt_shows_the_halls_wall_clock(ctx, accepted):
    _, decision = accepted
    text = flat("".join(pdf_pages(PrintRecords(ctx).prepare(decision.uuid, "receipt").rendered.pdf)))
    assert "2026年11月25日07:30" in text


def test_the_list_and_the_report_put_the_case_on_the_halls_day(ctx, accepted):
    boss = _user(ctx, "boss", "supervisor")
    rows = ApplicationQueries(ctx).page(ApplicationFilter(date_from=HALL_DAY, date_to=HALL_DAY)).rows
    assert len(rows) == 1
    report = ReportService(ctx).build(boss, ReportPeriod.day(HALL_DAY))
    assert report.total == 1
    assert ReportService(ctx).build(boss, ReportPeriod.day(HALL_DAY - dt.timedelta(days=1))).total == 0


def test_a_hall_in_another_zone_uses_its_own_day(ctx, config):
    urumqi = config.replace("hall", time_zone="Asia/Urumqi")  # UTC+6 in the IANA database
    ctx.config = urumqi
    ctx.__post_init__()
    ctx.clock = Clock(dt.datetime(2026, 11, 24, 17, 30))  # 23:30 in Urumqi, already the 25th in Beijing
    assert ctx.today() == dt.date(2026, 11, 24)


@pytest.mark.slow
def test_a_seeded_hall_on_a_utc_pc_has_no_due_date_before_its_entry_day(ctx):
    ctx.clock = lambda: dt.datetime(2026, 11, 25, 8, 30)
    seed_demo(ctx, matters=8, applications=30, days=6, windows=2, seed=5, bulk=False)
    conn = sqlite3.connect(ctx.config.db_path)
    try:
        rows = conn.execute("SELECT a.acceptance_no, a.created_at, a.due_date, min(e.at) FROM application a "
                            "JOIN application_event e ON e.application_id = a.id AND e.to_status != 'draft' "
                            "WHERE a.acceptance_no IS NOT NULL GROUP BY a.id").fetchall()
    finally:
        conn.close()
    assert rows
    clock = ctx.hall_clock
    for number, created, due, first_decision in rows:
        entry_day = clock.date_of(dt.datetime.fromisoformat(created))
        assert number.split("-")[2] == f"{clock.date_of(dt.datetime.fromisoformat(first_decision)):%Y%m%d}"
        assert due is None or dt.date.fromisoformat(due) >= entry_day, number
