"""One sync worker per database: an OS file lock next to the database file.

Two app windows (or the GUI and a `sync --once` from IT) on one data dir must never send the
same outbox rows twice at the same moment. An OS lock, unlike a lock row, is released by the
kernel when the process dies — even by kill -9 — so a crash never leaves the data dir stuck.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from sync.errors import SyncError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path_for(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".sync.lock")


class SyncLock:
    """Non-blocking exclusive lock; ``with SyncLock(db_path):`` raises SyncError('busy') when held."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path_for(db_path)
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if _try_lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> SyncLock:
        if not self.acquire():
            raise SyncError("busy")
        return self

    def __exit__(self, *_exc) -> None:
        self.release()
