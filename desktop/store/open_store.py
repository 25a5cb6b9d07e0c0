"""Opening this PC's store from its config: settle the files, choose the key, encrypt, migrate.

The order: an interrupted file swap is finished or rolled back; the key is chosen (keyring,
key file or none — :mod:`desktop.store.keys`); a plain store that now has a key is encrypted
in place (:mod:`desktop.store.encryption`); then :func:`desktop.store.migrate.open_database`
checks, backs up and migrates as before. Every problem is a :class:`StoreError` for the screen.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from desktop.store.connect import CORRUPT_ERRORS, StoreFile, make_private_dir
from desktop.store.encryption import (
    encrypt_backups,
    encrypt_in_place,
    key_choice,
    needs_encryption,
    remove_plain_leftovers,
)
from desktop.store.errors import DatabaseCorrupt, StoreKeyMissing
from desktop.store.keys import StoreKeyUnavailable
from desktop.store.migrate import OpenResult, open_database, quick_check

if TYPE_CHECKING:
    from desktop.config import Config

log = logging.getLogger("onewindow.store")
_WARNED: set[str] = set()


def configured_store(config: Config) -> StoreFile:
    """The store file of ``config`` with its key, for code that opens it without migrating (checks)."""
    if _damaged_plain_store(config) and not _opens_with_key(config):
        return StoreFile(config.db_path)  # opened plain, it reports itself as damaged
    try:
        return StoreFile(config.db_path, key_choice(config).key)
    except StoreKeyUnavailable as exc:
        raise StoreKeyMissing(str(exc)) from exc


def _damaged_plain_store(config: Config) -> bool:
    """A store known to be plain whose header no longer reads as SQLite: damaged, not encrypted."""
    from desktop.store.connect import file_is_plain_sqlite
    from desktop.store.identity import read_identity

    path = config.db_path
    if not path.exists() or path.stat().st_size == 0 or file_is_plain_sqlite(path):
        return False
    identity = read_identity(path)
    return identity is not None and identity.get("encrypted") is False


def _opens_with_key(config: Config) -> bool:
    """Does the configured key open the file (an encryption finished after the identity still said plain)?"""
    try:
        choice = key_choice(config)
    except StoreKeyUnavailable:
        return False
    return choice.key is not None and quick_check(StoreFile(config.db_path, choice.key)) is None


def open_configured_store(config: Config, *, allow_fresh: bool = False) -> OpenResult:
    make_private_dir(config.data_dir)
    if _damaged_plain_store(config) and not _opens_with_key(config):
        raise DatabaseCorrupt(f"数据库文件 {config.db_path} 已损坏：文件头不是 SQLite 数据库（file is not a database）")
    try:
        choice = key_choice(config)
    except StoreKeyUnavailable as exc:
        raise StoreKeyMissing(str(exc)) from exc
    store = StoreFile(config.db_path, choice.key)
    if needs_encryption(store):
        problem = quick_check(StoreFile(store.path, None))
        if problem:
            raise DatabaseCorrupt(f"数据库文件 {store.path} 已损坏：{problem}")
        try:
            encrypt_in_place(store)
        except CORRUPT_ERRORS as exc:
            raise DatabaseCorrupt(f"数据库文件 {store.path} 加密时出错：{exc}") from exc
        encrypt_backups(store, config.backup_dir)
    if store.key is not None:
        remove_plain_leftovers(store.path)
    if choice.warning and choice.warning not in _WARNED:
        _WARNED.add(choice.warning)  # once per process: the self-test and db check repeat it for IT
        log.warning("personal data at rest: %s", choice.warning)
    result = open_database(store, config.backup_dir, keep_backups=config.storage.backup_keep, allow_fresh=allow_fresh)
    return dataclasses.replace(result, key_source=choice.source, warning=choice.warning)
