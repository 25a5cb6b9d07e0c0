"""What a supervisor's report says, as plain data: the period, the buckets, the numbers.

The report is computed by ``desktop.services.reports`` and rendered by ``printing`` (PDF),
the CSV/XLSX writers and the Reports screen — all from this one dataclass, so every output
shows the same numbers.

Day boundaries. A report day is a day of the hall's clock (``[hall] time_zone``, default
Asia/Shanghai; see :mod:`desktop.domain.hall_clock`), while the store keeps naive UTC
timestamps: in Beijing a local day D covers the UTC half-open interval
``[D-1 16:00:00, D 16:00:00)``, whatever zone the PC is left on.

Which applications a report counts. An application belongs to the local day its first draft
was opened (``created_at``): that is when the citizen stood at the window, and it never moves,
so yesterday's report does not change when the platform completes a case next week. Drafts
that never reached a decision are not counted. Status columns show each application's
*current* status.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.domain.errors import UserError
from desktop.domain.hall_clock import hall_clock

MAX_RANGE_DAYS = 366 * 3  # a guard against typos such as --from 2002

# Report buckets: a partition of every non-draft status. Order is the display order.
BUCKETS: tuple[str, ...] = ("accepted", "immediate_done", "supplement", "rejected", "transferred", "completed")
BUCKET_LABELS: dict[str, str] = {
    "accepted": "受理",
    "immediate_done": "即办办结",
    "supplement": "补正",
    "rejected": "不予受理",
    "transferred": "已转办",
    "completed": "已办结",
}
# Statuses that a report counts (everything but draft), and the open ones that can fall overdue.
COUNTED_STATUSES: tuple[str, ...] = ("accepted", "supplement_requested", "rejected", "transferred", "completed")
OPEN_STATUSES: tuple[str, ...] = ("accepted", "transferred")


class ReportError(UserError):
    """A report could not be produced or written; the message is for the supervisor at the screen."""


class ReportInputError(ReportError, ValueError):
    """A report request that cannot be answered (bad dates, unknown window)."""


def bucket_of(status: str, immediate: bool) -> str | None:
    """The report bucket of an application; None for a draft (not counted)."""
    if status == "completed":
        return "immediate_done" if immediate else "completed"
    return {"accepted": "accepted", "supplement_requested": "supplement", "rejected": "rejected",
            "transferred": "transferred"}.get(status)


def utc_to_local(moment: dt.datetime) -> dt.datetime:
    """A stored time on the hall's clock (the process's clock, for display)."""
    return hall_clock().local(moment)


def local_today(now_utc: dt.datetime) -> dt.date:
    return hall_clock().date_of(now_utc)


@dataclass(frozen=True)
class ReportPeriod:
    """Local (hall) dates ``start``..``end``, both inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ReportInputError(f"结束日期 {self.end} 早于开始日期 {self.start}")
        if (self.end - self.start).days >= MAX_RANGE_DAYS:
            raise ReportInputError(f"日期范围过长（最多 {MAX_RANGE_DAYS} 天）")

    @classmethod
    def day(cls, day: dt.date) -> ReportPeriod:
        return cls(day, day)

    @classmethod
    def parse(cls, start: str, end: str | None = None) -> ReportPeriod:
        """From YYYY-MM-DD text; the message names the bad value in the supervisor's language."""
        first = parse_date(start)
        return cls(first, parse_date(end) if end else first)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_single_day(self) -> bool:
        return self.start == self.end

    def utc_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Naive-UTC half-open interval [lo, hi) covering the local days."""
        return hall_clock().days_utc(self.start, self.end)

    def label(self) -> str:
        return self.start.isoformat() if self.is_single_day else f"{self.start.isoformat()} 至 {self.end.isoformat()}"


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ReportInputError(f"日期 {text!r} 无效，应为 YYYY-MM-DD，例如 2026-11-25") from None


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """Linear-interpolated percentile (the 'inclusive' method: statistics.quantiles, numpy default).

    Stated here once so the SQL computation and the tests agree on the definition: position
    h = (n-1)·p in the sorted values, interpolated between its two neighbours.
    """
    n = len(sorted_values)
    if n == 0:
        return None
    h = (n - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


@dataclass(frozen=True)
class BucketCounts:
    """Applications per report bucket; ``total`` is their sum (every counted application once)."""

    accepted: int = 0
    immediate_done: int = 0
    supplement: int = 0
    rejected: int = 0
    transferred: int = 0
    completed: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, b) for b in BUCKETS)

    def get(self, bucket: str) -> int:
        return int(getattr(self, bucket))

    def items(self) -> list[tuple[str, str, int]]:
        return [(b, BUCKET_LABELS[b], self.get(b)) for b in BUCKETS]


@dataclass(frozen=True)
class GroupRow:
    """One line of a breakdown (a matter, a department, a clerk): its key, label and counts."""

    key: str
    label: str
    counts: BucketCounts


@dataclass(frozen=True)
class DueItem:
    """An open application near or past its promised date; the applicant's name is masked."""

    application_id: int
    acceptance_no: str
    matter_name: str
    applicant: str
    clerk: str
    window_id: str
    due_date: dt.date
    working_days: int  # overdue by (overdue list) or left (due-soon list), in working days


@dataclass(frozen=True)
class SyncHealth:
    """How much of the window's work has not reached the platform yet (a snapshot at generation)."""

    app_local: int = 0  # never queued (drafts, cases waiting for a decision)
    app_pending: int = 0
    app_parked: int = 0
    outbox_pending: int = 0
    outbox_sending: int = 0
    outbox_parked: int = 0
    oldest_pending_at: dt.datetime | None = None  # naive UTC


