"""The GUI's composition root: everything a signed-in session uses is built here, once per sign-in.

No other module under ``ui/`` constructs a service, a device adapter, a sync engine or a
printer backend (``tests/ui/test_composition.py`` scans for it): screens receive a
:class:`Workspace` and use what it holds. The order of a sign-in:

1. Before anyone signs in, :func:`sign_in_runner` gives the sign-in and set-up dialogs a small
   operation runner over :func:`core_services` (they only use ``auth``).
2. The sign-in operation (``ui/operations/accounts.py``) checks the password and, on the same
   worker, calls :func:`session_services`: a fresh :class:`~desktop.services.bundle.Services`
   with every service made (some read the store when they are made, never on the UI thread).
3. :class:`Workspace` (UI thread) adds what lives on the UI thread: the event hub, the
   operation runner, the device adapters, the printer and the sync controller; the main
   window hands it to each page.

Tests and the demo pass :class:`Overrides` (a recording printer, a simulated camera, an
in-memory key store …) instead of patching modules.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.services.bundle import Services
from desktop.services.context import AppContext
from ui.events import EventHub
from ui.operations.runner import OperationRunner
from ui.qt import QObject

if TYPE_CHECKING:
    from desktop.config import Config
    from desktop.domain.accounts import CurrentUser
    from desktop.services.attachments.crypto import KeyStore
    from desktop.services.certificates.service import CertificateService, LookupResult
    from sync.queue import ParkedItem
    from sync.token_store import TokenStore
    from ui.capture.camera import CameraBackend
    from ui.printing.qt_printer import PrinterBackend
    from ui.sync.controller import SyncController

log = logging.getLogger("onewindow.ui.composition")


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


# --- services ---------------------------------------------------------------------------------

def core_services(ctx: AppContext, overrides: Overrides | None = None) -> Services:
    """The service bundle, services made on first use (before sign-in only ``auth`` is).

    Hall lookups reach the platform through the enrolment's token (they answer from the hall
    cache first, and say plainly when the platform cannot be reached).
    """
    from sync.hall_fetch import PlatformCases

    overrides = overrides or Overrides()
    return Services(ctx, key_store=overrides.key_store,
                    hall_source=PlatformCases(ctx, token_store=overrides.token_store))


def session_services(ctx: AppContext, overrides: Overrides | None = None) -> Services:
    """A fresh bundle with every service made: call it off the UI thread, right after a sign-in."""
    return core_services(ctx, overrides).build_all()


def sign_in_runner(ctx: AppContext, overrides: Overrides | None = None,
                   parent: QObject | None = None) -> OperationRunner:
    """Operations of the sign-in and first-run dialogs (no user yet, no event hub)."""
    return OperationRunner(core_services(ctx, overrides), parent=parent)


class Ports:
    """What workers use beyond the store: the platform (sync, e-certificates) and the devices that
    block (ID-card reader, scanner, printer). Built once per sign-in; used from one worker at a time.
    """

    def __init__(self, ctx: AppContext, overrides: Overrides) -> None:
        from desktop.devices.capture.images import Limits
        from desktop.devices.capture.scanners import make_scanner
        from desktop.devices.id_reader import make_reader
        from sync.engine import SyncEngine
        from sync.scheduler import SyncScheduler
        from ui.printing.qt_printer import QtPrinterBackend

        self.ctx = ctx
        self.token_store = overrides.token_store
        self.sync_engine = SyncEngine(ctx, token_store=overrides.token_store)
        self.sync_scheduler = SyncScheduler(self.sync_engine)
        self.id_reader = overrides.id_reader if overrides.id_reader is not None else make_reader(ctx.config.devices)
        self.scanner = (overrides.scanner if overrides.scanner is not None
                        else make_scanner(ctx.config.devices, Limits.from_config(ctx.config)))
        self.printer: PrinterBackend = overrides.printer if overrides.printer is not None else QtPrinterBackend()

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


@dataclass(frozen=True)
class Devices:
    """Device adapters that live on the UI thread (a camera preview, a watched scan folder)."""

    camera: CameraBackend
    inbox: Any


def make_devices(config: Config, overrides: Overrides, parent: QObject) -> Devices:
    from desktop.devices.capture.scan_folder import ScanFolderInbox
    from ui.capture.camera import make_camera_backend

    camera = overrides.camera if overrides.camera is not None else make_camera_backend(config.devices, parent)
    inbox = overrides.inbox if overrides.inbox is not None else ScanFolderInbox(config.devices.scan_folder)
    return Devices(camera=camera, inbox=inbox)


# --- the session ------------------------------------------------------------------------------------

class Workspace(QObject):
    """What one signed-in session works with; the main window hands it to every page."""

    def __init__(self, ctx: AppContext, user: CurrentUser, services: Services,
                 overrides: Overrides | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from ui.sync.controller import SyncController

        self.ctx = ctx
        self.user = user
        self.overrides = overrides or Overrides()
        self.services = services
        self.ports = Ports(ctx, self.overrides)
        self.events = EventHub(self)
        self.ops = OperationRunner(services, user=user, events=self.events, ports=self.ports, parent=self)
        self.devices = make_devices(ctx.config, self.overrides, self)
        self.sync: SyncController = SyncController(self.ports.sync_scheduler, self.ops, self.events,
                                                   tick_ms=self.overrides.sync_tick_ms, parent=self)

    @property
    def config(self) -> Config:
        # The context's: the settings page may replace it during a session.
        return self.ctx.config

    def adopt_config(self, config: Config) -> None:
        """Settings saved by the admin apply to this session at once (the language at the next sign-in)."""
        self.ctx.config = config

    def now(self) -> dt.datetime:
        return self.ctx.now()

    def today(self) -> dt.date:
        """The hall's calendar day now (a computation on the clock; it reads nothing from the store)."""
        return self.ctx.today()

    def start(self) -> None:
        """Start the background parts (sync) once the main window is on screen."""
        self.sync.start()

    def close(self) -> None:
        """Stop the background parts at sign-out; results still on their way are dropped."""
        self.sync.stop()
        self.devices.camera.stop()
