"""HTTP routing of the reference server: the client contract under /api/v1, steering under /admin.

Faults apply to /api/v1 only (health gets latency and skew, never errors, so a harness can
always tell the process is up). Error-type faults fire before the work; "after-commit" faults
(dropped connection, malformed or wrongly typed body) fire after the transaction committed,
which is exactly the case where a naive client sends the same application twice.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import json
import re
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.central_server import certificates, hall_routes, hall_store
from tests.central_server.admin import handle_admin
from tests.central_server.faults import FaultPlan
from tests.central_server.store import Store, iso
from tests.central_server.validation import Invalid, Numbers
from tests.central_server.validation import check as check_contract

MAX_BODY = 64 * 1024 * 1024
_ATTACHMENT = re.compile(r"/api/v1/attachments/([0-9a-f]{64})")


class CentralServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, store: Store, enrol_code: str, faults: FaultPlan,
                 enrol_codes: dict[str, str] | None = None) -> None:
        super().__init__(address, Handler)
        self.store = store
        self.enrol_code = enrol_code
        self.faults = faults
        store.clock = self.now
        # Halls: every enrolment code belongs to one hall (CODE[:HALL] on the command line).
        with store._lock:
            hall_store.setup(store._conn)
        with store._tx() as conn:
            hall_store.add_codes(conn, enrol_codes or {enrol_code: hall_store.DEFAULT_HALL}, self.now())

    def handle_error(self, request, client_address) -> None:
        # A client hanging up mid-request is normal here (timeouts, kill -9 tests); stay quiet.
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError | TimeoutError):
            super().handle_error(request, client_address)

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.faults.skew_seconds)


class Reply:
    def __init__(self, status: int, body: Any = None, *, headers: dict[str, str] | None = None,
                 raw: bytes | None = None, content_type: str = "application/json; charset=utf-8") -> None:
        self.status = status
        self.raw = raw if raw is not None else (b"" if body is None else
                                                json.dumps(body, ensure_ascii=False).encode("utf-8"))
        self.headers = headers or {}
        self.content_type = content_type


def error(status: int, code: str, message: str, **headers: str) -> Reply:
    return Reply(status, {"error": code, "message": message}, headers=headers)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: CentralServer
    _parsed: Any = None  # the request's JSON body as the contract check parsed it
    _numbers: Numbers  # whether that body held a float (set for each request)

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without NODELAY the client's delayed ACK
        # would add ~40 ms to every response on loopback.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet: the test harness reads stdout for readiness only

    def date_time_string(self, timestamp: float | None = None) -> str:
        return email.utils.formatdate(time.time() + self.server.faults.skew_seconds, usegmt=True)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    # --- plumbing -----------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def _send(self, reply: Reply, *, head: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.raw)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(reply.raw)

    def _send_huge(self, size: int) -> None:
        """A 200 OK JSON reply of ``size`` bytes, generated as it is sent (the server holds none of it)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b'{"items":[' + b" " * (1024 * 1024 - 10)
        sent = 0
        with contextlib.suppress(OSError):
            while sent < size:
                piece = block[:min(len(block), size - sent)]
                self.wfile.write(piece)
                sent += len(piece)
        self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self._parsed, self._numbers = None, Numbers()
        try:
            body = self._body()
        except ValueError:
            self._send(error(413, "too_large", "请求内容过大。"))
            return
        if url.path.startswith("/admin/"):
            try:
                self._send(handle_admin(self.server, method, url.path, query, body))
            except Exception as exc:  # noqa: BLE001 - steering errors are answered too
                self._send(error(400, "bad_admin_request", f"{type(exc).__name__}: {exc}"))
            return
        faults = self.server.faults
        if delay := faults.latency():
            time.sleep(delay)
        if url.path != "/api/v1/health":
            if faults.roll("5xx"):
                self._send(error(503, "unavailable", "中心平台暂时不可用，请稍后再试。"))
                return
            if faults.roll("429"):
                self._send(error(429, "rate_limited", "请求过于频繁，请稍后再试。",
                                 **{"Retry-After": str(faults.retry_after)}))
                return
        try:
            self._parsed = check_contract(method, url.path, query, self.headers, body, self._numbers)
            reply = self._route(method, url.path, query, body)
        except Invalid as exc:
            reply = error(400, exc.code, str(exc))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            reply = error(400, "bad_request", f"请求格式不正确：{type(exc).__name__}")
        except Exception as exc:  # noqa: BLE001 - a platform answers, it does not hang up
            reply = error(500, "internal", f"中心平台内部错误（{type(exc).__name__}），请稍后再试。")
        if url.path != "/api/v1/health" and method == "GET" and faults.roll("huge"):
            self._send_huge(faults.huge_bytes)
            return
        if url.path != "/api/v1/health" and reply.status < 500:
            if faults.roll("not-object"):
                reply = Reply(200, [reply.status, "not an object"])
            elif faults.roll("missing-fields"):
                reply = Reply(200, {})
            if faults.roll("drop-after-commit"):
                self._drop()
                return
            if reply.raw and faults.roll("malformed"):
                reply.raw = reply.raw[:faults.truncate_at(len(reply.raw))]
            elif faults.roll("wrong-type"):
                reply = Reply(200, raw="<html><body>网关错误 Gateway</body></html>".encode(),
                              content_type="text/html; charset=utf-8")
        self._send(reply, head=method == "HEAD")

    # --- the contract -------------------------------------------------------------

    def _device(self) -> str | None:
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Bearer "):
            return None
        return self.server.store.device_for_token(auth[7:].strip())

    def _route(self, method: str, path: str, query: dict[str, str], body: bytes) -> Reply:
        store = self.server.store
        if path == "/api/v1/health" and method == "GET":
            return Reply(200, {"status": "ok", "server_time": iso(self.server.now()), "api_version": "1"})
        if path == "/api/v1/devices/enroll" and method == "POST":
            return self._enroll(json.loads(body or b"{}"))
        device = self._device()
        if device is None:
            return error(401, "token_invalid", "本机的设备令牌无效或已被吊销，请联系IT重新登记本机。")
        if path == "/api/v1/matters" and method == "GET":
            return Reply(200, store.matters_since(int(query.get("since") or 0), _limit(query)))
        if path == "/api/v1/applications" and method == "POST":
            return self._push(device, body)
        if path == "/api/v1/applications/changes" and method == "GET":
            return Reply(200, store.changes_since(device, int(query.get("since") or 0), _limit(query)))
        if path == "/api/v1/calendar" and method == "GET":
            year = int(query["year"])
            if not 2000 <= year <= 2100:
                return error(400, "bad_year", "年份超出范围。")
            return Reply(200, {"year": year, "days": store.calendar(year)})
        if (hall := hall_routes.route(self.server, device, method, path, query, body)) is not None:
            hall_routes.touch(self.server, device)
            return hall
        if path.startswith("/api/v1/certificates"):
            return certificates.route(self.server, method, path, query, body)
        if path == "/api/v1/audit/anchors" and method == "POST":
            from tests.central_server import audit_anchors

            status, answer = audit_anchors.receive(store, device, json.loads(body), iso(self.server.now()))
            return Reply(status, answer)
        if m := _ATTACHMENT.fullmatch(path):
            return self._attachment(device, method, m.group(1), body)
        return error(404, "not_found", "接口不存在。")

    def _enroll(self, request: dict[str, Any]) -> Reply:
        from tests.central_server import enrolment

        if not request.get("window_id"):
            return error(400, "window_required", "缺少窗口编号。")
        enrolled = enrolment.redeem(self.server.store, str(request.get("code") or ""), str(request["window_id"]),
                                    str(request.get("region_code") or ""))
        if enrolled is None:  # wrong, used or expired: one answer, no hint which
            return error(403, "enrol_code_invalid", "登记码不正确或已失效，请向IT索取新的登记码。")
        device_id, token = enrolled
        store = self.server.store
        with store._lock:
            hall_id = hall_store.hall_for_code(store._conn, str(request.get("code") or "")) or hall_store.DEFAULT_HALL
        with store._tx() as conn:
            hall_store.ensure_hall(conn, hall_id)
            hall_store.join(conn, device_id, hall_id, str(request["window_id"]), self.server.now())
        return Reply(200, {"device_id": device_id, "token": token, "hall_id": hall_id,
                           "server_time": iso(self.server.now())})

    def _push(self, device: str, body: bytes) -> Reply:
        key = self.headers.get("Idempotency-Key") or ""
        if not key:
            return error(400, "idempotency_key_required", "缺少幂等键（Idempotency-Key）。")
        body_sha = hashlib.sha256(body).hexdigest()
        state, stored = self.server.store.replay(key, body_sha)
        if state == "conflict":
            return error(409, "idempotency_conflict", "同一幂等键已用于不同的提交内容。")
        if state == "replay":
            return Reply(200, raw=stored.encode("utf-8"))
        request = self._parsed if self._parsed is not None else json.loads(body)  # parsed by the contract check
        items = request["items"]
        if not isinstance(items, list) or not items or len(items) > 1000:
            return error(400, "bad_batch", "一次提交的办件数量应为 1 至 1000 件。")
        forced = [self.server.faults.roll("retry-later") for _ in items]
        try:
            response = self.server.store.push(device, key, body_sha, items, forced_retry=forced,
                                              integral=self._parsed is request and not self._numbers.inexact)
        except KeyError:
            return error(409, "idempotency_conflict", "同一幂等键已用于不同的提交内容。")
        return Reply(200, response)

    def _attachment(self, device: str, method: str, sha: str, body: bytes) -> Reply:
        store = self.server.store
        if method == "HEAD":
            return Reply(200 if store.has_attachment(sha, device) else 404)
        if method == "PUT":
            if hashlib.sha256(body).hexdigest() != sha:
                return error(400, "checksum_mismatch", "附件内容与其校验值不一致，可能在传输中损坏。")
            created = store.put_attachment(sha, body, self.headers.get("Content-Type") or "application/octet-stream",
                                           device)
            return Reply(201 if created else 200, {"sha256": sha, "size": len(body)})
        return error(405, "method_not_allowed", "不支持的请求方法。")


def _limit(query: dict[str, str]) -> int:
    return max(1, min(2000, int(query.get("limit") or 500)))
