"""The GUI's composition root: everything a signed-in session uses is built here, once per sign-in.

No other module under ``ui/`` constructs a service, a device adapter, a sync engine or a
printer backend (``tests/ui/test_composition.py`` scans for it): screens receive a
:class:`Workspace` and use what it holds. The order of a sign-in:

1. Before anyone signs in, :func:`sign_in_runner` gives the sign-in and set-up dialogs a small
   operation runner over :func:`core_services` (they only use ``auth``).
2. The sign-in operation (``ui/operations/accounts.py``) checks the password and hands back a
   fresh :class:`~desktop.services.bundle.Services` (:func:`session_services`). Its services
   are made on first use, inside the operation that first needs one (on a worker: some read
   the store when they are made), so the printing, imaging and certificate stacks load when
   a screen first uses them, not at every sign-in.
3. :class:`Workspace` (UI thread) adds what lives on the UI thread: the event hub, the
   operation runner, the device adapters, the printer and the sync controller; the main
   window hands it to each page.

Tests and the demo pass :class:`Overrides` (a recording printer, a simulated camera, an
in-memory key store …) instead of patching modules.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.services.bundle import Services
from desktop.services.context import AppContext
from ui.composition.ports import Overrides, Ports
from ui.events import EventHub
from ui.operations.runner import OperationRunner
from ui.qt import QObject

if TYPE_CHECKING:
    from desktop.config import Config
    from desktop.domain.accounts import CurrentUser
    from ui.capture.camera import CameraBackend
    from ui.sync.controller import SyncController

log = logging.getLogger("onewindow.ui.composition")


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
    """A fresh bundle for a signed-in session; each service is made by the first operation that uses it."""
    return core_services(ctx, overrides)


def sign_in_runner(ctx: AppContext, overrides: Overrides | None = None,
                   parent: QObject | None = None) -> OperationRunner:
    """Operations of the sign-in and first-run dialogs (no user yet, no event hub)."""
    return OperationRunner(core_services(ctx, overrides), parent=parent)


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
