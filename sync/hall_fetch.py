"""The platform side of the hall services' :class:`CaseSource` port: find and fetch cases online.

Built by the composition root from the same enrolment as sync (server URL, device token), with a
short timeout: a clerk waiting at the counter is told "offline" quickly instead of staring at a
frozen screen, and the lookup falls back to what the hall cache holds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.services.hall.remote import RemoteAnswer, SourceUnavailable

if TYPE_CHECKING:  # the HTTP side (requests, the keyring) is imported on the first lookup, not at sign-in
    from desktop.services.context import AppContext
    from sync.api import ApiClient
    from sync.token_store import TokenStore

LOOKUP_TIMEOUT_SECONDS = 5.0


class PlatformCases:
    def __init__(self, ctx: AppContext, *, timeout: float = LOOKUP_TIMEOUT_SECONDS,
                 token_store: TokenStore | None = None) -> None:
        self.ctx = ctx
        self.timeout = timeout
        self.token_store = token_store

    def _api(self) -> ApiClient:
        from sync.api import ApiClient
        from sync.engine import SyncEngine
        from sync.errors import SyncError

        engine = SyncEngine(self.ctx, token_store=self.token_store)
        url = engine.server_url()
        if not url:
            raise SourceUnavailable("本机未连接中心平台（离线模式），只能查找本机已缓存的办件。")
        try:
            token = engine.token_store().get()
        except SyncError as err:
            raise SourceUnavailable(err.message) from err
        if not token:
            raise SourceUnavailable("本机尚未登记到中心平台，只能查找本机已缓存的办件。")
        server = self.ctx.config.server
        return ApiClient(url, token, timeout=min(self.timeout, server.timeout_seconds), ca_bundle=server.ca_bundle)

    def _call(self, fn) -> RemoteAnswer:
        from sync.errors import SyncError
        from sync.hall_api import HallApi

        api = self._api()
        try:
            answer = fn(HallApi(api))
        except SyncError as err:
            raise SourceUnavailable(f"暂时无法连接中心平台（{err.message}），只能查找本机已缓存的办件。") from err
        finally:
            api.close()
        return answer

    def find(self, *, number: str = "", qr: str = "", applicant_key: str = "") -> RemoteAnswer:
        return self._call(lambda hall: hall.find(number=number, qr=qr, applicant_key=applicant_key))

    def case(self, uuid: str) -> RemoteAnswer:
        return self._call(lambda hall: hall.case(uuid))

    def page(self, sha256: str) -> bytes | None:
        from sync.errors import SyncError
        from sync.hall_api import HallApi

        api = self._api()
        try:
            return HallApi(api).attachment(sha256)
        except SyncError as err:
            raise SourceUnavailable(err.message) from err
        finally:
            api.close()
