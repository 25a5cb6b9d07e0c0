"""Hall feed puller: every window's cases and events into this PC's hall cache, with a cursor.

Rule 5 as for every feed: a page is applied and its cursor saved in one transaction. Unlike the
other feeds each item carries its own resume cursor, so when an item is refused (malformed, out
of order, a status the rules forbid) the items before it are kept, the cursor stops right before
it, the problem is recorded (``hall_feed_problem``) and the run reports it in plain words. The
next run starts at that item again; nothing is skipped silently.

A case seen for the first time in the middle of its life (an old case that got a new event) is
fetched whole, so every cached case is built from its complete history.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from desktop.services.hall.projection import FeedRefused, HallProjector
from desktop.store.database import Database
from desktop.store.hall_models import HallFeedProblem, HallWindow
from desktop.store.models import Application
from sync.errors import SyncError
from sync.hall_api import HallApi
from sync.state import get_cursor, parse_time, set_cursor, set_value

log = logging.getLogger("onewindow.sync")

CURSOR = "hall_changes"
LAST_PULL_AT = "hall.last_pull_at"
HALL_ID = "hall.id"
HALL_NAME = "hall.name"


@dataclass
class HallFeedReport:
    pages: int = 0
    events: int = 0
    cases_new: int = 0
    cases_updated: int = 0
    own_confirmed: int = 0
    deferred: int = 0
    fetched_whole: int = 0
    tombstones: int = 0
    touched: set[str] = field(default_factory=set)


def _item_shape(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "条目不是对象"
    if not isinstance(item.get("cursor"), str) or not item["cursor"]:
        return "条目缺少游标"
    if not isinstance(item.get("case_uuid"), str) or not item["case_uuid"]:
        return "条目缺少办件编号"
    if not isinstance(item.get("events"), list):
        return "条目的事件不是列表"
    if item.get("tombstone") is not None and not isinstance(item["tombstone"], dict):
        return "删除标记格式不正确"
    return None


class HallFeedPuller:
    def __init__(self, db: Database, hall: HallApi, clock: Callable[[], dt.datetime], *, days: int = 90,
                 page_size: int = 2000) -> None:
        self.db = db
        self.hall = hall
        self.clock = clock
        self.days = days
        self.page_size = page_size

    def pull(self) -> HallFeedReport:
        report = HallFeedReport()
        with self.db.session() as s:
            cursor = get_cursor(s, CURSOR)
        while True:
            page = self.hall.changes(cursor, self.page_size, self.days)
            items, next_cursor = page.get("items"), page.get("next_cursor")
            if not isinstance(items, list) or not isinstance(next_cursor, str):
                raise SyncError("bad_response", detail="hall page without items/next_cursor")
            cursor = self._apply_page(cursor, items, next_cursor, page, report)
            report.pages += 1
            if not page.get("has_more") or not items and next_cursor == cursor:
                break
        return report

    def _apply_page(self, cursor: str, items: list[Any], next_cursor: str, page: dict[str, Any],
                    report: HallFeedReport) -> str:
        now = self.clock()
        refused: tuple[int, str, str, str] | None = None
        runs: list[tuple[str, list[Any]]] = []
        tombstones: dict[int, str] = {}
        good = items
        for index, item in enumerate(items):
            problem = _item_shape(item)
            if problem:
                refused = (index, str(item.get("case_uuid") or "") if isinstance(item, dict) else "", "", problem)
                good = items[:index]
                break
        whole = self._wholes(good, report)
        for item in good:
            if item.get("tombstone") is not None:
                tombstones[len(runs)] = item["case_uuid"]
                runs.append((item["case_uuid"], []))
            else:
                runs.append((item["case_uuid"], whole.pop(item["case_uuid"], []) or item["events"]))
        with self.db.transaction() as s:
            projector = HallProjector(s, now)
            applied = len(runs)
            try:
                outcome = projector.apply(runs, tombstones=tombstones)
            except FeedRefused as exc:
                applied = exc.index
                refused = (exc.index, exc.case_uuid, exc.event_uuid, exc.reason)
                outcome = exc.report
            report.events += outcome.events
            report.cases_new += outcome.cases_new
            report.cases_updated += outcome.cases_updated
            report.own_confirmed += outcome.own_confirmed
            report.deferred += outcome.deferred
            report.tombstones += outcome.tombstones
            report.touched |= outcome.touched
            if refused is None:
                new_cursor = next_cursor
            else:
                applied = min(applied, refused[0])
                new_cursor = items[applied - 1]["cursor"] if applied > 0 else cursor
            if new_cursor != cursor:
                set_cursor(s, CURSOR, new_cursor, now)
                s.execute(update(HallFeedProblem).where(HallFeedProblem.resolved_at.is_(None))
                          .values(resolved_at=now))
            self._freshness(s, page, now)
            if refused is not None:
                self._record_problem(s, new_cursor, refused, now)
        if refused is not None:
            index, case_uuid, _event, reason = refused
            raise SyncError("rejected", f"大厅同步收到一条无法采用的变更（办件 {case_uuid[:8]}…）：{reason}。"
                                        "该条已拒收并记录，大厅数据暂停在此处，请联系IT。",
                            detail=f"hall feed item {index} refused")
        return new_cursor

    def _wholes(self, items: list[Any], report: HallFeedReport) -> dict[str, list[Any]]:
        """Cases this PC has never seen that the page meets in the middle of their life: fetched whole."""
        seen: set[str] = set()
        middle: list[str] = []
        for item in items:
            first = item["events"][0] if item["events"] and isinstance(item["events"][0], dict) else {}
            version = first.get("version")
            if item["case_uuid"] not in seen and isinstance(version, int) and version > 1:
                middle.append(item["case_uuid"])
            seen.add(item["case_uuid"])
        if not middle:
            return {}
        with self.db.session() as s:
            known = set(s.execute(select(Application.uuid).where(Application.uuid.in_(middle))).scalars())
        out: dict[str, list[Any]] = {}
        for uuid in dict.fromkeys(middle):
            if uuid in known:
                continue
            answer = self.hall.case(uuid)
            if answer.ok and isinstance(answer.body.get("events"), list):
                out[uuid] = list(answer.body["events"])  # (the projector refuses what still does not fit)
                report.fetched_whole += 1
        return out

    @staticmethod
    def _freshness(s, page: dict[str, Any], now: dt.datetime) -> None:
        for window in page.get("windows") or []:
            if not isinstance(window, dict) or not isinstance(window.get("window_id"), str):
                continue
            row = s.get(HallWindow, window["window_id"])
            seen = parse_time(window.get("last_seen_at"))
            if row is None:
                s.add(HallWindow(window_id=window["window_id"], last_seen_at=seen, updated_at=now))
            else:
                row.last_seen_at, row.updated_at = seen, now
        set_value(s, LAST_PULL_AT, now.isoformat(), now)

    @staticmethod
    def _record_problem(s, cursor: str, refused: tuple[int, str, str, str], now: dt.datetime) -> None:
        _index, case_uuid, event_uuid, reason = refused
        same = s.execute(select(HallFeedProblem).where(HallFeedProblem.resolved_at.is_(None),
                                                       HallFeedProblem.cursor == cursor,
                                                       HallFeedProblem.event_uuid == event_uuid)).scalar()
        if same is not None:
            same.at, same.reason = now, reason
            return
        log.warning("hall feed item refused at cursor %s: %s", cursor, reason)
        s.add(HallFeedProblem(at=now, cursor=cursor, case_uuid=case_uuid, event_uuid=event_uuid, reason=reason))
