"""Enrolment: trade IT's one-time code for a device token, kept in the OS keyring.

The token is stored before anything else is written, so a machine without a secure
credential store fails cleanly (and says why) instead of ending up half-enrolled.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass

from desktop.config import save_local_settings
from desktop.services import audit
from desktop.services.context import AppContext
from sync.api import ApiClient
from sync.errors import SyncError
from sync.state import DEVICE_ID, ENROLLED_AT, SERVER_URL, measure_skew, set_value
from sync.token_store import TokenStore, token_store_for


@dataclass(frozen=True)
class EnrolResult:
    device_id: str
    server_url: str
    token_store: str  # where the token went (description)
    skew_seconds: float | None


def enroll(ctx: AppContext, server_url: str, code: str, *, token_store: TokenStore | None = None,
           actor: str = "it") -> EnrolResult:
    server_url = server_url.rstrip("/")
    store = token_store or token_store_for(ctx.config.data_dir, server_url)
    api = ApiClient(server_url, timeout=ctx.config.server.timeout_seconds, ca_bundle=ctx.config.server.ca_bundle)
    try:
        sent = ctx.now()
        body = api.enroll(code, ctx.config.hall.window_id, ctx.config.hall.region_code, socket.gethostname())
        received = ctx.now()
    finally:
        api.close()
    token, device_id = body.get("token"), body.get("device_id")
    if not isinstance(token, str) or not token or not isinstance(device_id, str):
        raise SyncError("bad_response", detail="enrol response without token")
    store.set(token)
    now = ctx.now()
    with ctx.db.transaction() as s:
        set_value(s, DEVICE_ID, device_id, now)
        set_value(s, SERVER_URL, server_url, now)
        set_value(s, ENROLLED_AT, now.isoformat(), now)
        audit.record(s, actor, "sync.enroll", server_url, {"device_id": device_id, "window_id":
                                                          ctx.config.hall.window_id}, at=now)
    if ctx.config.server.url.rstrip("/") != server_url:
        save_local_settings(ctx.config, {"server": {"url": server_url}})
    return EnrolResult(device_id, server_url, store.description,
                       measure_skew(body.get("server_time"), sent, received))
