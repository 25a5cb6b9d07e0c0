"""Open the local database safely: detect corruption, refuse newer schemas, back up, migrate.

The order matters. A corrupt file is never written to (it is kept aside for IT); a database
whose schema is newer than this app is never touched (no downgrades); a pending migration
runs only after a consistent online backup, and a migration that fails restores that backup.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.connect import (
    CORRUPT_ERRORS,
    DB_ERRORS,
    StoreFile,
    StoreKeyError,
    file_is_plain_sqlite,
    make_private_dir,
)
from desktop.store.errors import (  # noqa: F401 (re-exported: callers name them through migrate)
    DatabaseCorrupt,
    DatabaseTooNew,
    MigrationFailed,
    StorageUnavailable,
    StoreError,
    StoreKeyMissing,
    StoreMissing,
)
from desktop.store.swap import incoming_path, recover_swap, set_aside, swap_in  # noqa: F401 (set_aside re-exported)

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

    from desktop.store.database import Database

log = logging.getLogger("onewindow.store")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BACKUP_PREFIX = "onewindow-"
BACKUP_SUFFIX = ".sqlite3"


@dataclass(frozen=True)
class OpenResult:
    database: Database
    from_revision: str | None
    to_revision: str
    backup: Path | None
    key_source: str = "none"  # keyring | key-file | off | none (see desktop/store/keys.py)
    warning: str = ""  # why personal data is not encrypted at rest, for self-test and db check


# Alembic (with mako and every SQL dialect) is imported only when a migration may be due:
# on an ordinary start the database is already at head and the clerk should not wait for it.


def alembic_config() -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(.+)$", re.M)


def quick_head_revision() -> str | None:
    """The single head read straight from the version files, or None when unsure (then ask Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            if path.name == "__init__.py":
                continue
            return None  # a revision file we cannot read this way: let Alembic decide
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def as_store(db: StoreFile | Path | str) -> StoreFile:
    return db if isinstance(db, StoreFile) else StoreFile(Path(db))


def current_revision(db: StoreFile | Path) -> str | None:
    """The schema revision stored in the file, or None for an empty/new database."""
    store = as_store(db)
    if not store.path.exists():
        return None
    conn = store.connect(readonly=True)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def quick_check(db: StoreFile | Path) -> str | None:
    """None when SQLite finds the file sound, else SQLite's own complaint (never raises)."""
    store = as_store(db)
    try:
        conn = store.connect(readonly=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except StoreKeyError as exc:
        return str(exc)
    except CORRUPT_ERRORS as exc:
        return f"{type(exc).__name__}: {exc}"
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    return "; ".join(problems[:5]) or None


def backup_database(db: StoreFile | Path, out: Path, *, out_key: bytes | None | str = "same") -> Path:
    """A consistent copy through SQLite's online backup API (safe while the app is running).

    The copy is written beside ``out`` as ``.part``, fsynced and renamed into place; on any
    failure (a full disk) the ``.part`` is removed, so a failed backup leaves nothing behind.
    ``out_key``: "same" (the default) keeps the source's encryption; ``None`` writes a plain copy
    (IT's support export, audited by the caller); bytes re-key the copy.
    """
    from desktop.store.swap import fsync_dir

    src_store = as_store(db)
    dst_store = src_store.with_path(out.with_name(out.name + ".part"))
    if out_key != "same":
        dst_store = StoreFile(dst_store.path, out_key if isinstance(out_key, bytes) else None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst_store.path
    tmp.unlink(missing_ok=True)
    try:
        src = src_store.connect(readonly=True)
        try:
            if dst_store.key == src_store.key:
                dst = dst_store.connect()
                try:
                    src.backup(dst)
                finally:
                    dst.close()
                src.close()
            else:
                _export(src, src_store, dst_store)
        finally:
            with contextlib.suppress(*DB_ERRORS):
                src.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except BaseException:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        raise
    return out


def _export(src, src_store: StoreFile, dst_store: StoreFile) -> None:
    from desktop.store.connect import export_store

    src.close()  # sqlcipher_export reads through its own connection
    export_store(src_store, dst_store)


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups newest first."""
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.iterdir() if p.name.startswith(BACKUP_PREFIX) and p.suffix == BACKUP_SUFFIX]
    return sorted(found, key=lambda p: p.name, reverse=True)


def rotate_backup(db: StoreFile | Path, backup_dir: Path, keep: int, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = backup_dir / f"{BACKUP_PREFIX}{stamp}-{reason}{BACKUP_SUFFIX}"
    make_private_dir(backup_dir)
    backup_database(db, out)
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)
    log.info("database backed up before %s to %s", reason, out.name)
    return out


def restore_database(backup: StoreFile | Path, db: StoreFile | Path, *, why: str = "replaced",
                     crash_at: str | None = None) -> Path | None:
    """Put ``backup`` in place of the database; the replaced file is kept aside, never deleted.

    The copy is written beside the database and fsynced, then swapped in through the journaled
    :func:`desktop.store.swap.swap_in`: a kill -9 at any point leaves the old store or the new one.
    Returns where the replaced database was kept (None when there was none).
    """
    source, target = as_store(backup), as_store(db)
    if source.key is None and target.key is not None and not file_is_plain_sqlite(source.path):
        source = StoreFile(source.path, target.key)  # a backup of this (encrypted) store
    problem = quick_check(source)
    if problem:
        raise DatabaseCorrupt(f"备份文件 {source.path} 已损坏，不能用于恢复：{problem}")
    incoming = incoming_path(target.path)
    backup_database(source, incoming, out_key=target.key)
    return swap_in(target.path, incoming, why, crash_at=crash_at).kept


def _ensure_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # A unique probe per process: two app windows starting together must not race on one name.
        fd, probe = tempfile.mkstemp(prefix=".write-probe-", dir=directory)
        try:
            os.write(fd, b"ok")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise StorageUnavailable(
            f"数据目录 {directory} 无法写入（{exc.strerror or exc}）。请检查磁盘空间和权限后重试。"
        ) from exc


def _upgrade(database: Database) -> None:  # noqa: C901
    # Batch migrations rebuild tables, which must happen with foreign keys off; the pragma only
    # takes effect outside a transaction, so set it on the raw connection before BEGIN.
    from alembic import command

    with database.engine.connect() as connection:
        raw = connection.connection.driver_connection
        if raw is None:  # only an invalidated pool connection has none; a fresh connect() always has one
            raise MigrationFailed("the database connection has no sqlite3 connection under it")
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationFailed(f"foreign key check failed after migration: {broken[:3]}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def open_database(db_path: Path | StoreFile, backup_dir: Path, *, keep_backups: int = 10,
                  key: bytes | None = None, allow_fresh: bool = False) -> OpenResult:
    """Check, back up and migrate the database at ``db_path``, then return it open.

    First an interrupted file swap is finished or rolled back; then a missing database next
    to the traces of a real one (the store's identity file, a kept original) is refused unless
    ``allow_fresh`` — never a silent new empty store. Raises a :class:`StoreError` subclass
    with a message for the clerk or IT when the database cannot be used as is.
    """
    # SQLAlchemy is imported here, not with this module: the GUI shows its sign-in dialog first
    # and opens the store behind it, and the CLI needs the error types above without an engine.
    from desktop.store.database import Database
    from desktop.store.identity import check_not_orphaned, remember_identity

    store = db_path if isinstance(db_path, StoreFile) else StoreFile(Path(db_path), key)
    db_path = store.path
    _ensure_writable(db_path.parent)
    recover_swap(db_path)
    fresh = not db_path.exists() or db_path.stat().st_size == 0
    if fresh and not allow_fresh:
        check_not_orphaned(db_path)
    if not fresh:
        problem = quick_check(store)
        if problem:
            raise DatabaseCorrupt(f"数据库文件 {db_path} 已损坏：{problem}")
    try:
        before = current_revision(store)
    except StoreKeyError as exc:
        raise DatabaseCorrupt(f"数据库文件 {db_path} 无法打开：{exc}") from exc
    except CORRUPT_ERRORS as exc:
        raise DatabaseCorrupt(f"数据库文件 {db_path} 已损坏：{type(exc).__name__}: {exc}") from exc
    if before is not None and before == quick_head_revision():
        remember_identity(store)
        return OpenResult(database=Database(store), from_revision=before, to_revision=before, backup=None)
    head = head_revision()
    if before is not None and before not in known_revisions():
        raise DatabaseTooNew(
            f"数据库版本（{before}）比本程序新，可能由更新版本的一窗通创建。"
            "为避免数据损坏，程序不会打开或降级它。请安装最新版本。"
        )
    backup = None
    if before is not None and before != head:
        backup = rotate_backup(store, backup_dir, keep_backups, f"upgrade-from-{before}")
    database = Database(store)
    if before != head:
        try:
            _upgrade(database)
        except Exception as exc:
            database.dispose()
            log.exception("migration from %s to %s failed", before, head)
            if backup is not None:
                restore_database(store.with_path(backup), store)
                raise MigrationFailed(
                    f"数据库升级（{before} → {head}）失败，已恢复升级前的备份，数据未受影响。原因：{exc}"
                ) from exc
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            raise MigrationFailed(f"新数据库初始化失败：{exc}") from exc
        log.info("database migrated from %s to %s", before, head)
    remember_identity(store)
    return OpenResult(database=database, from_revision=before, to_revision=head, backup=backup)
