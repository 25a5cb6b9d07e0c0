"""The hall part of the central API (contract tag ``hall``) over the same ApiClient.

Answers the window must read rather than fail on: 404 (no such case), 403 (a case of another
hall) and 409 (another window came first: the body carries the current case) come back as
:class:`~desktop.services.hall.remote.RemoteAnswer` (the hall services' own answer type); transport failures, 401, 429 and 5xx raise :class:`SyncError` as everywhere.
"""
from __future__ import annotations

import json
from typing import Any

from desktop.services.hall.remote import RemoteAnswer
from sync.api import API, ApiClient
from sync.errors import SyncError

MAX_CASES_PER_LOOKUP = 50


class HallApi:
    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def _answer(self, method: str, path: str, *, params: dict[str, Any] | None = None, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> RemoteAnswer:
        response = self.api.request(method, path, params=params, data=data, headers=headers)
        if response.status_code in (400, 403, 404, 409, 422):
            try:
                body = json.loads(response.content.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                body = {}
            return RemoteAnswer(response.status_code, body if isinstance(body, dict) else {})
        return RemoteAnswer(response.status_code, self.api.json_of(response))

    def info(self) -> dict[str, Any]:
        """The device's hall: id, name, lookup key, windows with their last contact."""
        answer = self._answer("GET", API + "/hall")
        if not answer.ok:
            raise SyncError("rejected", answer.message or "本机未登记到政务服务大厅。", status=answer.status)
        return answer.body

    def changes(self, since: str, limit: int, days: int) -> dict[str, Any]:
        answer = self._answer("GET", API + "/hall/changes", params={"since": since, "limit": limit, "days": days})
        if not answer.ok:
            raise SyncError("rejected", answer.message or "中心平台拒绝了大厅变更请求。", status=answer.status)
        return answer.body

    def case(self, uuid: str) -> RemoteAnswer:
        return self._answer("GET", f"{API}/hall/cases/{uuid}")

    def find(self, *, number: str = "", qr: str = "", applicant_key: str = "") -> RemoteAnswer:
        params = {k: v for k, v in (("number", number), ("qr", qr), ("applicant_key", applicant_key)) if v}
        return self._answer("GET", API + "/hall/cases", params=params)

    def post_event(self, case_uuid: str, payload_text: str, idempotency_key: str) -> RemoteAnswer:
        return self._answer("POST", f"{API}/hall/cases/{case_uuid}/events", data=payload_text.encode("utf-8"),
                            headers={"Content-Type": "application/json", "Idempotency-Key": idempotency_key})

    def attachment(self, sha256: str) -> bytes | None:
        response = self.api.request("GET", f"{API}/attachments/{sha256}")
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise SyncError("rejected", status=response.status_code, detail="GET attachment")
        return response.content
