"""Personal data at rest: which key opens this PC's store, and encrypting a plain store in place.

:func:`store_file` is how everything that has a :class:`~desktop.config.Config` (the app, the
CLI, reports, the demo seeder, tests) names the store: the path *and* its key. A plain store
found where a key is available is encrypted in place by :func:`encrypt_in_place` before it is
opened — safely: the encrypted copy is written beside it, fsynced, and swapped in through the
journaled swap (:mod:`desktop.store.swap`); only when the encrypted store opens and passes its
quick check is the plain original removed. A kill -9 at any point leaves either the plain store
(and a swap the next start rolls back) or the encrypted one (and a plain leftover the next
start removes): nothing is lost either way.
"""
from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.connect import StoreFile, export_store, file_is_plain_sqlite, make_private
from desktop.store.keys import KeyChoice, choose_key
from desktop.store.swap import fsync_dir, fsync_file, incoming_path, recover_swap, swap_in

if TYPE_CHECKING:
    from desktop.config import Config

log = logging.getLogger("onewindow.store.encryption")

PLAIN_LEFTOVER = "plain-before-encryption"


def key_choice(config: Config) -> KeyChoice:
    db_path = config.db_path
    recover_swap(db_path)  # the store's state on disk must be settled before we judge it
    exists = db_path.exists() and db_path.stat().st_size > 0
    return choose_key(config.security.store_encryption, config.security.store_key_file, db_path,
                      store_exists=exists, store_is_plain=exists and file_is_plain_sqlite(db_path))


def store_file(config: Config, choice: KeyChoice | None = None) -> StoreFile:
    """The store of ``config``: its path and the key that opens it (None: plain)."""
    choice = choice or key_choice(config)
    return StoreFile(config.db_path, choice.key)


def needs_encryption(store: StoreFile) -> bool:
    return store.key is not None and store.path.exists() and file_is_plain_sqlite(store.path)


def encrypt_in_place(store: StoreFile, *, crash_at: str | None = None) -> None:
    """Replace the plain file at ``store.path`` by an encrypted copy under ``store.key``."""
    from desktop.store.migrate import quick_check

    assert store.key is not None
    plain = StoreFile(store.path, None)
    incoming = incoming_path(store.path)
    try:
        export_store(plain, store.with_path(incoming))
        fsync_file(incoming)
        fsync_dir(store.path.parent)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    if crash_at == "exported":
        os._exit(137)
    problem = quick_check(store.with_path(incoming))
    if problem:
        incoming.unlink(missing_ok=True)
        raise RuntimeError(f"encrypted copy failed its check: {problem}")
    kept = swap_in(store.path, incoming, PLAIN_LEFTOVER, crash_at=crash_at).kept
    make_private(store.path)
    if crash_at == "swapped":
        os._exit(137)
    if kept is not None:
        _shred_plain(kept)
    log.warning("the store was encrypted in place (SQLCipher)")


def remove_plain_leftovers(db_path: Path) -> int:
    """Plain originals left by an encryption interrupted after its swap: the encrypted store is in place."""
    if not db_path.exists() or file_is_plain_sqlite(db_path):
        return 0
    removed = 0
    for leftover in db_path.parent.glob(f"{db_path.stem}.{PLAIN_LEFTOVER}-*{db_path.suffix}"):
        _shred_plain(leftover)
        removed += 1
    return removed


def encrypt_backups(store: StoreFile, backup_dir: Path) -> int:
    """Re-write plain backups of an encrypted store under its key (each one atomically)."""
    if store.key is None or not backup_dir.is_dir():
        return 0
    done = 0
    for backup in sorted(backup_dir.glob("*.sqlite3")):
        if not file_is_plain_sqlite(backup):
            continue
        part = backup.with_name(backup.name + ".part")
        part.unlink(missing_ok=True)
        try:
            export_store(StoreFile(backup, None), store.with_path(part))
            fsync_file(part)
            os.replace(part, backup)
            fsync_dir(backup_dir)
        except Exception:  # noqa: BLE001 - a damaged old backup stays as it is; the store matters
            part.unlink(missing_ok=True)
            log.warning("backup %s could not be encrypted; left as it is", backup.name)
            continue
        done += 1
    return done


def _shred_plain(path: Path) -> None:
    """Remove a plain copy of the store (and its side files). Overwrite first: a best effort on SSDs."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        target = Path(str(path) + suffix)
        if not target.exists():
            continue
        with contextlib.suppress(OSError):
            size = target.stat().st_size
            with open(target, "r+b") as fh:
                fh.write(b"\0" * size)
                fh.flush()
                os.fsync(fh.fileno())
        target.unlink(missing_ok=True)
    fsync_dir(path.parent)
