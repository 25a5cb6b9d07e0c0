"""The one way to open the local SQLite store: plain or SQLCipher-encrypted, always the same pragmas.

Why one factory: the store may be encrypted (SQLCipher, key from the OS keyring or a key file IT
provisioned). A raw ``sqlite3.connect(path)`` anywhere — a report, a backup, the demo seeder, a
test helper — would then read garbage or, worse, create a second plain file beside the real one.
So every connection, SQLAlchemy's pool included, comes from :meth:`StoreFile.connect`.

A store file is named by its path and its key. ``key=None`` is a plain SQLite file opened with the
standard library; a 32-byte key opens it with ``sqlcipher3`` using the raw key (``x'…'``), which
skips SQLCipher's passphrase KDF: the key is already random, and a KDF per pooled connection would
cost ~0.1 s each.

The two drivers raise different exception classes; catch :data:`DB_ERRORS` (or
:data:`CORRUPT_ERRORS`), never ``sqlite3.Error`` alone.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

BUSY_TIMEOUT_MS = 10_000
KEY_BYTES = 32


def _cipher_module() -> ModuleType | None:
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover - a wheel exists for every supported platform
        return None
    return sqlcipher3


_SQLCIPHER = _cipher_module()

DB_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error,) + ((_SQLCIPHER.Error,) if _SQLCIPHER else ())
"""Every error either driver raises (``sqlite3.Error`` and ``sqlcipher3.Error`` are unrelated classes)."""

WRITE_ERRORS: tuple[type[BaseException], ...] = (OSError,) + DB_ERRORS
"""What writing a store file can raise: the OS (a full disk: ENOSPC) or SQLite ("database or disk is full")."""

CORRUPT_ERRORS: tuple[type[BaseException], ...] = DB_ERRORS + (UnicodeDecodeError, ValueError, OverflowError)
"""What reading a damaged file can raise: SQLite errors, and text/number columns that fail to decode."""


class StoreKeyError(RuntimeError):
    """The store is encrypted and the key given does not open it (or it is encrypted and no key was given)."""


def cipher_available() -> bool:
    return _SQLCIPHER is not None


def driver(key: bytes | None) -> ModuleType:
    """The DB-API module that opens a store with this key (for SQLAlchemy's ``module=``)."""
    if key is None:
        return sqlite3
    if _SQLCIPHER is None:
        raise StoreKeyError("本程序缺少数据库加密组件（sqlcipher3），无法打开加密的数据库。请重新安装一窗通。")
    return _SQLCIPHER


def _key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise StoreKeyError("数据库密钥格式不正确（应为 256 位）。")
    return f"PRAGMA key = \"x'{key.hex()}'\""


@dataclass(frozen=True)
class StoreFile:
    """One store file and the key that opens it (``None``: a plain SQLite file)."""

    path: Path
    key: bytes | None = field(default=None, repr=False)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def with_path(self, path: Path) -> StoreFile:
        """The same key on another file (a backup, a restore in progress)."""
        return StoreFile(Path(path), self.key)

    def connect(self, *, readonly: bool = False, pragmas: bool = True, check_same_thread: bool = True,
                isolation_level: str | None = None) -> Any:
        """A DB-API connection; ``readonly`` never creates the file. The key is checked at once."""
        module = driver(self.key)
        target = f"file:{self.path}?mode=ro" if readonly else str(self.path)
        if not readonly:
            _create_private(self.path)
        conn = module.connect(target, uri=readonly, check_same_thread=check_same_thread,
                              isolation_level=isolation_level)
        try:
            if self.key is not None:
                conn.execute(_key_pragma(self.key))
            if pragmas:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Touch the schema: a wrong key, a plain file opened with a key (or the reverse), or a
            # file that is not a database at all fails here, not at the first business query.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DB_ERRORS as exc:
            conn.close()
            if self.key is not None and "not a database" in str(exc):
                raise StoreKeyError(
                    "数据库密钥无法打开该文件：密钥不正确、文件不是加密数据库，或文件已损坏。") from exc
            raise
        return conn

    @contextlib.contextmanager
    def open(self, *, readonly: bool = False) -> Iterator[Any]:
        """``with store.open(readonly=True) as conn:`` — closed on exit (commits are the caller's)."""
        conn = self.connect(readonly=readonly)
        try:
            yield conn
        finally:
            conn.close()

    def is_plain_sqlite(self) -> bool:
        """True when the file on disk starts with SQLite's plain header (i.e. is not encrypted)."""
        return file_is_plain_sqlite(self.path)


def export_store(src: StoreFile, dst: StoreFile) -> None:
    """Copy ``src`` into a new file ``dst`` with other encryption (plain → encrypted, or back).

    SQLCipher's ``sqlcipher_export`` copies schema and rows, FTS tables included; the caller
    fsyncs and renames ``dst`` into place. ``dst`` must not exist yet.
    """
    module = driver(b"\0" * KEY_BYTES)  # the cipher driver reads plain files too
    _create_private(dst.path)
    conn = module.connect(str(src.path), isolation_level=None)
    try:
        if src.key is not None:
            conn.execute(_key_pragma(src.key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        dst_key = f"x'{dst.key.hex()}'" if dst.key is not None else ""
        conn.execute("ATTACH DATABASE ? AS export KEY ?", (str(dst.path), dst_key))
        try:
            conn.execute("SELECT sqlcipher_export('export')").fetchall()
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA export.user_version = {int(version)}")
            _copy_statistics(conn)
        finally:
            conn.execute("DETACH DATABASE export")
    finally:
        conn.close()


def _copy_statistics(conn: Any) -> None:
    """Carry the planner's statistics over (``sqlcipher_export`` skips ``sqlite_stat1``): same data, same plans."""
    has_stats = conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
    if not has_stats:
        return
    table = conn.execute("SELECT name FROM export.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                         "LIMIT 1").fetchone()
    if table is None:
        return
    conn.execute(f'ANALYZE export."{table[0]}"')  # creates export.sqlite_stat1
    conn.execute("DELETE FROM export.sqlite_stat1")
    conn.execute("INSERT INTO export.sqlite_stat1 SELECT * FROM main.sqlite_stat1")


SQLITE_HEADER = b"SQLite format 3\x00"


def file_is_plain_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


# --- file modes: personal data is readable by this OS user only ----------------------------


PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR  # 0600
PRIVATE_DIR = stat.S_IRWXU  # 0700


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a directory (POSIX). On Windows see :func:`restrict_windows_acl`."""
    if os.name != "posix":
        restrict_windows_acl(path)
        return
    with contextlib.suppress(FileNotFoundError, PermissionError):
        os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def make_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    make_private(path)
    return path


def _create_private(path: Path) -> None:
    """Create the file 0600 before SQLite does (SQLite would use the umask, usually 0644)."""
    if path.exists() or str(path) == ":memory:":
        return
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        os.close(fd)
    # SQLite gives the -wal/-shm/-journal files the main file's mode, so they are 0600 too.


def restrict_windows_acl(path: Path) -> None:  # pragma: no cover - exercised on Windows only
    """User-only ACL on Windows: ``icacls PATH /inheritance:r /grant:r %USERNAME%:(OI)(CI)F``.

    ``icacls`` ships with every Windows since Vista, so no pywin32 is needed. Failure is logged
    by the caller's self-test, never fatal: the installer also sets the data dir's ACL.
    """
    import subprocess

    user = os.environ.get("USERNAME")
    if not user or not path.exists():
        return
    grant = f"{user}:(OI)(CI)F" if path.is_dir() else f"{user}:F"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(["icacls", str(path), "/inheritance:r", "/grant:r", grant], check=False,
                       capture_output=True, timeout=30)
