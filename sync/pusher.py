"""The outbox pusher: frozen application changes to the platform, exactly once in effect.

Per batch: mark the rows 'sending' (so a crash is visible), upload the attachments they
reference (HEAD, then PUT only what the platform lacks), POST the batch with its idempotency
keys, then record every per-item result in one transaction. Whatever dies in between — the
network, the server, this process — the rows go back to 'pending' and the same keys are sent
again; the platform answers "duplicate" for what it already holds, so nothing is lost or doubled.
Only sync fields of an application are written here (sync_state, official_no, server_*).

Pipelined: while the platform works on one batch (its POST runs on a worker thread), the pass
claims the next one and records the answer to the one before; at most two batches are on the
wire, each claimed ('sending') before it leaves. Anything else that talks to the platform
(attachment uploads, a refused batch resent row by row) first waits for every batch in flight,
so one connection is never used by two threads and a failure is handled with nothing pending.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.engine import CursorResult

from desktop.store.base import stored_text
from desktop.store.database import Database
from desktop.store.models import Attachment, Outbox
from sync.api import ApiClient, PushEntry
from sync.backoff import Backoff
from sync.blobs import BlobMissing, BlobReader
from sync.errors import SyncError

log = logging.getLogger("onewindow.sync")

FINAL_OK = {"created", "duplicate"}
PARK = {"rejected", "conflict"}
CONFLICT_REASON = "中心平台已有该办件的另一份内容（冲突），未被采用。请联系管理员核对后处理。"


@dataclass
class PushReport:
    batches: int = 0
    sent: int = 0
    created: int = 0
    duplicate: int = 0
    parked: int = 0
    retry: int = 0
    uploaded: int = 0
    errors: list[SyncError] = field(default_factory=list)
    stopped: SyncError | None = None


@dataclass
class _Row:
    id: int
    application_id: int
    key: str
    payload: str
    sha: str
    attempts: int
    shas: list[str] = field(default_factory=list)


@dataclass
class _InFlight:
    """A batch POSTed on the worker thread: its rows (claimed) and the platform's answer to come."""

    rows: list[_Row]
    reply: Future[tuple[str, list[Any]]]


