from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.acceptance_no import (
    AcceptanceNo,
    AcceptanceNoError,
    format_acceptance_no,
    looks_like_acceptance_no,
    parse_acceptance_no,
)


def test_number_reads_region_window_day_and_sequence():
    assert format_acceptance_no("620100", "W03", dt.date(2026, 11, 25), 7) == "620100-W03-20261125-0007"
    assert parse_acceptance_no(" 620100-w03-20261125-0007 ") == AcceptanceNo("620100", "W03", dt.date(2026, 11, 25), 7)


def test_sequence_widens_past_four_digits():
    assert format_acceptance_no("620100", "W03", dt.date(2026, 11, 25), 12345).endswith("-12345")


@pytest.mark.parametrize("text", ["", "620100-W03-20261125", "620100-W03-20261332-0001", "62010-W03-20261125-0001",
                                  "620100-W03-20261125-0000"])
def test_malformed_numbers_are_refused_with_a_reason(text):
    with pytest.raises(AcceptanceNoError):
        parse_acceptance_no(text)


@given(st.text("0123456789", min_size=6, max_size=6), st.from_regex(r"[A-Z][A-Z0-9]{1,7}", fullmatch=True),
       st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)), st.integers(1, 999_999))
def test_format_and_parse_round_trip(region, window, day, seq):
    text = format_acceptance_no(region, window, day, seq)
    assert looks_like_acceptance_no(text)
    assert parse_acceptance_no(text) == AcceptanceNo(region, window, day, seq)
