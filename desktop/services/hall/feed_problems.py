"""Hall-feed items this PC refused: what IT is shown, by `db check` and `onewindow sync hall-problems`.

A refused item (malformed, a gap in a case's versions, a status the rules forbid) stops this PC's
hall data just before it — nothing after it is applied, so nothing is skipped silently. There is
deliberately no command to skip it: applying the items after it would build the hall cache on a
hole. The problem resolves itself when the platform corrects the item (the next pull moves the
cursor past it and marks the record resolved); until then IT needs to see what stopped, since
when, and what to send to the platform's operators.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.domain.hall_clock import hall_clock, parse_utc


@dataclass(frozen=True)
class FeedProblem:
    id: int
    at: dt.datetime  # naive UTC: when the pull refused it (the first time)
    cursor: str  # where the hall data stopped
    case_uuid: str
    event_uuid: str
    reason: str

    def line(self) -> str:
        """One line in the hall's time, for IT (no personal data: the feed item is named by its ids)."""
        when = f"{hall_clock().local(self.at):%Y-%m-%d %H:%M}"
        event = f"，事件 {self.event_uuid}" if self.event_uuid else ""
        return f"[{self.id}] {when} 起停在游标 {self.cursor or '（开头）'}：办件 {self.case_uuid or '—'}{event}：{self.reason}"


def open_problems(conn: Any) -> list[FeedProblem]:
    """Unresolved refusals, oldest first, from a DB-API connection (the store may be encrypted)."""
    rows = conn.execute("SELECT id, at, cursor, case_uuid, event_uuid, reason FROM hall_feed_problem "
                        "WHERE resolved_at IS NULL ORDER BY at, id").fetchall()
    return [FeedProblem(int(r[0]), parse_utc(r[1]), str(r[2] or ""), str(r[3] or ""), str(r[4] or ""),
                        str(r[5] or "")) for r in rows]


def feed_problem_probe(conn: Any) -> str | None:
    """`db check` WARN: the hall data of this PC is stopped at a refused item."""
    problems = open_problems(conn)
    if not problems:
        return None
    first = problems[0]
    return (f"大厅数据自 {hall_clock().local(first.at):%Y-%m-%d %H:%M} 起停在一条被拒收的变更"
            f"（办件 {first.case_uuid or '—'}）：{first.reason}。请运行 onewindow sync hall-problems，"
            "将所列内容发给中心平台运维人员更正；更正后下次同步自动继续。")
