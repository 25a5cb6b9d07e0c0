"""The hall's clock: conversions between stored UTC and the hall's wall clock, whatever the PC's zone."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.config import ConfigError, load_config
from desktop.domain.hall_clock import HallClock, UnknownTimeZone

pytestmark = pytest.mark.usefixtures("pc_time_zone")

BEIJING = HallClock("Asia/Shanghai")


def test_half_past_seven_in_the_morning_in_beijing_is_still_yesterday_in_utc():
    stored = dt.datetime(2026, 11, 24, 23, 30)
    assert BEIJING.local(stored) == dt.datetime(2026, 11, 25, 7, 30)
    assert BEIJING.date_of(stored) == dt.date(2026, 11, 25)
    assert BEIJING.to_utc(dt.datetime(2026, 11, 25, 7, 30)) == stored


def test_a_hall_day_is_the_utc_interval_from_sixteen_hundred_the_day_before():
    assert BEIJING.days_utc(dt.date(2026, 11, 25), dt.date(2026, 11, 25)) == (
        dt.datetime(2026, 11, 24, 16, 0), dt.datetime(2026, 11, 25, 16, 0))
    assert BEIJING.sqlite_modifier(dt.datetime(2026, 11, 25)) == "+480 minutes"


def test_another_zone_follows_its_own_rules_including_daylight_saving():
    berlin = HallClock("Europe/Berlin")
    assert berlin.local(dt.datetime(2026, 7, 1, 12, 0)) == dt.datetime(2026, 7, 1, 14, 0)
    assert berlin.local(dt.datetime(2026, 12, 1, 12, 0)) == dt.datetime(2026, 12, 1, 13, 0)


def test_an_unknown_zone_is_refused_and_the_config_names_the_key(tmp_path):
    with pytest.raises(UnknownTimeZone):
        HallClock("Mars/Olympus")
    settings = tmp_path / "p.toml"
    settings.write_text('[hall]\ntime_zone = "Beijing"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[hall\] time_zone"):
        load_config(provisioning=settings, data_dir=tmp_path, search_default_provisioning=False)


def test_the_default_hall_zone_is_beijing(tmp_path):
    assert load_config(data_dir=tmp_path, search_default_provisioning=False).hall.time_zone == "Asia/Shanghai"


def test_platform_stamps_become_naive_utc_whatever_offset_they_carry():
    from desktop.domain.hall_clock import parse_utc

    stored = dt.datetime(2026, 11, 24, 23, 30)
    assert parse_utc("2026-11-24T23:30:00Z") == stored
    assert parse_utc("2026-11-25T07:30:00+08:00") == stored
    assert parse_utc("2026-11-24T23:30:00") == stored  # naive: our own files write UTC
    with pytest.raises(ValueError):
        parse_utc("yesterday")


def test_the_halls_today_is_the_day_in_the_hall_not_on_the_pc():
    """ID checks and the party form ask this 'today': on a PC left on UTC or in Los Angeles it is
    still the day in Beijing (fixed UTC+8)."""
    before = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()
    today = BEIJING.today()
    after = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()
    assert today in (before, after)
