"""Status puller: what the platform did with our applications — through the one platform seam.

After submission the platform is authoritative, and its timestamps are the ones recorded. Each
reported change is translated from the platform's codes (``resources/platforms/<name>.toml``)
and judged by the domain state machine (:func:`desktop.domain.lifecycle.judge_platform_status`):

* a legal change is applied once (by ``server_version``), with an event, in the page's transaction;
* a change the machine forbids (a decided case sent back to draft, an unknown code) is refused:
  never applied, recorded as a ``platform_refused`` conflict the supervisor sees;
* a decision that meets an unsent local change (sync rule 5) is a ``platform_conflict``: both
  versions kept, the local change held until the supervisor decides — never silently overwritten
  either way (the platform's rejection is not lost under the window's later acceptance).

The cursor is committed in the same transaction as the rows it brought.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.lifecycle import ConflictKind, PlatformVerdict, Status, SyncState, judge_platform_status
from desktop.domain.platform_codes import NOTE_ONLY, PlatformCodes
from desktop.services import conflicts
from desktop.store.database import Database
from desktop.store.models import Application, ApplicationEvent
from sync.api import ApiClient
from sync.errors import SyncError
from sync.state import get_cursor, parse_time, set_cursor

CURSOR = "application_changes"


@dataclass
class StatusReport:
    pages: int = 0
    applied: int = 0
    deferred: int = 0  # met an unsent local change: recorded as a conflict
    unknown: int = 0
    refused: int = 0  # forbidden by the state machine: recorded, never applied


def _reference_codes() -> PlatformCodes:
    from desktop.services.platform_codes import PLATFORMS_DIR, _load

    return _load(str(PLATFORMS_DIR / "reference.toml"))


def apply_change(s: Session, change: dict[str, Any], report: StatusReport, codes: PlatformCodes | None = None) -> None:
    codes = codes or _reference_codes()
    app = s.execute(select(Application).where(Application.uuid == str(change.get("uuid")))).scalar_one_or_none()
    version = change.get("server_version")
    if app is None:
        report.unknown += 1
        return
    if not isinstance(version, int) or (app.server_version is not None and version <= app.server_version):
        return  # already known (a replayed page) or unusable
    code = str(change.get("status") or "")
    at = parse_time(change.get("at"))
    now = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    app.server_version, app.server_status, app.server_updated_at = version, code, at
    if change.get("official_no") and not app.official_no:
        app.official_no = str(change["official_no"])
    note = str(change.get("note") or codes.note_for(code))
    ours = codes.inbound_status(code)
    unsent = app.sync_state in (SyncState.PENDING, SyncState.PARKED)
    if ours == NOTE_ONLY:  # the platform's remark (e.g. 退回): an event, no status change
        s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status=code, at=now,
                               source="server", note=note))
        report.applied += 1
        return
    if ours is None:
        verdict, reason = PlatformVerdict.REFUSED, f"平台报告了未知的状态代码“{code}”（平台编码表 {codes.name}）"
    else:
        verdict, reason = judge_platform_status(app.status, ours, unsent_local_change=unsent)
    if verdict == PlatformVerdict.SAME:
        report.applied += 1
        return
    if verdict in (PlatformVerdict.REFUSED, PlatformVerdict.CONFLICT):
        kind = ConflictKind.PLATFORM_REFUSED if verdict == PlatformVerdict.REFUSED else ConflictKind.PLATFORM_CONFLICT
        conflicts.record(s, app=app, case_uuid=app.uuid, kind=kind, remote_key=f"{app.uuid}@{version}",
                         remote_status=ours or code, remote_version=version,
                         remote_payload={**change, "note": note}, reason=reason, at=now)
        if verdict == PlatformVerdict.REFUSED:
            report.refused += 1
        else:
            report.deferred += 1
        return
    assert ours is not None
    s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status=ours, at=now,
                           source="server", note=note))
    app.status = ours
    if ours == Status.COMPLETED and at:
        app.completed_at = at
    if ours == Status.REJECTED and not app.rejection_reason.strip():
        app.rejection_reason = note or "中心平台作出不予受理决定"
    report.applied += 1


class StatusPuller:
    def __init__(self, db: Database, api: ApiClient, clock: Callable[[], dt.datetime], *, page_size: int = 500,
                 codes: PlatformCodes | None = None):
        self.db = db
        self.api = api
        self.clock = clock
        self.page_size = page_size
        self.codes = codes or _reference_codes()

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
                        apply_change(s, change, report, self.codes)
                set_cursor(s, CURSOR, next_cursor, self.clock())
            report.pages += 1
            if not page.get("has_more") or next_cursor == cursor:
                break
            cursor = next_cursor
        return report
