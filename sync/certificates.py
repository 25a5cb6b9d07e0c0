"""The e-certificate endpoints of the central API, as the port ``desktop.services.certificates.service`` expects.

``CentralCertificates(api)`` wraps an :class:`~sync.api.ApiClient`; :func:`certificate_port`
builds one for an app context the way the sync engine does (server URL, token store, TLS).
Transport trouble (offline, DNS, timeout, 5xx, 429, a garbled answer) becomes
``CertificatesUnavailable`` so the service falls back to its cache; a 4xx refusal becomes a
``CertificateError`` carrying the platform's message; everything else the service checks itself.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from desktop.services.accounts.auth import CurrentUser
from desktop.services.certificates.service import (
    DEFAULT_PURPOSE,
    CertificateError,
    CertificateService,
    CertificatesUnavailable,
    LookupResult,
)
from desktop.services.context import AppContext
from sync.api import API, ApiClient
from sync.errors import SyncError
from sync.token_store import TokenStore

log = logging.getLogger("onewindow.sync")
T = TypeVar("T")
MAX_PDF = 20 * 1024 * 1024


def _guard(call: Callable[[], T]) -> T:
    try:
        return call()
    except SyncError as err:
        log.info("certificate call failed: %s %s", err.kind, err.detail)
        if err.kind == "rejected":
            raise CertificateError(err.message) from err
        raise CertificatesUnavailable(err.message) from err


class CentralCertificates:
    """HTTP implementation of ``CertificatePort`` (see resources/api/openapi.yaml, tag Certificates)."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def close(self) -> None:
        self.api.close()

    def lookup(self, holder_type: str, holder_id: str, types: Sequence[str]) -> list[dict[str, Any]]:
        params = {"holder_type": holder_type, "holder_id": holder_id, "types": ",".join(types)}

        def call() -> list[dict[str, Any]]:
            items = self.api.json_of(self.api.request("GET", API + "/certificates", params=params)).get("items")
            if not isinstance(items, list):
                raise SyncError("bad_response", detail="certificates without items")
            return items

        return _guard(call)

    def metadata(self, cert_id: str) -> dict[str, Any]:
        return _guard(lambda: self.api.json_of(self.api.request("GET", f"{API}/certificates/{quote(cert_id, safe='')}")))

    def file(self, cert_id: str) -> bytes:
        def call() -> bytes:
            response = self.api.request("GET", f"{API}/certificates/{quote(cert_id, safe='')}/file")
            if response.status_code >= 400:
                self.api.json_of(response)  # raises with the platform's message
            if not response.headers.get("Content-Type", "").startswith("application/pdf"):
                raise SyncError("bad_response", detail="certificate file is not a PDF")
            if len(response.content) > MAX_PDF:
                raise SyncError("rejected", "电子证照文件过大，已拒绝。")
            return response.content

        return _guard(call)

    def verify(self, cert_id: str, sha256: str) -> dict[str, Any]:
        import json

        body = json.dumps({"sha256": sha256}).encode("utf-8")
        return _guard(lambda: self.api.json_of(self.api.request(
            "POST", f"{API}/certificates/{quote(cert_id, safe='')}/verify", data=body,
            headers={"Content-Type": "application/json"})))


def certificate_port(ctx: AppContext, *, token_store: TokenStore | None = None,
                     timeout: float | None = None) -> CentralCertificates | None:
    """A port for ``CertificateService``, or None when this PC is not set up for the platform.

    Lookups happen while a citizen waits at the counter, so the timeout is short (default: the
    smaller of the configured server timeout and 5 s); a slow platform means paper, not waiting.
    """
    from sync.engine import SyncEngine

    engine = SyncEngine(ctx, token_store=token_store)
    if not engine.server_url():
        return None
    try:
        token = engine.token_store().get()
    except SyncError:
        return None
    if not token:
        return None
    api = engine.api(token)
    api.timeout = timeout if timeout is not None else min(5.0, float(ctx.config.server.timeout_seconds))
    return CentralCertificates(api)


def certificate_service(ctx: AppContext, *, token_store: TokenStore | None = None,
                        timeout: float | None = None) -> tuple[CertificateService, CentralCertificates | None]:
    """The composition root's service: online when this PC is enrolled, cache-only otherwise.

    The caller closes the returned port (when not None) once done.
    """
    port = certificate_port(ctx, token_store=token_store, timeout=timeout)
    return CertificateService(ctx, port), port


def background_lookup(ctx: AppContext, clerk: CurrentUser, uuid: str, *, purpose: str = DEFAULT_PURPOSE,
                      token_store: TokenStore | None = None, timeout: float | None = None) -> LookupResult:
    """For the intake screen's background task (``ui/tasks.py``): never raises, never waits long.

    Run it on the ordinary pool, not ``writes_db=True``: it waits on the network, and the single
    write thread must stay free for autosave. A refusal or a failure comes back as a result with
    an empty offer and a message; the clerk simply carries on with paper.
    """
    service, port = certificate_service(ctx, token_store=token_store, timeout=timeout)
    try:
        return service.lookup_for_application(clerk, uuid, purpose=purpose)
    except CertificateError as exc:
        return LookupResult("none", (), message=str(exc))
    except Exception:  # a bug must not surface as a pop-up while the clerk serves a citizen
        log.exception("certificate lookup failed")
        return LookupResult("none", (), message="电子证照查询失败，请收取纸质材料。")
    finally:
        if port is not None:
            port.close()
