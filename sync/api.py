"""The central API v1 over a requests Session: timeouts, TLS verification, bearer token.

Every failure becomes a :class:`SyncError` with a kind the pusher and pullers act on
(see sync/errors.py). A 2xx answer that is not JSON, or JSON cut short, is a retryable
``bad_response``: the request may well have been committed, so the caller retries with the
same idempotency keys rather than guessing.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import requests

from sync.errors import SyncError

log = logging.getLogger("onewindow.sync")

API = "/api/v1"
MAX_RESPONSE_BYTES = 32 * 1024 * 1024  # the largest answer the contract has (a catalog page, a PDF) is far below
CHUNK = 256 * 1024


@dataclass(frozen=True)
class PushEntry:
    """One outbox row as sent: its key, its frozen payload text and that text's sha256."""

    idempotency_key: str
    payload_sha256: str
    payload_text: str


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    stack: list[object] = [exc]
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or any(current is s for s in seen):
            continue
        seen.append(current)
        stack.extend([current.__cause__, current.__context__])
        stack.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        stack.append(getattr(current, "reason", None))
    return seen


def classify_transport_error(exc: requests.RequestException) -> SyncError:
    chain = _chain(exc)
    names = {type(e).__name__ for e in chain}
    detail = f"{type(exc).__name__}: {names}"
    if isinstance(exc, requests.exceptions.SSLError):
        return SyncError("tls", detail=detail)
    if isinstance(exc, requests.exceptions.Timeout):
        return SyncError("timeout", detail=detail)
    if "NameResolutionError" in names or any(isinstance(e, socket.gaierror) for e in chain):
        return SyncError("dns", detail=detail)
    if "NewConnectionError" in names or any(isinstance(e, ConnectionRefusedError) for e in chain):
        return SyncError("offline", detail=detail)
    return SyncError("network", detail=detail)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return None if parsed is None else max(0.0, parsed.timestamp() - time.time())


def decode_json(raw: bytes) -> Any:
    """``json.loads(raw.decode("utf-8"))``: the same value, read by orjson where it reads it alike.

    A 5,000-matter catalog is 4 MB of JSON; orjson reads it in about half the time. For strict
    RFC 8259 JSON it gives the json module's value, except integers of 64 bits and more, which
    it turns into floats: a reply with a run of 19 digits anywhere (a number that long, or
    digits in a text) is read by the json module. What orjson refuses (NaN, a lone surrogate
    escape, a BOM, bad UTF-8…) goes to the json module too, so every reply is accepted or
    refused exactly as before (tests/unit/catalog/test_decode_json.py).
    """
    if raw.translate(_DIGITS).find(_LONG_NUMBER) < 0:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw.decode("utf-8"))


_DIGITS = bytes(1 if 0x30 <= b <= 0x39 else 0 for b in range(256))  # each byte: is it an ASCII digit?
_LONG_NUMBER = b"\x01" * 19  # every integer under 10**18 has at most 18 digits, and orjson reads it exactly


