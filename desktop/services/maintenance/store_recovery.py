"""Recovering the local store when it cannot be opened as it is: the service behind start-up's dialogs.

The screens never touch the store's files themselves (``ui/`` does not import ``desktop.store``):
they ask this module which sound backup exists and to restore it, and they catch the store's
error classes re-exported here to choose what to tell the clerk. The CLI's ``db`` commands use
the same functions, so both name the store with its key (see ``desktop/store/connect.py``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from desktop.config import Config
from desktop.store.connect import StoreFile, file_is_plain_sqlite
from desktop.store.errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    MigrationFailed,
    StorageUnavailable,
    StoreError,
    StoreKeyMissing,
    StoreMissing,
)
from desktop.store.migrate import (
    list_backups,
    quick_check,
    restore_database,
)
from desktop.store.open_store import configured_store

__all__ = ["DatabaseCorrupt", "DatabaseTooNew", "MigrationFailed", "Restored", "StorageUnavailable",
           "StoreError", "StoreKeyMissing", "StoreMissing", "check_store", "newest_sound_backup", "restore_backup",
           "restore_file", "store_of"]

log = logging.getLogger("onewindow.store.recovery")


@dataclass(frozen=True)
class Restored:
    backup: Path
    damaged_kept_as: Path | None


def store_of(config: Config) -> StoreFile:
    """This PC's store file with its key (raises :class:`StoreKeyMissing` when the key cannot be had)."""
    return configured_store(config)


def _backup_store(backup: Path, config: Config | None) -> StoreFile:
    if config is None or file_is_plain_sqlite(backup):
        return StoreFile(backup)
    try:
        return store_of(config).with_path(backup)
    except StoreError:
        return StoreFile(backup)


def newest_sound_backup(backup_dir: Path, config: Config | None = None) -> Path | None:
    """The newest backup that passes SQLite's quick check; a damaged backup is never offered.

    With ``config`` an encrypted backup is checked with the store's key.
    """
    for backup in list_backups(backup_dir):
        if quick_check(_backup_store(backup, config)) is None:
            return backup
        log.warning("backup %s fails the integrity check; skipped", backup.name)
    return None


def restore_file(store: StoreFile, backup: Path, *, why: str = "replaced") -> Path | None:
    """Put ``backup`` in place of the store (journaled swap; the replaced file is kept as ``<why>-…``)."""
    source = StoreFile(backup) if file_is_plain_sqlite(backup) else store.with_path(backup)
    return restore_database(source, store, why=why)


def restore_backup(config: Config, backup: Path) -> Restored:
    """Put ``backup`` in place of the damaged database, keeping the damaged file aside for IT."""
    try:
        store = store_of(config)
    except StoreKeyMissing:
        store = StoreFile(config.db_path)
    kept = restore_file(store, backup, why="corrupt")
    log.warning("restored %s; damaged database kept as %s", backup.name, kept.name if kept else "-")
    return Restored(backup=backup, damaged_kept_as=kept)


def check_store(config: Config):
    """``db check`` on this PC's store (with its key)."""
    from desktop.services.maintenance.db_check import Finding, run_checks

    try:
        store = store_of(config)
    except StoreError as exc:
        return [Finding("open database", False, str(exc))]
    return run_checks(store)
