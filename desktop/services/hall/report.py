"""The supervisor's hall report: every window of the hall, how fresh each one is, and whether it is partial.

Cases of other windows live in this PC's ``application`` table like its own (the hall cache), so
the report's numbers come from the one report path (:class:`ReportService`, its queries and the
facts kept with every case change); scope "hall" counts every window, scope "window" one. What
this adds is the per-window breakdown and the coverage: when the platform last heard from each
window ("W07 最后同步 09:12"), when this PC last pulled the hall, and — said plainly — that the
numbers are partial when this PC is offline. This PC's own unsynced work is always counted.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import case, func, select

from desktop.domain.hall_clock import parse_utc
from desktop.domain.reports import (
    BUCKETS,
    BucketCounts,
    GroupRow,
    HallCoverage,
    Report,
    ReportInputError,
    ReportPeriod,
    WindowFreshness,
    utc_to_local,
)
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.reports import ReportService
from desktop.services.reports import queries as q
from desktop.store.hall_models import HallWindow
from desktop.store.models import KeyValue

SCOPES = ("hall", "window")
LAST_PULL_AT = "hall.last_pull_at"
LAST_OK_AT = "sync.last_ok_at"
LAST_ERROR = "sync.last_error"
HALL_KEY = "hall.lookup_key"
MIN_STALE = dt.timedelta(minutes=10)


class HallReportService:
    def __init__(self, ctx: AppContext, reports: ReportService | None = None) -> None:
        self.ctx = ctx
        self.reports = reports or ReportService(ctx)

    def window_for(self, scope: str, window_id: str | None) -> str | None:
        if scope not in SCOPES:
            raise ReportInputError(f"报表范围应为 {' 或 '.join(SCOPES)}：{scope}")
        if scope == "hall":
            if window_id:
                raise ReportInputError("全大厅报表不能同时指定窗口（按窗口请用 --scope window --window W07）")
            return None
        return window_id or self.ctx.config.hall.window_id

    def build(self, user: CurrentUser, period: ReportPeriod, *, scope: str = "hall",
              window_id: str | None = None) -> Report:
        """The daily (or any period's) report for the hall or one window, with its coverage."""
        window = self.window_for(scope, window_id)
        self.reports.check_window(user, window)
        report = self.reports.build(user, period, window)
        return dataclasses.replace(report, by_window=self.by_window(period, window), coverage=self.coverage(scope))

    # --- per window ---------------------------------------------------------------------

    def by_window(self, period: ReportPeriod, window_id: str | None) -> tuple[GroupRow, ...]:
        conds = q.population(period, window_id)
        sums = [func.coalesce(func.sum(case((q.bucket_condition(b), 1), else_=0)), 0).label(b) for b in BUCKETS]
        query = (select(q.A.c.window_id, *sums).where(*conds).group_by(q.A.c.window_id).order_by(q.A.c.window_id))
        with self.ctx.db.session() as s:
            rows = s.execute(query).all()
        return tuple(GroupRow(r.window_id, r.window_id, BucketCounts(**{b: int(getattr(r, b)) for b in BUCKETS}))
                     for r in rows)

    # --- freshness ----------------------------------------------------------------------

    def coverage(self, scope: str) -> HallCoverage:
        now = self.ctx.now()
        own = self.ctx.config.hall.window_id
        with self.ctx.db.session() as s:
            values: dict[str, Any] = {k: v for k, v in s.execute(select(KeyValue.key, KeyValue.value).where(
                KeyValue.key.in_((LAST_PULL_AT, LAST_OK_AT, LAST_ERROR, HALL_KEY)))).tuples()}
            seen = {w: at for w, at in s.execute(select(HallWindow.window_id, HallWindow.last_seen_at)).tuples()}
            windows = set(seen) | set(q.windows(s)) | {own}
        pulled = _time(values.get(LAST_PULL_AT))
        own_ok = _time(values.get(LAST_OK_AT))
        rows = tuple(WindowFreshness(w, own_ok if w == own else seen.get(w), own=w == own) for w in sorted(windows)
                     if scope == "hall" or w == own)
        partial, note = self._note(now, pulled, values.get(HALL_KEY), values.get(LAST_ERROR) or "")
        return HallCoverage(scope=scope, pulled_at=pulled, windows=rows, partial=partial and scope == "hall",
                            note=note if scope == "hall" else "本窗口的办件（含本机未上报的办件）")

    def _note(self, now: dt.datetime, pulled: dt.datetime | None, key: str | None, error: str) -> tuple[bool, str]:
        if pulled is None:
            if not key and not self.ctx.config.server.url:
                return True, "部分数据：本机未连接中心平台，报表只含本机的办件，其他窗口的办件未计入。"
            return True, "部分数据：本机尚未取得大厅数据，报表只含本机的办件，其他窗口的办件未计入。"
        stale_after = max(MIN_STALE, dt.timedelta(seconds=3 * self.ctx.config.server.sync_interval_seconds))
        local = utc_to_local(pulled)
        when = f"{local:%H:%M}" if local.date() == utc_to_local(now).date() else f"{local:%Y-%m-%d %H:%M}"
        if now - pulled > stale_after:
            reason = "（离线）" if error else ""
            return True, (f"部分数据：本机最后一次取得大厅数据是 {when}{reason}，"
                          "其他窗口此后的办件未计入；本机的办件（含未上报的）已全部计入。")
        return False, f"大厅数据更新于 {when}；本机未上报的办件已计入。"


def _time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        return parse_utc(str(value))
    except ValueError:
        return None
