"""The ports of a signed-in session: what workers use beyond the store, and what a test or the demo
supplies instead of the real parts.

Part of the composition root (``ui.composition``): only it builds a :class:`Ports`. Operations and
the runner import this module for the type alone, so the root and its operations do not import
each other.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.domain.accounts import CurrentUser
    from desktop.services.attachments.crypto import KeyStore
    from desktop.services.certificates.service import CertificateService, LookupResult
    from desktop.services.context import AppContext
    from sync.queue import ParkedItem
    from sync.token_store import TokenStore
    from ui.capture.camera import CameraBackend
    from ui.printing.qt_printer import PrinterBackend


@dataclass(frozen=True)
class Overrides:
    """Parts a test or the demo supplies instead of the real ones (None: build the real part)."""

    key_store: KeyStore | None = None
    token_store: TokenStore | None = None
    printer: PrinterBackend | None = None
    camera: CameraBackend | None = None
    id_reader: Any = None
    scanner: Any = None
    inbox: Any = None
    sync_tick_ms: int = 5000



class Ports:
    """What workers use beyond the store: the platform (sync, e-certificates) and the devices that
    block (ID-card reader, scanner, printer). Built once per sign-in; used from one worker at a time.
    """

    def __init__(self, ctx: AppContext, overrides: Overrides) -> None:
        from sync.engine import SyncEngine
        from sync.scheduler import SyncScheduler

        self.ctx = ctx
        self.overrides = overrides
        self.token_store = overrides.token_store
        self.sync_engine = SyncEngine(ctx, token_store=overrides.token_store)
        self.sync_scheduler = SyncScheduler(self.sync_engine)

    # The devices are made when first used (the capture stack and the printing stack are
    # megabytes of code a session may never need).

    @cached_property
    def id_reader(self) -> Any:
        from desktop.devices.id_reader import make_reader

        given = self.overrides.id_reader
        return given if given is not None else make_reader(self.ctx.config.devices)

    @cached_property
    def scanner(self) -> Any:
        if self.overrides.scanner is not None:
            return self.overrides.scanner
        from desktop.devices.capture.base import Limits
        from desktop.devices.capture.scanners import make_scanner

        return make_scanner(self.ctx.config.devices, Limits.from_config(self.ctx.config))

    @cached_property
    def printer(self) -> PrinterBackend:
        if self.overrides.printer is not None:
            return self.overrides.printer
        from ui.printing.qt_printer import QtPrinterBackend

        return QtPrinterBackend()

    @contextmanager
    def certificates(self) -> Iterator[CertificateService]:
        """The e-certificate service, online when this PC is enrolled; the port is closed after use."""
        from sync.certificates import certificate_service

        service, port = certificate_service(self.ctx, token_store=self.token_store)
        try:
            yield service
        finally:
            if port is not None:
                port.close()

    def look_up_certificates(self, clerk: CurrentUser, uuid: str, purpose: str) -> LookupResult:
        """Never raises, never waits long: a failure comes back as a result with a message."""
        from sync.certificates import background_lookup

        return background_lookup(self.ctx, clerk, uuid, purpose=purpose, token_store=self.token_store)

    def parked(self) -> list[ParkedItem]:
        from sync.queue import list_parked

        return list_parked(self.ctx.db)

    def retry_parked(self, outbox_ids: list[int] | None, now: dt.datetime) -> int:
        from sync.queue import retry_parked

        return retry_parked(self.ctx.db, outbox_ids, now=now)


