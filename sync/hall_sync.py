"""The hall's part of a sync run: learn the hall, send case events, pull the hall's changes.

Runs after the outbox push (so the events a snapshot carried are answered first) and as one
more feed of the pull. A hall problem never holds back the other feeds, and intake never waits
on any of it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.services.context import AppContext
from desktop.services.hall.keys import HALL_LOOKUP_KEY
from sync.api import ApiClient
from sync.backoff import Backoff
from sync.blobs import BlobReader
from sync.errors import SyncError
from sync.hall_api import HallApi
from sync.hall_feed import HALL_ID, HALL_NAME, HallFeedPuller, HallFeedReport
from sync.hall_push import HallEventPusher, HallPushReport
from sync.state import get_value, set_value


@dataclass
class HallRunReport:
    push: HallPushReport = field(default_factory=HallPushReport)
    feed: HallFeedReport | None = None


def learn_hall(ctx: AppContext, hall: HallApi) -> None:
    """The hall this device belongs to and its lookup key (the keyed hash of ID numbers)."""
    info = hall.info()
    key, hall_id = info.get("lookup_key"), info.get("hall_id")
    if not isinstance(key, str) or not isinstance(hall_id, str):
        raise SyncError("bad_response", detail="hall info without key")
    now = ctx.now()
    with ctx.db.session() as s:
        unchanged = get_value(s, HALL_LOOKUP_KEY) == key and get_value(s, HALL_ID) == hall_id
    if unchanged:
        return
    with ctx.db.transaction() as s:
        set_value(s, HALL_ID, hall_id, now)
        set_value(s, HALL_NAME, str(info.get("name") or ""), now)
        set_value(s, HALL_LOOKUP_KEY, key, now)
    from desktop.services.hall.keys import backfill_keys

    backfill_keys(ctx)


def push_events(ctx: AppContext, api: ApiClient, *, read_blob: BlobReader, backoff: Backoff,
                budget_seconds: float) -> HallPushReport:
    pusher = HallEventPusher(ctx.db, HallApi(api), api, read_blob=read_blob, clock=ctx.now, backoff=backoff)
    pusher.reset_inflight()
    return pusher.push(budget_seconds=budget_seconds)


def pull_feed(ctx: AppContext, api: ApiClient, *, page_size: int = 2000,
              clock: Callable[[], dt.datetime] | None = None) -> HallFeedReport:
    hall = HallApi(api)
    learn_hall(ctx, hall)
    return HallFeedPuller(ctx.db, hall, clock or ctx.now, days=ctx.config.hall.cache_days,
                          page_size=page_size).pull()
