"""The daily report's numbers on a hand-built hall whose answers are worked out in the comments."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.reports import Drill, ReportPeriod
from desktop.services.accounts.auth import PermissionDenied

pytestmark = pytest.mark.usefixtures("pc_time_zone")  # business dates must not follow the PC's zone

DAY = ReportPeriod.day(dt.date(2026, 11, 25))  # a Wednesday; "now" is 18:00 that day


@pytest.fixture
def seeded(hall):
    a = hall.app
    a(created="2026-11-25 09:05", decided_after_min=10, due=dt.date(2026, 12, 2))           # 1 accepted
    a(created="2026-11-25 09:40", decided_after_min=5, status="completed", immediate=True)  # 2 即办办结
    a(created="2026-11-25 10:10", decided_after_min=20, status="supplement_requested", clerk="wang",
      matter="M2", matter_name="社保登记", department="人社局")                               # 3 补正
    a(created="2026-11-25 10:50", decided_after_min=30, status="rejected", clerk="wang",
      matter="M2", matter_name="社保登记", department="人社局")                               # 4 不予受理
    a(created="2026-11-25 14:00", decided_after_min=15, status="transferred", due=dt.date(2026, 11, 27))  # 5
    a(created="2026-11-25 15:30", decided_after_min=60, status="completed", matter="M3",
      matter_name="不动产登记", department="自然资源局")                                      # 6 已办结
    a(created="2026-11-25 16:00", decided_after_min=40, supplement_event=True, sync_state="pending",
      outbox_state="pending")                                                               # 7 补正后受理
    a(created="2026-11-25 11:00", status="draft", decided_after_min=None)                   # 8 draft: not counted
    a(created="2026-11-25 00:00", window="W02")                                             # 9 first instant of the day
    a(created="2026-11-24 23:59")                                                           # 10 previous day
    a(created="2026-11-26 00:00")                                                           # 11 next day
    a(created="2026-11-10 10:00", due=dt.date(2026, 11, 20))                                # 12 overdue 3 wd
    a(created="2026-11-01 10:00", status="completed", due=dt.date(2026, 11, 1))            # 13 closed: not overdue
    a(created="2026-11-12 10:00", status="transferred", window="W02", due=dt.date(2026, 11, 24))  # 14 overdue 1 wd
    return hall


def test_status_buckets_partition_the_days_applications(service, supervisor, seeded):
    r = service.build(supervisor, DAY)
    assert dict((b, n) for b, _, n in r.totals.items()) == {
        "accepted": 3, "immediate_done": 1, "supplement": 1, "rejected": 1, "transferred": 1, "completed": 1}
    assert r.total == 8


def test_day_boundary_is_beijing_midnight_not_utc_midnight(service, supervisor, seeded):
    r = service.build(supervisor, DAY)
    assert r.by_hour[0] == 1  # 00:00 local (16:00 UTC the day before) belongs to the 25th
    two_days = service.build(supervisor, ReportPeriod(dt.date(2026, 11, 24), dt.date(2026, 11, 25)))
    assert two_days.total == 9
    assert two_days.by_day == ((dt.date(2026, 11, 24), 1), (dt.date(2026, 11, 25), 8))
    assert service.build(supervisor, ReportPeriod.day(dt.date(2026, 11, 26))).total == 1


def test_immediate_promised_and_supplement_rate(service, supervisor, seeded):
    r = service.build(supervisor, DAY)
    assert (r.immediate, r.promised) == (1, 7)
    assert r.supplemented == 2  # one still waiting, one accepted after a supplement request
    assert r.supplement_rate == pytest.approx(0.25)


def test_median_and_p90_time_to_decision_interpolate(service, supervisor, seeded):
    # minutes 5 10 10 15 20 30 40 60 -> median (15+20)/2 = 17.5; p90 at rank 6.3 -> 40 + .3*20 = 46
    r = service.build(supervisor, DAY)
    assert r.decided == 8
    assert r.median_seconds == pytest.approx(17.5 * 60, abs=0.01)
    assert r.p90_seconds == pytest.approx(46 * 60, abs=0.01)


def test_breakdowns_by_hour_matter_department_and_clerk(service, supervisor, seeded):
    r = service.build(supervisor, DAY)
    assert {h: n for h, n in enumerate(r.by_hour) if n} == {0: 1, 9: 2, 10: 2, 14: 1, 15: 1, 16: 1}
    assert [(g.key, g.label, g.counts.total) for g in r.by_matter] == [
        ("M1", "个体工商户登记", 5), ("M2", "社保登记", 2), ("M3", "不动产登记", 1)]
    assert [(g.label, g.counts.total) for g in r.by_department] == [("市场监管局", 5), ("人社局", 2), ("自然资源局", 1)]
    assert [(g.label, g.counts.total, g.counts.rejected) for g in r.by_clerk] == [("李窗口", 6, 0), ("王窗口", 2, 1)]


def test_overdue_and_due_soon_count_open_cases_in_working_days(service, supervisor, seeded):
    r = service.build(supervisor, DAY)
    assert r.as_of == dt.date(2026, 11, 25)
    assert r.overdue_count == 2
    assert [(i.due_date, i.working_days) for i in r.overdue] == [(dt.date(2026, 11, 20), 3),
                                                                 (dt.date(2026, 11, 24), 1)]
    assert r.due_soon_count == 1 and r.due_soon[0].working_days == 2
    assert r.due_soon[0].applicant == "张*丰"  # masked in the report


def test_one_window_filters_every_number(service, supervisor, seeded):
    r = service.build(supervisor, DAY, "W01")
    assert r.total == 7 and r.by_hour[0] == 0
    assert r.overdue_count == 1
    assert service.windows(supervisor) == ["W01", "W02"]


def test_sync_health_counts_pending_and_parked_work(service, supervisor, seeded):
    r = service.build(supervisor, DAY)
    assert (r.sync.app_pending, r.sync.app_parked, r.sync.outbox_pending) == (1, 0, 1)
    assert r.sync.app_local == 13


def test_a_day_without_applications_is_a_valid_empty_report(service, supervisor, seeded):
    r = service.build(supervisor, ReportPeriod.day(dt.date(2026, 11, 22)))
    assert r.is_empty and r.total == 0
    assert r.supplement_rate is None and r.median_seconds is None and r.p90_seconds is None
    assert r.by_hour == (0,) * 24 and r.by_matter == () and r.by_day == ()


def test_drill_down_lists_exactly_the_applications_behind_a_number(service, supervisor, seeded):
    r = service.build(supervisor, DAY)
    for drill, expected in [(Drill("all"), r.total), (Drill("bucket", "accepted"), 3), (Drill("matter", "M2"), 2),
                            (Drill("hour", "9"), 2), (Drill("supplemented"), 2), (Drill("immediate"), 1),
                            (Drill("overdue"), 2), (Drill("due_soon"), 1), (Drill("sync", "pending"), 1),
                            (Drill("department", "人社局"), 2), (Drill("day", "2026-11-25"), 8)]:
        listed = service.applications(supervisor, DAY, None, drill)
        assert listed.total == len(listed.lines) == expected, drill
    rejected = service.applications(supervisor, DAY, None, Drill("bucket", "rejected")).lines[0]
    assert rejected.applicant_name == "张*丰" and "*" in rejected.applicant_id and rejected.applicant_phone == "138****5678"
    assert rejected.status_label == "不予受理"


def test_clerks_cannot_open_reports(service, hall, seeded):
    clerk = hall.user("xiao", "clerk")
    with pytest.raises(PermissionDenied):
        service.build(clerk, DAY)
    with pytest.raises(PermissionDenied):
        service.applications(clerk, DAY, None, Drill("all"))
    with pytest.raises(PermissionDenied):
        service.windows(clerk)
