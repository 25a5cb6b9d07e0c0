"""Case events to the platform, and what happens when another window was first.

Two ways out, one set of rules:

* an event carried by its case's outbox snapshot (a decision at this window) is settled here
  once the outbox pusher has its answer: delivered → done; refused because the case moved on
  (``stale_case_version``) → the conflict is resolved as below;
* an event on a case of another window is posted on its own (``POST /hall/cases/{uuid}/events``),
  with the case version it was based on and its idempotency key; a retry after a crash sends
  the same key and the platform answers "duplicate", so nothing is recorded twice.

When the platform answers 409 with the current case, the window folds its own event onto the
case as it now stands: if it still fits (another window did something unrelated) it is sent
again on the new version; if it no longer fits the event is kept as ``refused`` with plain
words for the clerk — "此件已于 10:42 在 W03 号窗口补齐材料" — and listed for the supervisor,
and the case's view is rebuilt from the platform's events. Nothing is lost and nothing is
silently overwritten.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update

from desktop.domain.canonical_json import canonical
from desktop.domain.case_events import (
    CaseEvent,
    MalformedEvent,
    conflict_message,
    first_conflicting,
    parse_event,
)
from desktop.services.hall.clock import hall_time, hall_today
from desktop.services.hall.projection import HallProjector, reproject
from desktop.services.hall.refusals import record_refusal
from desktop.services.hall.remote import RemoteAnswer
from desktop.store.database import Database
from desktop.store.hall_models import CaseEvent as EventRow
from desktop.store.models import Application, Attachment, Outbox
from sync.api import ApiClient
from sync.backoff import Backoff
from sync.blobs import BlobMissing, BlobReader
from sync.errors import SyncError
from sync.hall_api import HallApi

log = logging.getLogger("onewindow.sync")

CONFLICT_CODES = ("stale_case_version", "stale_version", "refused")
KEPT_NOTE = "本机的这次操作未被采用，已保留记录供主管查看。"


@dataclass
class HallPushReport:
    sent: int = 0
    done: int = 0
    duplicate: int = 0
    rebased: int = 0
    refused: int = 0
    parked: int = 0
    retry: int = 0
    refusals: list[str] = field(default_factory=list)  # what the clerk is told, newest last
    stopped: SyncError | None = None


class HallEventPusher:
    def __init__(self, db: Database, hall: HallApi, api: ApiClient, *, read_blob: BlobReader,
                 clock: Callable[[], dt.datetime], backoff: Backoff | None = None) -> None:
        self.db = db
        self.hall = hall
        self.api = api
        self.read_blob = read_blob
        self.clock = clock
        self.backoff = backoff or Backoff()

    # --- crash recovery -----------------------------------------------------------

    def reset_inflight(self) -> int:
        """Nothing stays 'sending' after a crash (rule 4): the same key goes again and dedupes."""
        with self.db.transaction() as s:
            result = s.execute(update(EventRow).where(EventRow.push_state == "sending")
                               .values(push_state="pending", next_attempt_at=None))
            return int(getattr(result, "rowcount", 0) or 0)

    # --- events carried by outbox snapshots ---------------------------------------

    def settle_carried(self, report: HallPushReport) -> None:
        with self.db.session() as s:
            rows = s.execute(select(EventRow.id, EventRow.outbox_id, Outbox.state, Outbox.last_error)
                             .outerjoin(Outbox, Outbox.id == EventRow.outbox_id)
                             .where(EventRow.carrier == "outbox", EventRow.push_state == "pending",
                                    EventRow.outbox_id.is_not(None))).all()
        delivered = [r.id for r in rows if r.state in (None, "done")]
        conflicts = sorted({r.outbox_id for r in rows if r.state == "parked" and r.last_error in CONFLICT_CODES})
        if delivered:
            with self.db.transaction() as s:
                s.execute(update(EventRow).where(EventRow.id.in_(delivered))
                          .values(push_state="done", updated_at=self.clock()))
            report.done += len(delivered)
        for outbox_id in conflicts:
            self._resolve_outbox(outbox_id, report)

    def _resolve_outbox(self, outbox_id: int, report: HallPushReport) -> None:
        with self.db.session() as s:
            events = list(s.execute(select(EventRow).where(EventRow.outbox_id == outbox_id,
                                                           EventRow.push_state == "pending")
                                    .order_by(EventRow.id)).scalars())
        if not events:
            return
        answer = self.hall.case(events[0].case_uuid)
        if not answer.ok:
            log.warning("cannot fetch case %s to resolve a conflict: %s", events[0].case_uuid[:8], answer.code)
            return
        message = self._refuse(events, answer.body, report)
        with self.db.transaction() as s:
            box = s.get(Outbox, outbox_id)
            if box is not None:
                box.parked_reason = f"{message}。{KEPT_NOTE}"

    # --- events posted on their own ---------------------------------------------

    def push(self, *, budget_seconds: float = 30.0) -> HallPushReport:
        report = HallPushReport()
        self.settle_carried(report)
        deadline = time.monotonic() + budget_seconds
        while time.monotonic() < deadline:
            row = self._next_due()
            if row is None:
                break
            self._send(row, report)
            if report.stopped:
                break
        if not report.stopped:
            self._report_refusals(report)
        return report

    def _report_refusals(self, report: HallPushReport) -> None:
        """Each of our events another window beat is reported once, so the supervisor's PC lists it too."""
        with self.db.session() as s:
            rows = s.execute(select(EventRow).where(EventRow.origin == "local", EventRow.push_state == "refused",
                                                    EventRow.last_error == "conflict").order_by(EventRow.id)).scalars().all()
        for row in rows:
            body = json.loads(row.payload)
            body["refused"] = {"by": row.refused_by or "", "message": row.refusal}
            try:
                answer = self.hall.post_event(row.case_uuid, canonical(body), f"{row.idempotency_key}:refused")
            except SyncError as err:
                if err.stops_run:
                    report.stopped = err
                    return
                continue
            if answer.ok:
                with self.db.transaction() as s:
                    s.execute(update(EventRow).where(EventRow.id == row.id)
                              .values(last_error="conflict_reported", updated_at=self.clock()))

    def _next_due(self) -> EventRow | None:
        now = self.clock()
        with self.db.session() as s:
            candidates = s.execute(select(EventRow).where(
                EventRow.carrier == "direct", EventRow.push_state == "pending",
                (EventRow.next_attempt_at.is_(None)) | (EventRow.next_attempt_at <= now))
                .order_by(EventRow.id).limit(50)).scalars().all()
            for row in candidates:
                blocked = s.execute(select(func.count()).select_from(EventRow).where(
                    EventRow.application_id == row.application_id, EventRow.id < row.id,
                    EventRow.origin == "local", EventRow.version.is_(None),
                    EventRow.push_state.in_(("pending", "sending")))).scalar()
                if not blocked:
                    return row
        return None

    def _send(self, row: EventRow, report: HallPushReport) -> None:
        with self.db.transaction() as s:
            s.execute(update(EventRow).where(EventRow.id == row.id).values(push_state="sending",
                                                                           updated_at=self.clock()))
        report.sent += 1
        try:
            missing = self._upload_pages(row)
            if missing:
                self._park(row, f"本机的附件文件丢失或已损坏（{missing[:12]}…），无法上传。请重新采集该材料页后再办理。",
                           "attachment_missing", report)
                return
            answer = self.hall.post_event(row.case_uuid, row.payload, row.idempotency_key)
        except SyncError as err:
            self._failed(row, err, report)
            return
        if answer.ok:
            self._done(row, answer, report)
        elif answer.status == 409 and answer.code in CONFLICT_CODES:
            self._conflict(row, answer, report)
        else:
            self._park(row, answer.message or f"中心平台拒绝了该操作（{answer.status}）。", answer.code or
                       f"http_{answer.status}", report)

    def _upload_pages(self, row: EventRow) -> str | None:
        payload = json.loads(row.payload)
        shas = [p["sha256"] for m in (payload.get("data") or {}).get("materials") or []
                for p in m.get("pages") or [] if isinstance(p, dict) and p.get("sha256")]
        if not shas:
            return None
        with self.db.session() as s:
            done = set(s.execute(select(Attachment.sha256).where(Attachment.sha256.in_(shas),
                                                                 Attachment.uploaded.is_(True))).scalars())
            mimes = dict(s.execute(select(Attachment.sha256, Attachment.mime).where(Attachment.sha256.in_(shas)))
                         .tuples().all())
        arrived = []
        for sha in sorted(set(shas) - done):
            if not self.api.has_attachment(sha):
                try:
                    data = self.read_blob(sha)
                except BlobMissing:
                    return sha
                self.api.put_attachment(sha, data, mimes.get(sha, "application/octet-stream"))
            arrived.append(sha)
        if arrived:
            with self.db.transaction() as s:
                s.execute(update(Attachment).where(Attachment.sha256.in_(arrived)).values(uploaded=True))
        return None

    def _done(self, row: EventRow, answer: RemoteAnswer, report: HallPushReport) -> None:
        raw = answer.body.get("event")
        event: dict[str, Any] = raw if isinstance(raw, dict) else {}
        version = event.get("version") if isinstance(event.get("version"), int) else None
        server_at = _parse(event.get("server_at"))
        now = self.clock()
        with self.db.transaction() as s:
            app = s.get(Application, row.application_id)
            s.execute(update(EventRow).where(EventRow.id == row.id).values(
                push_state="done", version=version, server_at=server_at, last_error="", updated_at=now))
            if app is not None and version is not None and (app.case_version or 0) + 1 == version:
                app.case_version = version  # (a gap is filled by the feed, which then moves the version on)
            if app is not None:
                _settle_sync_state(s, app)
        report.done += 1
        report.duplicate += answer.body.get("result") == "duplicate"

    def _conflict(self, row: EventRow, answer: RemoteAnswer, report: HallPushReport) -> None:
        case = answer.body.get("case") if isinstance(answer.body.get("case"), dict) else None
        if case is None:
            self._park(row, answer.message or "该办件已被其他窗口更新。", answer.code, report)
            return
        mine = parse_event(json.loads(row.payload))
        current = _events_of(case)
        winner = first_conflicting(current, mine.base_version, mine)
        if winner is None and answer.code != "refused" and isinstance(case.get("version"), int):
            self._rebase(row, mine, case, report)
            return
        self._refuse([row], case, report, winner=winner, fallback=answer.message)

    def _rebase(self, row: EventRow, mine: CaseEvent, case: dict[str, Any], report: HallPushReport) -> None:
        """The case moved on, but our event still fits: send it again on the new version."""
        moved = CaseEvent(**{**mine.__dict__, "base_version": int(case["version"])})
        text = canonical(moved.wire())
        now = self.clock()
        with self.db.transaction() as s:
            self._store_case(s, case, now)
            s.execute(update(EventRow).where(EventRow.id == row.id).values(
                payload=text, payload_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                base_version=moved.base_version, push_state="pending", next_attempt_at=None, last_error="rebased",
                updated_at=now))
            app = s.get(Application, row.application_id)
            if app is not None:
                reproject(s, app, now)
        report.rebased += 1

    def _refuse(self, rows: list[EventRow], case: dict[str, Any], report: HallPushReport, *,
                winner: CaseEvent | None = None, fallback: str = "") -> str:
        """Keep our event(s) as refused, tell the clerk what came first, rebuild the case from the platform."""
        now = self.clock()
        if winner is None and rows:
            mine = parse_event(json.loads(rows[0].payload))
            winner = first_conflicting(_events_of(case), mine.base_version, mine)
        if winner is not None:
            at = winner.server_at or winner.at
            message = conflict_message(winner, hall_time(at), hall_today(now))
        else:
            message = fallback or "该办件已被其他窗口更新，本次操作未被采用"
        with self.db.transaction() as s:
            s.execute(update(EventRow).where(EventRow.id.in_([r.id for r in rows])).values(
                push_state="refused", refusal=message, refused_by=winner.event_uuid if winner else None,
                last_error="conflict", updated_at=now))
            self._store_case(s, case, now)
            app = s.get(Application, rows[0].application_id)
            if app is not None:
                reproject(s, app, now)
                _settle_sync_state(s, app)
            for row in rows:  # for the supervisor: the conflict record, both versions kept
                record_refusal(s, app, case_uuid=row.case_uuid, event_payload=row.payload, refusal=message,
                               winner=winner.wire() if winner else None, case_version=case.get("version"), at=now)
        report.refused += len(rows)
        report.refusals.append(message)
        log.info("case event refused (another window was first): %s", message)
        return message

    def _store_case(self, s, case: dict[str, Any], now: dt.datetime) -> None:
        """The platform's current events of the case, kept here (the view is rebuilt by the caller)."""
        HallProjector(s, now, defer_all=True).apply([(str(case["uuid"]), list(case.get("events") or []))])

    def _park(self, row: EventRow, message: str, code: str, report: HallPushReport) -> None:
        with self.db.transaction() as s:
            s.execute(update(EventRow).where(EventRow.id == row.id).values(
                push_state="parked", refusal=message, last_error=code, updated_at=self.clock()))
        report.parked += 1
        report.refusals.append(message)

    def _failed(self, row: EventRow, err: SyncError, report: HallPushReport) -> None:
        now = self.clock()
        attempts = row.attempts + 1
        delay = self.backoff.delay(attempts, err.retry_after) if err.retryable else 0.0
        if err.kind == "rejected":
            self._park(row, err.message, f"http_{err.status}", report)
            return
        with self.db.transaction() as s:
            s.execute(update(EventRow).where(EventRow.id == row.id).values(
                push_state="pending", attempts=attempts, last_error=err.kind,
                next_attempt_at=now + dt.timedelta(seconds=delay), updated_at=now))
        report.retry += 1
        report.stopped = err


def _events_of(case: dict[str, Any]) -> list[CaseEvent]:
    events = []
    for raw in case.get("events") or []:
        try:
            events.append(parse_event(raw))
        except MalformedEvent:
            continue
    return events


def _parse(value: Any) -> dt.datetime | None:
    from sync.state import parse_time

    return parse_time(value) if isinstance(value, str) else None


def _settle_sync_state(s, app: Application) -> None:
    """A cached case of another window is 'pending' while an event of ours on it waits for an answer."""
    if app.origin != "hall":
        return
    waiting = s.execute(select(EventRow.id).where(EventRow.application_id == app.id, EventRow.origin == "local",
                                                  EventRow.push_state.in_(("pending", "sending")))).first()
    app.sync_state = "pending" if waiting else "synced"
