"""Recovering the local store when it cannot be opened as it is: the service behind start-up's dialogs.

The screens never touch the store's files themselves (``ui/`` does not import ``desktop.store``):
they ask this module which sound backup exists and to restore it, and they catch the store's
error classes re-exported here to choose what to tell the clerk.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from desktop.config import Config
from desktop.store.migrate import (
    DatabaseCorrupt,
    DatabaseTooNew,
    MigrationFailed,
    StorageUnavailable,
    StoreError,
    list_backups,
    quick_check,
    restore_database,
    set_aside,
)

__all__ = ["DatabaseCorrupt", "DatabaseTooNew", "MigrationFailed", "Restored", "StorageUnavailable",
           "StoreError", "newest_sound_backup", "restore_backup"]

log = logging.getLogger("onewindow.store.recovery")


@dataclass(frozen=True)
class Restored:
    backup: Path
    damaged_kept_as: Path


def newest_sound_backup(backup_dir: Path) -> Path | None:
    """The newest backup that passes SQLite's quick check; a damaged backup is never offered."""
    for backup in list_backups(backup_dir):
        if quick_check(backup) is None:
            return backup
        log.warning("backup %s fails the integrity check; skipped", backup.name)
    return None


def restore_backup(config: Config, backup: Path) -> Restored:
    """Put ``backup`` in place of the damaged database, keeping the damaged file aside for IT."""
    kept = set_aside(config.db_path, "corrupt")
    restore_database(backup, config.db_path)
    log.warning("restored %s; damaged database kept as %s", backup.name, kept.name)
    return Restored(backup=backup, damaged_kept_as=kept)