@dataclass(frozen=True)
class WindowFreshness:
    """When the platform last heard from a window: how current the hall's numbers for it are."""

    window_id: str
    last_seen_at: dt.datetime | None  # naive UTC, as the hall feed reported it
    own: bool = False  # this PC's window (its unsynced work is counted as well)

    def text(self, today: dt.date) -> str:
        """'W07 最后同步 09:12' (the date is added when it is not today)."""
        if self.last_seen_at is None:
            return f"{self.window_id} 尚未同步"
        local = utc_to_local(self.last_seen_at)
        when = f"{local:%H:%M}" if local.date() == today else f"{local:%m-%d %H:%M}"
        return f"{self.window_id} 最后同步 {when}"


@dataclass(frozen=True)
class HallCoverage:
    """What a hall report covers: the hall cache as of its last pull, plus this PC's unsynced work."""

    scope: str  # hall | window
    pulled_at: dt.datetime | None  # naive UTC of this PC's last hall feed pull
    windows: tuple[WindowFreshness, ...]
    partial: bool
    note: str  # plain words for the supervisor, e.g. '部分数据：本机离线…'


@dataclass(frozen=True)
class Report:
    """A supervisor's report for a period and one window (or all windows in this database)."""

    period: ReportPeriod
    window_id: str | None  # None: every window in the local database
    generated_at: dt.datetime  # naive UTC
    generated_by: str  # display label of the signed-in supervisor, or the scheduled job
    as_of: dt.date  # local date that overdue / due-soon are judged against
    due_soon_days: int
    totals: BucketCounts
    immediate: int
    promised: int
    supplemented: int  # applications asked for supplement (补正) at any point
    decided: int  # applications with a decision time (for the duration statistics)
    median_seconds: float | None
    p90_seconds: float | None
    by_hour: tuple[int, ...]  # 24 counts, local hour of the first draft
    by_day: tuple[tuple[dt.date, int], ...]
    by_matter: tuple[GroupRow, ...]
    by_department: tuple[GroupRow, ...]
    by_clerk: tuple[GroupRow, ...]
    overdue_count: int
    due_soon_count: int
    overdue: tuple[DueItem, ...]  # the first ones (capped), most overdue first
    due_soon: tuple[DueItem, ...]
    sync: SyncHealth = field(default_factory=SyncHealth)
    hall_name: str = ""
    by_window: tuple[GroupRow, ...] = ()  # the hall report: one row per window of the hall
    coverage: HallCoverage | None = None  # the hall report: freshness per window, partial or not

    @property
    def total(self) -> int:
        return self.totals.total

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def supplement_rate(self) -> float | None:
        """Share of counted applications that were asked for supplement; None when nothing was counted."""
        return self.supplemented / self.total if self.total else None

    @property
    def window_label(self) -> str:
        return self.window_id or "全部窗口"

    @property
    def generated_at_local(self) -> dt.datetime:
        return utc_to_local(self.generated_at)


def format_duration(seconds: float | None) -> str:
    """'—' for no data, else 3分12秒 / 1小时05分 / 2天3小时: readable at a glance on a tile."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    if s < 3600:
        return f"{s // 60}分{s % 60:02d}秒"
    if s < 86400:
        return f"{s // 3600}小时{(s % 3600) // 60:02d}分"
    return f"{s // 86400}天{(s % 86400) // 3600}小时"


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


# --- drill-down: the applications behind a number ------------------------------------------

DRILL_KINDS = ("all", "bucket", "matter", "department", "clerk", "hour", "day", "immediate", "promised",
               "supplemented", "overdue", "due_soon", "sync")


@dataclass(frozen=True)
class Drill:
    """Which number was clicked: ``Drill('bucket', 'rejected')``, ``Drill('hour', '9')``, ``Drill('overdue')``."""

    kind: str = "all"
    key: str = ""

    def __post_init__(self) -> None:
        if self.kind not in DRILL_KINDS:
            raise ReportInputError(f"unknown drill-down {self.kind!r}")

    def title(self) -> str:
        names = {"all": "全部办件", "immediate": "即办件", "promised": "承诺件", "supplemented": "曾补正办件",
                 "overdue": "已超期办件", "due_soon": "即将到期办件"}
        if self.kind in names:
            return names[self.kind]
        if self.kind == "bucket":
            return BUCKET_LABELS.get(self.key, self.key)
        if self.kind == "hour":
            return f"{int(self.key):02d}:00–{int(self.key):02d}:59 受理"
        if self.kind == "sync":
            return {"pending": "待上报", "parked": "上报被退回", "local": "未上报", "synced": "已上报"}.get(
                self.key, self.key)
        return self.key


STATUS_LABELS: dict[str, str] = {
    "draft": "草稿", "supplement_requested": "补正", "accepted": "受理", "transferred": "已转办",
    "completed": "已办结", "rejected": "不予受理",
}


@dataclass(frozen=True)
class ApplicationLine:
    """One application in a drill-down list or an export's detail sheet.

    Applicant fields hold masked values unless an admin asked for a full (audited) export.
    """

    application_id: int
    acceptance_no: str
    matter_code: str
    matter_name: str
    department: str
    applicant_name: str
    applicant_id: str
    applicant_phone: str
    clerk: str
    window_id: str
    status: str
    immediate: bool
    created_at: dt.datetime  # naive UTC
    decided_at: dt.datetime | None
    due_date: dt.date | None
    sync_state: str

    @property
    def status_label(self) -> str:
        bucket = bucket_of(self.status, self.immediate)
        return BUCKET_LABELS[bucket] if bucket else STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class ApplicationList:
    """The first ``len(lines)`` of ``total`` applications behind a number."""

    drill: Drill
    total: int
    lines: tuple[ApplicationLine, ...]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.lines)
