"""Helpers shared by CLI subcommands: the CLI's composition root, and printing in the operator's language.

Like the GUI's ``ui/composition.py`` this is the one place the commands get their services
from: :func:`opened_services` opens the store and hands out a
:class:`~desktop.services.bundle.Services` (each service made on first use, so a command pays
only for what it calls); :func:`sync_engine` and :func:`sync_scheduler` wire the platform side.
No command module constructs a service class itself (``tests/unit/test_cli_composition.py``).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop.domain.errors import UserError

if TYPE_CHECKING:
    from desktop.config import Config
    from desktop.services.bundle import Services
    from desktop.services.context import AppContext
    from sync.engine import SyncEngine
    from sync.scheduler import SyncScheduler


class CommandError(UserError):
    """Raised by a subcommand to exit non-zero with a clear message (no traceback)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def config_from_args(args: argparse.Namespace) -> Config:
    from desktop.config import load_config

    return load_config(provisioning=getattr(args, "config", None), data_dir=getattr(args, "data_dir", None))


@contextmanager
def opened_context(args: argparse.Namespace, *, allow_fresh: bool = False, sample_catalog: bool = True):
    """The store opened the way the GUI opens it: migrated, then the same start-up data
    (``prepare_local_data``: bundled calendar, sample catalog on an empty catalog — not for a
    command that is about to import the hall's own catalog)."""
    from desktop.services.context import AppContext
    from desktop.services.maintenance.startup import prepare_local_data

    ctx = AppContext.open(config_from_args(args), allow_fresh=allow_fresh)
    try:
        for note in prepare_local_data(ctx, sample_catalog=sample_catalog):
            print(note, file=sys.stderr, flush=True)  # e.g. the sample catalog loaded into a new store
        yield ctx
    finally:
        ctx.close()


@contextmanager
def opened_services(args: argparse.Namespace, *, sample_catalog: bool = True) -> Iterator[Services]:
    """The store opened as the command line says, with its services; closed afterwards."""
    with opened_context(args, sample_catalog=sample_catalog) as ctx:
        yield services_for(ctx)


def services_for(ctx: AppContext) -> Services:
    """The services over an already opened store (a command that checks something on ``ctx`` first)."""
    from desktop.services.bundle import Services

    return Services(ctx)


@contextmanager
def opened_hall(args: argparse.Namespace, *, offline: bool = False) -> Iterator[Services]:
    """The services with hall lookups reaching the platform when this PC is enrolled (unless ``offline``)."""
    with opened_context(args) as ctx:
        source = None
        if not offline and ctx.config.server.url:
            from sync.hall_fetch import PlatformCases

            source = PlatformCases(ctx)
        from desktop.services.bundle import Services

        yield Services(ctx, hall_source=source)


def sync_engine(ctx: AppContext) -> SyncEngine:
    from sync.engine import SyncEngine

    return SyncEngine(ctx)


def sync_scheduler(engine: SyncEngine) -> SyncScheduler:
    from sync.scheduler import SyncScheduler

    return SyncScheduler(engine)


def out(text: str = "") -> None:
    print(text, file=sys.stdout, flush=True)
