"""One sync run: health and clock, push the outbox, pull catalog, statuses and calendar.

Holds the per-database sync lock for the whole run (rule 7) and resets rows a crashed run
left 'sending' (rule 4) before anything else. Every failure ends as a summary with a plain
Chinese message; nothing here raises into the GUI or the CLI, and intake never waits on it.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.services.context import AppContext
from sync.backoff import Backoff
from sync.errors import SyncError
from sync.lock import SyncLock
from sync.queue import queue_counts
from sync.state import (
    CLOCK_SKEW,
    LAST_ATTEMPT_AT,
    LAST_ERROR,
    LAST_OK_AT,
    SERVER_URL,
    get_value,
    measure_skew,
    parse_time,
    set_value,
)
from sync.summary import SyncSummary
from sync.token_store import TokenStore, token_store_for

if TYPE_CHECKING:  # the HTTP stack and the pullers load with the first run that talks to a platform
    import requests

    from sync.api import ApiClient
    from sync.blobs import BlobReader

log = logging.getLogger("onewindow.sync")
T = TypeVar("T")


class SyncEngine:
    def __init__(self, ctx: AppContext, *, token_store: TokenStore | None = None, read_blob: BlobReader | None = None,
                 backoff: Backoff | None = None, batch_size: int | None = None, page_size: int = 2000,
                 session_factory: Callable[[], requests.Session] | None = None) -> None:
        self.ctx = ctx
        self._token_store = token_store
        self.read_blob = read_blob
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size or ctx.config.server.push_batch_size
        self.page_size = page_size
        self.session_factory = session_factory

    # --- configuration ------------------------------------------------------------

    def server_url(self) -> str:
        if self.ctx.config.server.url:
            return self.ctx.config.server.url.rstrip("/")
        with self.ctx.db.session() as s:
            return (get_value(s, SERVER_URL) or "").rstrip("/")

    def token_store(self) -> TokenStore:
        return self._token_store or token_store_for(self.ctx.config.data_dir, self.server_url())

    def api(self, token: str | None) -> ApiClient:
        from sync.api import ApiClient

        server = self.ctx.config.server
        return ApiClient(self.server_url(), token, timeout=server.timeout_seconds, ca_bundle=server.ca_bundle,
                         session=self.session_factory() if self.session_factory else None)

    # --- runs ---------------------------------------------------------------------

    def run_once(self, *, budget_seconds: float = 30.0, max_wait: float = 5.0, pull: bool = True) -> SyncSummary:
        started = time.monotonic()
        summary = SyncSummary()
        lock = SyncLock(self.ctx.config.db_path)
        if not lock.acquire():
            summary.busy = True
            self._fill(summary)
            return summary
        error: SyncError | None = None
        try:
            self._run(summary, budget_seconds, max_wait, pull)
        except SyncError as err:
            error = err
            summary.error_kind, summary.error = err.kind, err.message
            log.warning("sync stopped: %s %s", err.kind, err.detail)
        finally:
            try:
                self._remember(summary, error)
            finally:
                lock.release()
        self._fill(summary)
        summary.duration_seconds = time.monotonic() - started
        return summary

    def status(self) -> SyncSummary:
        """The last known state, without touching the network."""
        summary = SyncSummary()
        try:
            summary.enrolled = bool(self.server_url() and self.token_store().get())
        except SyncError as err:
            summary.error_kind, summary.error = err.kind, err.message
        self._fill(summary)
        with self.ctx.db.session() as s:
            last_error = get_value(s, LAST_ERROR)
        if last_error and not summary.error:
            summary.error = last_error
        return summary

    def _run(self, summary: SyncSummary, budget: float, max_wait: float, pull: bool) -> None:
        if not self.server_url():
            raise SyncError("not_configured")
        token = self.token_store().get() or self._enrol_from_provisioning()
        if not token:
            raise SyncError("not_enrolled")
        summary.enrolled = True
        from sync.blobs import default_reader
        from sync.pusher import OutboxPusher

        api = self.api(token)
        try:
            pusher = OutboxPusher(self.ctx.db, api, read_blob=self.read_blob or default_reader(self.ctx),
                                  clock=self.ctx.now, backoff=self.backoff, batch_size=self.batch_size)
            reset = pusher.reset_inflight()
            if reset:
                log.info("%d outbox row(s) left 'sending' by an interrupted run are pending again", reset)
            self._health(api, summary)
            report = pusher.push(budget_seconds=budget, max_wait=max_wait)
            summary.created, summary.duplicate = report.created, report.duplicate
            summary.newly_parked, summary.retried, summary.uploaded = report.parked, report.retry, report.uploaded
            if report.stopped:
                raise report.stopped
            if report.errors:
                summary.warnings.append(report.errors[-1].message)
            self._hall_push(api, summary, budget)
            if pull:
                self._pull_all(api, summary, time.monotonic() + budget)
            from sync.audit_anchor import export_anchor

            if warning := export_anchor(self.ctx, api):
                summary.warnings.append(warning)
        finally:
            api.close()

    def _enrol_from_provisioning(self) -> str | None:
        """First start on a provisioned PC: enrol with IT's code once the server answers.

        Unreachable now means "later": the error propagates as this run's result and the next
        scheduled run tries again, so IT never has to visit the counter to run `enroll`.
        """
        server = self.ctx.config.server
        if not (server.url and server.enrol_code):
            return None
        from sync.enrol import enroll

        store = self.token_store()
        enroll(self.ctx, server.url, server.enrol_code, token_store=store, actor="provisioning")
        log.info("device enrolled automatically from the provisioning file")
        return store.get()

    def _pull_all(self, api: ApiClient, summary: SyncSummary, deadline: float) -> None:
        """Each feed on its own: a bad catalog page must not hold back status changes or the calendar."""
        from sync.calendar_pull import CalendarPuller
        from sync.catalog_pull import CatalogPuller
        from sync.hall_sync import pull_feed
        from sync.status_pull import StatusPuller

        failures: list[SyncError] = []

        def attempt(fn: Callable[[], T]) -> T | None:
            try:
                return self._retrying(fn, deadline)
            except SyncError as err:
                if err.stops_run:
                    raise
                failures.append(err)
                return None

        catalog = attempt(lambda: CatalogPuller(self.ctx.db, api, self.ctx.now, page_size=self.page_size).pull())
        if catalog:
            summary.matters_changed, summary.matters_deleted = catalog.changed, catalog.deleted
        from desktop.services.platform_codes import platform_codes

        codes = platform_codes(self.ctx.config)
        statuses = attempt(lambda: StatusPuller(self.ctx.db, api, self.ctx.now, page_size=self.page_size,
                                                codes=codes).pull())
        if statuses:
            summary.status_changes = statuses.applied
            if statuses.refused or statuses.deferred:
                summary.warnings.append(f"平台报告的状态中有 {statuses.refused} 条被拒绝、{statuses.deferred} 条与本窗口"
                                        "未上传的修改冲突：已记录，请主管在“冲突处理”中处理（onewindow conflicts list）。")
        summary.calendar_years = attempt(lambda: CalendarPuller(self.ctx, api).pull()) or []
        hall = attempt(lambda: pull_feed(self.ctx, api))
        if hall:
            summary.hall_changes = hall.events
        if failures:
            raise failures[0]

    def _hall_push(self, api: ApiClient, summary: SyncSummary, budget: float) -> None:
        """Case events (the hall): what snapshots carried is settled, events on other windows' cases sent."""
        from sync.blobs import default_reader
        from sync.hall_sync import push_events

        report = push_events(self.ctx, api, read_blob=self.read_blob or default_reader(self.ctx),
                             backoff=self.backoff, budget_seconds=budget)
        summary.hall_sent, summary.hall_refusals = report.done, report.refusals
        if report.stopped:
            raise report.stopped

    def _health(self, api: ApiClient, summary: SyncSummary) -> None:
        sent = self.ctx.now()
        health = api.health()
        received = self.ctx.now()
        summary.online = True
        skew = measure_skew(health.get("server_time"), sent, received)
        if skew is not None:
            summary.skew_seconds = skew
            with self.ctx.db.transaction() as s:
                set_value(s, CLOCK_SKEW, f"{skew:.1f}", received)

    def _retrying(self, fn: Callable[[], T], deadline: float) -> T:
        """Pulls retry transient failures a few times within the run (they are idempotent by cursor)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except SyncError as err:
                delay = self.backoff.delay(attempt, err.retry_after)
                if not err.retryable or err.stops_run or attempt >= 5 or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)

    # --- bookkeeping --------------------------------------------------------------

    def _remember(self, summary: SyncSummary, error: SyncError | None) -> None:
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            set_value(s, LAST_ATTEMPT_AT, now.isoformat(), now)
            set_value(s, LAST_ERROR, error.message if error else "", now)
            if error is None and summary.online:
                set_value(s, LAST_OK_AT, now.isoformat(), now)

    def _fill(self, summary: SyncSummary) -> None:
        counts = queue_counts(self.ctx.db)
        summary.pending = counts["pending"] + counts["sending"]
        summary.parked = counts["parked"]
        with self.ctx.db.session() as s:
            last_ok = get_value(s, LAST_OK_AT)
            skew = get_value(s, CLOCK_SKEW)
        summary.last_ok = parse_time(last_ok) if last_ok else None
        if summary.skew_seconds is None and skew:
            summary.skew_seconds = float(skew)


def describe(summary: SyncSummary) -> dict[str, Any]:
    """A JSON-friendly view (for logs and `sync status --json`)."""
    return {"online": summary.online, "enrolled": summary.enrolled, "pending": summary.pending,
            "parked": summary.parked, "last_ok": summary.last_ok.isoformat() if summary.last_ok else None,
            "skew_seconds": summary.skew_seconds, "skew_warning": summary.skew_warning, "busy": summary.busy,
            "error_kind": summary.error_kind, "error": summary.error}
