"""HTTP routes of the hall (contract tag ``hall``) and the hall's admin endpoints.

Client routes need a device of a hall: ``GET /api/v1/hall`` (the hall, its lookup key, its
windows' freshness), ``GET /api/v1/hall/changes`` (the feed), ``GET /api/v1/hall/cases`` (find by
number, receipt QR or applicant key), ``GET /api/v1/hall/cases/{uuid}``, ``POST
/api/v1/hall/cases/{uuid}/events`` and ``GET /api/v1/attachments/{sha256}`` (a page of a hall case).
"""
from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING, Any

from desktop.domain.case_lookup import LookupInputError, classify
from tests.central_server import hall_feed, hall_store
from tests.central_server.hall_store import HallError

if TYPE_CHECKING:
    from tests.central_server.handler import CentralServer, Reply

_CASE = re.compile(r"/api/v1/hall/cases/([0-9a-fA-F-]{8,36})")
_CASE_EVENTS = re.compile(r"/api/v1/hall/cases/([0-9a-fA-F-]{8,36})/events")
_ATTACHMENT = re.compile(r"/api/v1/attachments/([0-9a-f]{64})")


def _reply(status: int, body: Any = None, raw: bytes | None = None) -> Reply:
    from tests.central_server.handler import Reply

    return Reply(status, body, raw=raw)


def _hall_error(exc: HallError) -> Reply:
    body: dict[str, Any] = {"error": exc.code, "message": exc.message}
    if exc.case is not None:
        body["case"] = exc.case
    return _reply(exc.status, body)


def touch(server: CentralServer, device: str) -> None:
    """The platform heard from this device now (a window's freshness in the hall report)."""
    store = server.store
    with store._tx() as conn:
        hall_store.seen(conn, device, server.now())


def route(server: CentralServer, device: str, method: str, path: str, query: dict[str, str],
          body: bytes) -> Reply | None:
    """Answer a hall request, or None when ``path`` is not a hall route."""
    if not (path.startswith("/api/v1/hall") or (method == "GET" and _ATTACHMENT.fullmatch(path))):
        return None
    store = server.store
    with store._lock:
        membership = hall_store.device_hall(store._conn, device)
    if membership is None:
        return _reply(403, {"error": "no_hall", "message": "本机未登记到任何政务服务大厅，请IT使用大厅登记码重新登记。"})
    hall_id, _window = membership
    try:
        return _dispatch(server, hall_id, device, method, path, query, body)
    except HallError as exc:
        return _hall_error(exc)


def _dispatch(server: CentralServer, hall_id: str, device: str, method: str, path: str, query: dict[str, str],
              body: bytes) -> Reply:
    store = server.store
    if method == "GET" and path == "/api/v1/hall":
        with store._lock:
            return _reply(200, {**hall_store.hall_info(store._conn, hall_id), "server_time": hall_store.iso(server.now())})
    if method == "GET" and path == "/api/v1/hall/changes":
        limit = int(query.get("limit") or 500)
        days = max(1, min(3650, int(query.get("days") or 90)))
        try:
            with store._lock:
                raw = hall_feed.page(store._conn, hall_id, query.get("since") or "", limit, days, server.now())
        except hall_feed.CursorError:
            return _reply(400, {"error": "bad_cursor", "message": "大厅变更游标无效，请重新同步。"})
        return _reply(200, raw=raw)
    if method == "GET" and path == "/api/v1/hall/cases":
        return _find(server, hall_id, query)
    if (m := _CASE_EVENTS.fullmatch(path)) and method == "POST":
        return _post_event(server, hall_id, device, m.group(1), body)
    if (m := _CASE.fullmatch(path)) and method == "GET":
        with store._lock:
            return _reply(200, hall_store.get_case(store._conn, hall_id, m.group(1)))
    if (m := _ATTACHMENT.fullmatch(path)) and method == "GET":
        return _attachment(server, hall_id, m.group(1))
    return _reply(404, {"error": "not_found", "message": "接口不存在。"})


def _find(server: CentralServer, hall_id: str, query: dict[str, str]) -> Reply:
    store = server.store
    key = (query.get("applicant_key") or "").strip().lower()
    numbers: tuple[str, ...] = ()
    if not key:
        text = query.get("qr") or query.get("number") or ""
        try:
            found = classify(text)
        except LookupInputError as exc:
            return _reply(400, {"error": "bad_query", "message": str(exc)})
        if found.by_id:
            return _reply(400, {"error": "bad_query", "message": "请用证件号码的查询密钥（applicant_key）查找。"})
        numbers = found.numbers
    with store._lock:
        ids: list[int] = []
        if key:
            ids = hall_store.find_cases(store._conn, hall_id, key=key)
        else:
            refusal: HallError | None = None
            for number in numbers:
                try:
                    ids = hall_store.find_cases(store._conn, hall_id, number=number)
                except HallError as exc:
                    refusal = refusal or exc
                if ids:
                    break
            if not ids and refusal is not None:
                raise refusal
        items = [hall_store.case_json(store._conn, i, with_name=True) for i in ids]
    if not items and not key:
        return _reply(404, {"error": "unknown_case", "message": f"中心平台没有编号为 {numbers[0]} 的办件。"})
    return _reply(200, {"items": items})