class OutboxPusher:
    def __init__(self, db: Database, api: ApiClient, *, read_blob: BlobReader,
                 clock: Callable[[], dt.datetime], backoff: Backoff | None = None, batch_size: int = 1000,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.db = db
        self.api = api
        self.read_blob = read_blob
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.sleep = sleep
        self._pause_until = 0.0
        self._flight: list[_InFlight] = []

    # --- crash recovery -----------------------------------------------------------

    def reset_inflight(self) -> int:
        """Rule 4: nothing stays 'sending' after a crash. Call with the sync lock held."""
        with self.db.session() as s:  # the usual case has nothing to reset: skip the write transaction
            if not s.execute(select(Outbox.id).where(Outbox.state == "sending").limit(1)).first():
                return 0
        with self.db.transaction() as s:
            result = s.execute(update(Outbox).where(Outbox.state == "sending")
                               .values(state="pending", next_attempt_at=None))
            return cast(CursorResult, result).rowcount

    # --- the loop -----------------------------------------------------------------

    def push(self, *, budget_seconds: float = 30.0, max_wait: float = 5.0) -> PushReport:
        """Send due rows until none are due, the budget is spent, or an error stops the run.

        The outbox is read once per pass: the ids of every due row (one index-only query), then
        their rows a page at a time by id (:class:`_DueRows`), never re-queried per batch. Each batch is claimed by one UPDATE that
        marks 'sending' only rows still pending, due, and not held back by an earlier unsent
        version of their case, so a row changed since the pass began (held by a clerk, an earlier
        version requeued) is not sent. A pass that sent nothing ends in the wait for the next
        retry; rows that became due meanwhile are found by the next pass.
        """
        report = PushReport()
        deadline = time.monotonic() + budget_seconds
        due: _DueRows | None = None
        progressed = True
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-post")
        try:
            while time.monotonic() < deadline:
                pause = self._pause_until - time.monotonic()
                if pause > 0:
                    if pause > max_wait or time.monotonic() + pause > deadline:
                        break
                    self.sleep(pause)
                batch = due.next(self.batch_size) if due else []
                if not batch:
                    self._land_all(report)  # the pass is spent: its answers first, then look again
                    if report.stopped:
                        break
                    if due:
                        due.close()
                        due = None
                    if progressed:
                        due = _DueRows(self.db, self.clock())
                        progressed = False
                        batch = due.next(self.batch_size)
                    if not batch:
                        wait = self._seconds_to_next()
                        if wait is None or wait > max_wait or time.monotonic() + wait > deadline:
                            break
                        self.sleep(max(wait, 0.005))
                        progressed = True
                        continue
                rows = self._claim(batch)
                if not rows:
                    continue
                progressed = True
                self._send(rows, report, claimed=True, pool=pool)
                if report.stopped:
                    break
        finally:
            try:
                self._land_all(report)
            finally:
                pool.shutdown(wait=True)
                if due:
                    due.close()
        return report

    def _claim(self, rows: list[_Row]) -> list[_Row]:
        """Mark 'sending' (and return, in id order) the rows still due and not behind an unsent earlier version."""
        now = self.clock()
        claimed: set[int] = set()
        with self.db.transaction() as s:
            for i in range(0, len(rows), 500):
                ids = [r.id for r in rows[i:i + 500]]
                result = s.connection().exec_driver_sql(_CLAIM.format(",".join("?" * len(ids))),
                                                        (stored_text(now), *ids, stored_text(now)))
                claimed.update(r[0] for r in result.all())
        return [r for r in rows if r.id in claimed]

    def _seconds_to_next(self) -> float | None:
        with self.db.session() as s:
            nxt = s.execute(select(Outbox.next_attempt_at).where(Outbox.state == "pending")
                            .order_by(Outbox.next_attempt_at).limit(1)).scalar()
        if nxt is None:
            return None
        return max(0.0, (nxt - self.clock()).total_seconds())

    # --- one batch ----------------------------------------------------------------

    def _send(self, rows: list[_Row], report: PushReport, *, claimed: bool = False,
              pool: ThreadPoolExecutor | None = None) -> None:
        """Upload what the rows reference, then POST them: on ``pool`` (pipelined), else here and now."""
        if not claimed:  # a row of a refused batch sent again on its own: still 'sending', stamp it
            with self.db.transaction() as s:
                _by_ids(s, "UPDATE outbox SET state = 'sending', updated_at = ? WHERE id IN ({})",
                        [r.id for r in rows], stored_text(self.clock()))
        try:
            missing = self._upload_attachments(rows, report)
            if missing:
                self._park_missing(rows, missing, report)
                rows = [r for r in rows if not set(r.shas) & missing]
                if not rows:
                    return
            report.batches += 1
            report.sent += len(rows)
            entries = [PushEntry(r.key, r.sha, r.payload) for r in rows]
            if pool is not None:
                self._flight.append(_InFlight(rows, pool.submit(self.api.push, entries)))
            else:
                _key, results = self.api.push(entries)
        except SyncError as err:
            self._request_failed(rows, err, report)
            return
        if pool is None:
            self._record(rows, results, report)
        elif len(self._flight) > 1:
            self._land(report)  # the previous batch's answer, recorded while this one is on the wire

    def _land(self, report: PushReport) -> None:
        """Wait for the oldest batch in flight and record its answer (or its failure)."""
        flight = self._flight.pop(0)
        try:
            _key, results = flight.reply.result()
        except SyncError as err:
            wait([f.reply for f in self._flight])  # nothing on the wire while a failure is handled
            self._request_failed(flight.rows, err, report)
            return
        self._record(flight.rows, results, report)

    def _land_all(self, report: PushReport) -> None:
        while self._flight:
            self._land(report)

    def _upload_attachments(self, rows: list[_Row], report: PushReport) -> set[str]:
        """HEAD then PUT every referenced page not known to be on the platform; returns shas missing locally."""
        wanted: set[str] = set()
        for row in rows:
            if '"sha256"' not in row.payload:  # no page referenced: nothing to parse (the usual case)
                row.shas = []
                continue
            payload = json.loads(row.payload)
            row.shas = [a["sha256"] for m in payload.get("materials") or [] for a in m.get("attachments") or []]
            wanted.update(row.shas)
        if not wanted:
            return set()
        with self.db.session() as s:
            done = set(s.execute(select(Attachment.sha256).where(Attachment.sha256.in_(wanted),
                                                                 Attachment.uploaded.is_(True))).scalars())
            mimes: dict[str, str] = dict(s.execute(select(Attachment.sha256, Attachment.mime)
                                                   .where(Attachment.sha256.in_(wanted))).tuples().all())
        missing: set[str] = set()
        arrived: list[str] = []
        if wanted - done:
            self._land_all(report)  # the connection is the worker's while a batch is in flight
        for sha in sorted(wanted - done):
            if not self.api.has_attachment(sha):
                try:
                    data = self.read_blob(sha)
                except BlobMissing:
                    missing.add(sha)
                    continue
                self.api.put_attachment(sha, data, mimes.get(sha, "application/octet-stream"))
                report.uploaded += 1
            arrived.append(sha)
        if arrived:
            with self.db.transaction() as s:
                s.execute(update(Attachment).where(Attachment.sha256.in_(arrived)).values(uploaded=True))
        return missing

    def _park_missing(self, rows: list[_Row], missing: set[str], report: PushReport) -> None:
        parked = [r for r in rows if set(r.shas) & missing]
        reason = ("本机的附件文件丢失或已损坏，无法上传（{}…）。请重新采集该材料页后再次提交。")
        with self.db.transaction() as s:
            _bulk_update(s, Outbox, [{"id": r.id, "state": "parked", "last_error": "attachment_missing_locally",
                                        "parked_reason": reason.format(sorted(set(r.shas) & missing)[0][:12]),
                                        "updated_at": self.clock()} for r in parked])
            self._settle_applications(s, {r.application_id for r in parked})
        report.parked += len(parked)

    def _request_failed(self, rows: list[_Row], err: SyncError, report: PushReport) -> None:
        report.errors.append(err)
        log.warning("push of %d row(s) failed: %s %s", len(rows), err.kind, err.detail)
        if err.kind == "rejected" and len(rows) > 1:
            for row in rows:  # find the one the platform objects to: send them one by one
                self._send([row], report)
                if report.stopped:
                    return
            return
        if err.kind == "rejected":
            self._park(rows, err.message, f"http_{err.status}", report)
            return
        now = self.clock()
        counts = err.kind != "auth" and err.retryable
        updates = []
        for row in rows:
            attempts = row.attempts + (1 if counts else 0)
            delay = self.backoff.delay(attempts, err.retry_after) if counts else 0.0
            updates.append({"id": row.id, "state": "pending", "attempts": attempts, "last_error": err.kind,
                            "next_attempt_at": now + dt.timedelta(seconds=delay), "updated_at": now})
        with self.db.transaction() as s:
            _bulk_update(s, Outbox, updates)
        report.retry += len(rows)
        if err.stops_run:
            report.stopped = err
        else:  # honour Retry-After (and our own backoff) for every row, not only this batch's
            self._pause_until = time.monotonic() + max(err.retry_after or 0.0, min(u_delay(updates, now)))

    def _park(self, rows: list[_Row], reason: str, code: str, report: PushReport) -> None:
        with self.db.transaction() as s:
            _bulk_update(s, Outbox, [{"id": r.id, "state": "parked", "parked_reason": reason, "last_error": code,
                                        "updated_at": self.clock()} for r in rows])
            self._settle_applications(s, {r.application_id for r in rows})
        report.parked += len(rows)

    # --- results ------------------------------------------------------------------

    def _record(self, rows: list[_Row], results: list[Any], report: PushReport) -> None:
        by_key = {r.get("idempotency_key"): r for r in results if isinstance(r, dict)}
        now = self.clock()
        done: list[int] = []
        other_updates: list[dict[str, Any]] = []
        app_results = {}
        forget_uploads: set[str] = set()
        for row in rows:
            result = by_key.get(row.key) or {}
            outcome = result.get("result")
            if outcome in FINAL_OK:
                done.append(row.id)
                app_results[row.application_id] = result
                report.created += outcome == "created"
                report.duplicate += outcome == "duplicate"
            elif outcome in PARK:
                reason = result.get("reason") or (CONFLICT_REASON if outcome == "conflict" else "中心平台拒绝受理该办件。")
                other_updates.append({"id": row.id, "state": "parked", "parked_reason": str(reason),
                                      "last_error": str(result.get("code") or outcome), "updated_at": now})
                report.parked += 1
            else:  # retry-later, or no usable result for this row
                if result.get("code") == "attachment_missing":
                    forget_uploads.update(row.shas)
                attempts = row.attempts + 1
                delay = self.backoff.delay(attempts, _number(result.get("retry_after")))
                other_updates.append({"id": row.id, "state": "pending", "attempts": attempts,
                                      "last_error": str(result.get("code") or "no_result"),
                                      "next_attempt_at": now + dt.timedelta(seconds=delay), "updated_at": now})
                report.retry += 1
        with self.db.transaction() as s:
            if done:  # the usual case: one statement for the whole batch
                _by_ids(s, "UPDATE outbox SET state = 'done', last_error = '', updated_at = ? WHERE id IN ({})",
                        done, stored_text(now))
            _bulk_update(s, Outbox, other_updates)
            if forget_uploads:
                s.execute(update(Attachment).where(Attachment.sha256.in_(forget_uploads)).values(uploaded=False))
            self._settle_applications(s, {r.application_id for r in rows}, app_results)

    @staticmethod
    def _settle_applications(s, app_ids: set[int], results: dict[int, dict[str, Any]] | None = None) -> None:
        """Derive each application's sync_state from its outbox rows; copy the platform's number and version.

        Set-based, each application row written once: one executemany derives sync_state in SQL
        (pending while any row is pending or sending, else synced when the newest version is
        done, else parked) and copies what the platform answered for it; the applications it did
        not answer for (parked, retried) get the same derivation by one UPDATE over their ids.
        """
        if not app_ids:
            return
        results = results or {}
        answered = []
        for app_id, result in results.items():
            version = _number(result.get("server_version"))
            v = int(version) if version is not None else None
            answered.append((str(result["official_no"]) if result.get("official_no") else None, v, v,
                             str(result["status"]) if result.get("status") else None, app_id))
        if answered:
            s.connection().exec_driver_sql(_SETTLE_ANSWERED, answered)
        if rest := sorted(app_ids - results.keys()):
            _by_ids(s, _SETTLE, rest)


class _DueRows:
    """The pass's read of the outbox: every row due at ``now``, in id order, a batch at a time.

    The ids of the due rows are read once (an index-only query); their rows are then read a page
    at a time by primary key, each read to its end, so no read snapshot stays open while the
    batches' writes commit (a statement held open for a whole pass kept the WAL from being
    checkpointed, and at 100,000 rows every later read and commit slowed down). What is actually
    sent is decided by :meth:`OutboxPusher._claim` against the current state, not by this read.
    """

    PAGE = 5000

    def __init__(self, db: Database, now: dt.datetime) -> None:
        self._conn = db.raw_connection(readonly=True)
        self._ids = [r[0] for r in self._conn.execute(_DUE_IDS, (stored_text(now),))]
        self._next = 0
        self._rows: list[_Row] = []

    def next(self, size: int) -> list[_Row]:
        if len(self._rows) < size and self._next < len(self._ids):
            page = self._ids[self._next:self._next + max(size, self.PAGE)]
            self._next += len(page)
            for i in range(0, len(page), 900):
                chunk = page[i:i + 900]
                self._rows += [_Row(*r) for r in self._conn.execute(
                    _ROWS.format(",".join("?" * len(chunk))), chunk).fetchall()]
        batch, self._rows = self._rows[:size], self._rows[size:]
        return batch

    def close(self) -> None:
        self._conn.close()


# Plain SQL for the statements run once per batch: compiling an expanding IN of 200 ids through
# SQLAlchemy costs more than SQLite spends running it.
_SYNC_STATE = ("CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.application_id = application.id "
               "AND o.state IN ('pending', 'sending')) THEN 'pending' "
               "WHEN (SELECT o.state FROM outbox o WHERE o.application_id = application.id "
               "ORDER BY o.version DESC, o.state DESC LIMIT 1) = 'done' THEN 'synced' "
               "ELSE 'parked' END")
_SETTLE = f"UPDATE application SET sync_state = {_SYNC_STATE} WHERE id IN ({{}})"
_DUE_IDS = ("SELECT id FROM outbox WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
            "ORDER BY id")
_ROWS = ("SELECT id, application_id, idempotency_key, payload, payload_sha256, attempts FROM outbox "
         "WHERE id IN ({}) ORDER BY id")
_CLAIM = ("UPDATE outbox SET state = 'sending', updated_at = ? WHERE id IN ({}) AND state = 'pending' "
          "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
          "AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.application_id = outbox.application_id "
          "AND e.version < outbox.version AND e.state IN ('pending', 'sending')) RETURNING id")
_SETTLE_ANSWERED = (f"UPDATE application SET sync_state = {_SYNC_STATE}, official_no = coalesce(?, official_no), "
                    "server_version = CASE WHEN ? IS NULL THEN server_version "
                    "ELSE max(coalesce(server_version, 0), ?) END, "
                    "server_status = coalesce(?, server_status) WHERE id = ?")


def _by_ids(s, sql: str, ids: list[int], *before: Any) -> None:
    """Run ``sql`` (with ``IN ({})``) for ``ids`` in chunks, ``before`` bound ahead of the ids."""
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        s.connection().exec_driver_sql(sql.format(",".join("?" * len(chunk))), (*before, *chunk))


def _bulk_update(s, model, updates: list[dict[str, Any]]) -> None:
    """Rows by primary key, as one Core executemany per set of changed columns (no ORM unit of work)."""
    table = cast(Table, model.__table__)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for u in updates:
        groups.setdefault(tuple(sorted(k for k in u if k != "id")), []).append(u)
    for columns, group in groups.items():
        statement = (update(table).where(table.c.id == bindparam("_id"))
                     .values({c: bindparam(f"_{c}") for c in columns}))
        s.connection().execute(statement, [{"_id": u["id"], **{f"_{c}": u[c] for c in columns}} for u in group])


def u_delay(updates: list[dict[str, Any]], now: dt.datetime) -> list[float]:
    return [(u["next_attempt_at"] - now).total_seconds() for u in updates] or [0.0]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value
