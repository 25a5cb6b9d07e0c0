"""The hall report says how fresh each window is and, plainly, when it is partial (this PC offline)."""
from __future__ import annotations

import datetime as dt

from desktop.domain.reports import ReportPeriod
from desktop.services.hall.report import HallReportService
from desktop.store.hall_models import HallWindow
from sync.state import set_value


def _pulled(ctx, at: dt.datetime) -> None:
    with ctx.db.transaction() as s:
        set_value(s, "hall.last_pull_at", at.isoformat(), at)
        set_value(s, "hall.lookup_key", "00" * 32, at)
        s.add(HallWindow(window_id="W07", last_seen_at=at - dt.timedelta(minutes=3), updated_at=at))


def test_a_fresh_hall_cache_names_each_windows_last_sync(ctx, clock):
    _pulled(ctx, clock.at - dt.timedelta(minutes=2))
    coverage = HallReportService(ctx).coverage("hall")
    assert not coverage.partial and coverage.note.startswith("大厅数据更新于")
    texts = [w.text(ctx.today()) for w in coverage.windows]
    assert any(t.startswith("W07 最后同步 ") for t in texts)


def test_an_old_pull_makes_the_report_partial_and_says_so(ctx, clock):
    _pulled(ctx, clock.at - dt.timedelta(hours=2))
    coverage = HallReportService(ctx).coverage("hall")
    assert coverage.partial and coverage.note.startswith("部分数据：本机最后一次取得大厅数据是")
    assert "本机的办件（含未上报的）已全部计入" in coverage.note


def test_a_pc_that_never_pulled_the_hall_reports_its_own_cases_only(ctx, clock, intake, clerk):
    report = HallReportService(ctx).build(clerk_as_supervisor(clerk), ReportPeriod.day(ctx.today()), scope="hall")
    assert report.coverage is not None and report.coverage.partial
    assert "其他窗口的办件未计入" in report.coverage.note


def clerk_as_supervisor(clerk):
    from desktop.services.accounts.auth import CurrentUser

    return CurrentUser(clerk.id, clerk.username, clerk.display_name, "supervisor")