class ApiClient:
    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 10.0, ca_bundle: str = "",
                 session: requests.Session | None = None, max_response_bytes: int = MAX_RESPONSE_BYTES) -> None:
        self.max_response_bytes = max_response_bytes
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = session or requests.Session()
        self.http.verify = ca_bundle or True  # never False: a bad certificate stops sync
        self.http.headers["User-Agent"] = "OneWindow-sync/1"
        self.last_date_header: str | None = None

    def close(self) -> None:
        self.http.close()

    # --- plumbing -----------------------------------------------------------------

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None, data: bytes | None = None,
                headers: dict[str, str] | None = None, auth: bool = True) -> requests.Response:
        all_headers = dict(headers or {})
        if auth:
            if not self.token:
                raise SyncError("not_enrolled")
            all_headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self.http.request(method, self.base_url + path, params=params, data=data,
                                         headers=all_headers, timeout=self.timeout, stream=True)
            self._read_capped(response)
        except requests.RequestException as exc:
            raise classify_transport_error(exc) from exc
        self.last_date_header = response.headers.get("Date") or self.last_date_header
        if response.status_code == 401:
            raise SyncError("auth", status=401)
        if response.status_code == 429:
            raise SyncError("rate_limited", status=429, retry_after=_retry_after(response))
        if response.status_code >= 500:
            raise SyncError("server", status=response.status_code, retry_after=_retry_after(response))
        return response

    def _read_capped(self, response: requests.Response) -> None:
        """Read the body in chunks, refusing it past ``max_response_bytes`` (a 1.5 GB reply once took 4.7 GB).

        A declared length over the cap is refused before reading; an undeclared one is read until
        the cap. Either way the connection is closed and the run treats it as a bad (retryable) reply.
        """
        cap = self.max_response_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            response.close()
            raise SyncError("bad_response", status=response.status_code,
                            detail=f"reply of {int(declared)} bytes refused (cap {cap})")
        chunks, size = [], 0
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > cap:
                response.close()
                raise SyncError("bad_response", status=response.status_code, detail=f"reply over {cap} bytes refused")
            chunks.append(chunk)
        response._content = b"".join(chunks)  # what .content/.json() read from now on
        response._content_consumed = True  # type: ignore[attr-defined]
        response.close()

    @staticmethod
    def json_of(response: requests.Response) -> dict[str, Any]:
        if response.status_code >= 400:
            message = None
            try:
                body = response.json()
                message = body.get("message") if isinstance(body, dict) else None
            except ValueError:
                pass
            raise SyncError("rejected", message or f"中心平台拒绝了请求（{response.status_code}）。",
                            status=response.status_code)
        ctype = response.headers.get("Content-Type", "")
        if not ctype.startswith("application/json"):
            raise SyncError("bad_response", status=response.status_code, detail=f"content type {ctype!r}")
        try:
            body = decode_json(response.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise SyncError("bad_response", status=response.status_code, detail="truncated or invalid JSON") from exc
        if not isinstance(body, dict):
            raise SyncError("bad_response", detail="JSON is not an object")
        return body

    def _get(self, path: str, params: dict[str, Any] | None = None, *, auth: bool = True) -> dict[str, Any]:
        return self.json_of(self.request("GET", path, params=params, auth=auth))

    # --- the contract -------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return self._get(API + "/health", auth=False)

    def enroll(self, code: str, window_id: str, region_code: str, device_name: str = "") -> dict[str, Any]:
        body = json.dumps({"code": code, "window_id": window_id, "region_code": region_code,
                           "device_name": device_name}, ensure_ascii=False).encode("utf-8")
        response = self.request("POST", API + "/devices/enroll", data=body, auth=False,
                                headers={"Content-Type": "application/json"})
        return self.json_of(response)

    def matters(self, since: str, limit: int = 500) -> dict[str, Any]:
        return self._get(API + "/matters", {"since": since, "limit": limit})

    def changes(self, since: str, limit: int = 500) -> dict[str, Any]:
        return self._get(API + "/applications/changes", {"since": since, "limit": limit})

    def calendar(self, year: int) -> dict[str, Any]:
        return self._get(API + "/calendar", {"year": year})

    def has_attachment(self, sha256: str) -> bool:
        response = self.request("HEAD", f"{API}/attachments/{sha256}")
        if response.status_code in (200, 204):
            return True
        if response.status_code == 404:
            return False
        raise SyncError("rejected", status=response.status_code, detail="HEAD attachment")

    def put_attachment(self, sha256: str, data: bytes, mime: str) -> None:
        response = self.request("PUT", f"{API}/attachments/{sha256}", data=data,
                                headers={"Content-Type": mime or "application/octet-stream"})
        self.json_of(response)

    def post_anchor(self, anchor: dict[str, Any]) -> dict[str, Any]:
        """Hand the platform this device's newest signed audit-chain anchor (it refuses one that goes back)."""
        body = json.dumps(anchor, ensure_ascii=False).encode("utf-8")
        response = self.request("POST", API + "/audit/anchors", data=body, headers={"Content-Type": "application/json"})
        return self.json_of(response)

    def push(self, entries: Sequence[PushEntry]) -> tuple[str, list[dict[str, Any]]]:
        """POST one batch; returns (batch key, per-item results).

        The body embeds each frozen payload text verbatim, and the batch key is the body's own
        sha256: a retry of the same batch is byte-identical, so the server replays its answer.
        """
        parts = [f'{{"idempotency_key":{json.dumps(e.idempotency_key)},'
                 f'"payload_sha256":{json.dumps(e.payload_sha256)},"payload":{e.payload_text}}}' for e in entries]
        body = ('{"items":[' + ",".join(parts) + "]}").encode("utf-8")
        key = "batch-" + hashlib.sha256(body).hexdigest()
        response = self.request("POST", API + "/applications", data=body,
                                headers={"Content-Type": "application/json", "Idempotency-Key": key})
        results = self.json_of(response).get("results")
        if not isinstance(results, list):
            raise SyncError("bad_response", detail="push response without results")
        return key, results