def _post_event(server: CentralServer, hall_id: str, device: str, uuid: str, body: bytes) -> Reply:
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return _reply(400, {"error": "bad_json", "message": "请求内容不是有效的 JSON。"})
    if not isinstance(request, dict) or request.get("case_uuid") != uuid:
        return _reply(400, {"error": "case_mismatch", "message": "事件所属办件与请求地址不一致。"})
    store = server.store
    with store._tx() as conn:
        outcome = hall_store.append(conn, hall_id, device, request, server.now())
    return _reply(201 if outcome["result"] == "created" else 200, outcome)


def _attachment(server: CentralServer, hall_id: str, sha: str) -> Reply:
    from tests.central_server.handler import Reply

    store = server.store
    with store._lock:
        row = store._conn.execute("SELECT mime, data FROM attachment WHERE sha256 = ?", (sha,)).fetchone()
    if row is None:
        return _reply(404, {"error": "unknown_attachment", "message": "中心平台没有该附件。"})
    return Reply(200, raw=bytes(row[1]), content_type=row[0] or "application/octet-stream")


# --- admin ----------------------------------------------------------------------------


def admin(server: CentralServer, method: str, path: str, query: dict[str, str], request: dict[str, Any]) -> Reply | None:
    """The hall's admin endpoints (loopback, no auth), or None for other paths."""
    store = server.store
    now = server.now()
    if method == "GET" and path == "/admin/hall/events":
        hall_id = query.get("hall") or hall_store.DEFAULT_HALL
        with store._lock:
            rows = store._conn.execute("SELECT body FROM hall_event WHERE hall_id = ? AND kind NOT IN (?, 'raw') "
                                       "ORDER BY seq", (hall_id, hall_store.TOMBSTONE)).fetchall()
        return _reply(200, {"items": [json.loads(r[0]) for r in rows]})
    if method == "GET" and path == "/admin/hall/report":
        with store._lock:
            counts = hall_store.day_report(store._conn, query.get("hall") or hall_store.DEFAULT_HALL, query["date"])
        return _reply(200, {"windows": counts})
    if method == "GET" and path == "/admin/hall/devices":
        with store._lock:
            rows = store._conn.execute("SELECT device_id, hall_id, window_id, last_seen_at FROM hall_device").fetchall()
        return _reply(200, {"items": [dict(zip(("device_id", "hall_id", "window_id", "last_seen_at"), r, strict=True))
                                      for r in rows]})
    if method != "POST":
        return None
    if path == "/admin/halls":
        with store._tx() as conn:
            hall_store.ensure_hall(conn, str(request["id"]), str(request.get("name") or ""))
        return _reply(200, {"id": request["id"]})
    if path == "/admin/enrol-codes":
        from tests.central_server import enrolment

        with store._tx() as conn:
            codes = hall_store.issue_codes(conn, str(request.get("hall") or hall_store.DEFAULT_HALL),
                                           int(request.get("count") or 1), now)
        ttl = int(request.get("ttl_seconds", enrolment.DEFAULT_TTL_SECONDS))
        issued = [enrolment.issue(store, code, ttl) for code in codes]  # single use, expiring (HARDEN)
        return _reply(200, {"codes": codes, "code": codes[0], "expires_at": issued[0]["expires_at"]})
    try:
        with store._tx() as conn:
            if path == "/admin/hall/events":
                outcome = hall_store.platform_event(conn, str(request["uuid"]), str(request["kind"]),
                                                    dict(request.get("data") or {}), now, str(request.get("note", "")))
                return _reply(200, outcome) if outcome else _reply(404, {"error": "unknown_case"})
            if path == "/admin/hall/tombstone":
                return _reply(200, {"deleted": hall_store.tombstone(conn, str(request["uuid"]), now)})
            if path == "/admin/hall/raw-event":
                return _reply(200, {"seq": hall_store.raw_event(conn, str(request["uuid"]), str(request["body"]), now)})
            if path == "/admin/hall/generate":
                from tests.central_server.hall_generate import generate

                started = time.perf_counter()
                made = generate(conn, request, now)
                return _reply(200, {**made, "seconds": time.perf_counter() - started})
    except HallError as exc:
        return _hall_error(exc)
    return None
