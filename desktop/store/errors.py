"""The store's errors, each with a message meant for the person at the screen.

Kept apart from ``migrate`` so that the modules ``migrate`` uses (the store's identity) can raise
them without importing ``migrate`` back.
"""
from __future__ import annotations

from pathlib import Path

from desktop.domain.errors import UserError


class StoreError(UserError, RuntimeError):
    """A problem opening the store, with a message meant for the person at the screen."""


class DatabaseCorrupt(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class MigrationFailed(StoreError):
    pass


class StorageUnavailable(StoreError):
    """The data dir cannot be written (read-only medium, permissions, disk full)."""


class StoreKeyMissing(StoreError):
    """The store's key cannot be had (keyring gone, key file missing): IT must act; nothing is created."""


class StoreMissing(DatabaseCorrupt):
    """The database file is gone but the traces of a real store are there: never start empty beside it."""

    def __init__(self, message: str, candidates: list[Path]) -> None:
        super().__init__(message)
        self.candidates = candidates
