"""Working-day arithmetic: the official 2026 calendar and generated properties."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.calendar import WorkCalendar, parse_calendar_document

BUNDLED = Path(__file__).resolve().parents[3] / "resources" / "calendar" / "cn-public-holidays.json"


def _bundled() -> WorkCalendar:
    years = parse_calendar_document(json.loads(BUNDLED.read_text(encoding="utf-8")))
    return WorkCalendar([d for h, _ in years.values() for d in h], [d for _, w in years.values() for d in w])


CAL = _bundled()
D = dt.date


def test_national_day_week_is_skipped():
    # 2026-09-30 is a Wednesday; 10-01..10-07 are holidays, so one working day later is Thursday 10-08.
    assert CAL.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert CAL.add_working_days(D(2026, 9, 30), 2) == D(2026, 10, 9)


def test_adjusted_saturday_counts_as_a_working_day():
    assert CAL.is_working_day(D(2026, 10, 10))  # Saturday, 调休
    assert CAL.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert CAL.is_working_day(D(2026, 9, 20)) and CAL.is_working_day(D(2026, 2, 14))


def test_mid_autumn_friday_and_spring_festival_are_rest_days():
    assert not CAL.is_working_day(D(2026, 9, 25))
    assert CAL.add_working_days(D(2026, 9, 24), 1) == D(2026, 9, 28)
    # Spring Festival: Fri 02-13 + 1 → Sat 02-14 (调休); +2 skips 02-15..02-23 → Tue 02-24.
    assert CAL.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)


def test_acceptance_day_does_not_count_and_zero_days_is_the_same_day():
    assert CAL.add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday → Monday
    assert CAL.add_working_days(D(2026, 11, 25), 0) == D(2026, 11, 25)
    assert CAL.add_working_days(D(2026, 11, 28), 1) == D(2026, 11, 30)  # accepted on a Saturday


def test_unknown_years_fall_back_to_weekends():
    assert CAL.is_working_day(D(2027, 10, 1))  # a Friday; 2027 holidays not yet published
    assert not CAL.is_working_day(D(2027, 10, 2))


def test_working_days_between_counts_half_open_range():
    assert CAL.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert CAL.working_days_between(D(2026, 10, 8), D(2026, 9, 30)) == -1
    assert CAL.working_days_between(D(2026, 11, 25), D(2026, 11, 25)) == 0


def test_a_day_cannot_be_both_holiday_and_workday():
    with pytest.raises(ValueError):
        WorkCalendar([D(2026, 1, 1)], [D(2026, 1, 1)])
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2026, 1, 1), -1)


def test_bundled_document_rejects_misfiled_dates():
    with pytest.raises(ValueError):
        parse_calendar_document({"years": {"2026": {"holidays": ["2025-01-01"]}}})


days = st.dates(min_value=D(2024, 12, 1), max_value=D(2027, 12, 31))
counts = st.integers(0, 60)


@given(days, counts)
def test_add_then_count_round_trips_and_lands_on_a_working_day(start, n):
    due = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, due) == n
    if n:
        assert CAL.is_working_day(due) and due > start


@given(days, days, counts)
def test_due_dates_are_monotone_in_start(a, b, n):
    a, b = min(a, b), max(a, b)
    assert CAL.add_working_days(a, n) <= CAL.add_working_days(b, n)


@given(days, counts, counts)
def test_due_dates_are_strictly_monotone_in_days(start, n, m):
    if n == m:
        return
    n, m = min(n, m), max(n, m)
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, m)


# --- years without official data --------------------------------------------------------


def test_the_app_knows_which_years_it_has_official_data_for():
    assert sorted(CAL.known_years) == [2025, 2026]  # 2027 is not published in our data: never invented


def test_a_count_that_runs_into_a_year_without_data_says_so():
    # 2026-12-31 + 1 working day = 2027-01-01 by Monday–Friday: no longer silent.
    assert CAL.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert CAL.unknown_years(D(2026, 12, 31), D(2027, 1, 1)) == [2027]
    assert CAL.unknown_years(D(2026, 12, 1), D(2026, 12, 31)) == []
    assert CAL.unknown_years(D(2026, 12, 31), D(2026, 12, 31)) == []  # 即办: nothing counted


@pytest.mark.parametrize(("today", "missing"), [
    (D(2026, 10, 31), None),   # before 1 November nobody is warned yet
    (D(2026, 11, 1), 2027),    # from 1 November: next year's arrangement is missing
    (D(2026, 12, 31), 2027),
    (D(2027, 3, 1), 2027),     # running in a year without data is worse: still said
])
def test_next_year_missing_from_the_first_of_november(today, missing):
    from desktop.domain.calendar import next_year_missing

    assert next_year_missing(CAL, today) == missing


def test_a_case_resumed_after_supplement_keeps_its_promised_days():
    from desktop.domain.calendar import promised_due_date

    # Notice on Monday 2026-11-16, accepted Friday 11-20: 4 paused working days, then 5 promised.
    assert promised_due_date(CAL, D(2026, 11, 20), 5, D(2026, 11, 16)) == (D(2026, 11, 27), 4)
    assert promised_due_date(CAL, D(2026, 11, 20), 5) == (D(2026, 11, 27), 0)


@pytest.mark.parametrize("doc", [
    {},                                                       # no years at all
    {"years": {"2027": {"holidays": []}}},                    # a year without a single holiday is not official
    {"years": {"2027": {"holidays": ["2026-12-31"]}}},        # a day filed under the wrong year
    {"years": {"2027": {"holidays": ["2027-01-01"], "adjusted_workdays": ["2027-01-01"]}}},
    {"years": {"twenty": {"holidays": ["2027-01-01"]}}},
])
def test_an_arrangement_that_is_not_official_data_is_refused(doc):
    with pytest.raises(ValueError):
        parse_calendar_document(doc)
