"""Status puller: what the platform did with our applications (transferred, completed, returned…).

After submission the platform is authoritative, and its timestamps are the ones recorded.
A change is applied once (by server_version), with its cursor in the same transaction. An
application with an unsent local change is not overwritten (rule 5): only its server_* fields
note what the platform said, and the clerk's pending change goes out first.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store.database import Database
from desktop.store.models import Application, ApplicationEvent
from sync.api import ApiClient
from sync.errors import SyncError
from sync.state import get_cursor, parse_time, set_cursor

CURSOR = "application_changes"
LOCAL_STATUSES = {"draft", "supplement_requested", "accepted", "transferred", "completed", "rejected"}
SERVER_NOTES = {"returned": "中心平台退回"}


@dataclass
class StatusReport:
    pages: int = 0
    applied: int = 0
    deferred: int = 0  # application had unsent local changes
    unknown: int = 0


def apply_change(s: Session, change: dict[str, Any], report: StatusReport) -> None:
    app = s.execute(select(Application).where(Application.uuid == str(change.get("uuid")))).scalar_one_or_none()
    version = change.get("server_version")
    if app is None:
        report.unknown += 1
        return
    if not isinstance(version, int) or (app.server_version is not None and version <= app.server_version):
        return  # already known (a replayed page) or unusable
    status = str(change.get("status") or "")
    at = parse_time(change.get("at"))
    app.server_version, app.server_status, app.server_updated_at = version, status, at
    if change.get("official_no") and not app.official_no:
        app.official_no = str(change["official_no"])
    if app.sync_state in ("pending", "parked"):
        report.deferred += 1
        return
    note = str(change.get("note") or SERVER_NOTES.get(status, ""))
    if status != app.status:
        s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status=status,
                               at=at or dt.datetime.now(dt.UTC).replace(tzinfo=None), source="server", note=note))
        if status in LOCAL_STATUSES:
            app.status = status
            if status == "completed" and at:
                app.completed_at = at
    report.applied += 1


class StatusPuller:
    def __init__(self, db: Database, api: ApiClient, clock: Callable[[], dt.datetime], *, page_size: int = 500):
        self.db = db
        self.api = api
        self.clock = clock
        self.page_size = page_size

    def pull(self) -> StatusReport:
        report = StatusReport()
        with self.db.session() as s:
            cursor = get_cursor(s, CURSOR)
        while True:
            page = self.api.changes(cursor, self.page_size)
            next_cursor = page.get("next_cursor")
            if not isinstance(next_cursor, str):
                raise SyncError("bad_response", detail="changes page without next_cursor")
            with self.db.transaction() as s:
                for change in page.get("items") or []:
                    if isinstance(change, dict):
                        apply_change(s, change, report)
                set_cursor(s, CURSOR, next_cursor, self.clock())
            report.pages += 1
            if not page.get("has_more") or next_cursor == cursor:
                break
            cursor = next_cursor
        return report
