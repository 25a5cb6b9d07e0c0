"""Open the local database safely: detect corruption, refuse newer schemas, back up, migrate.

The order matters. A corrupt file is never written to (it is kept aside for IT); a database
whose schema is newer than this app is never touched (no downgrades); a pending migration
runs only after a consistent online backup, and a migration that fails restores that backup.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.errors import UserError

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

    from desktop.store.database import Database

log = logging.getLogger("onewindow.store")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BACKUP_PREFIX = "onewindow-"
BACKUP_SUFFIX = ".sqlite3"


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


@dataclass(frozen=True)
class OpenResult:
    database: Database
    from_revision: str | None
    to_revision: str
    backup: Path | None


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


def current_revision(db_path: Path) -> str | None:
    """The schema revision stored in the file, or None for an empty/new database."""
    if not db_path.exists():
        return None
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def quick_check(db_path: Path) -> str | None:
    """None when SQLite finds the file sound, else SQLite's own complaint."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    problems = [r[0] for r in rows if r[0] != "ok"]
    return "; ".join(problems[:5]) or None


def backup_database(db_path: Path, out: Path) -> Path:
    """A consistent copy through SQLite's online backup API (safe while the app is running)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return out


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups newest first."""
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.iterdir() if p.name.startswith(BACKUP_PREFIX) and p.suffix == BACKUP_SUFFIX]
    return sorted(found, key=lambda p: p.name, reverse=True)


def rotate_backup(db_path: Path, backup_dir: Path, keep: int, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = backup_dir / f"{BACKUP_PREFIX}{stamp}-{reason}{BACKUP_SUFFIX}"
    backup_database(db_path, out)
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)
    log.info("database backed up before %s to %s", reason, out.name)
    return out


def restore_database(backup: Path, db_path: Path) -> Path | None:
    """Put ``backup`` in place of the database; the replaced file is kept aside, never deleted."""
    problem = quick_check(backup)
    if problem:
        raise DatabaseCorrupt(f"备份文件 {backup} 已损坏，不能用于恢复：{problem}")
    kept = None
    if db_path.exists():
        kept = set_aside(db_path, "replaced")
    tmp = db_path.with_name(db_path.name + ".restoring")
    backup_database(backup, tmp)
    os.replace(tmp, db_path)
    return kept


def set_aside(db_path: Path, why: str) -> Path:
    """Move the database (and its WAL/SHM files) aside so nothing writes to it again."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}.{why}-{stamp}{db_path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            shutil.move(src, Path(str(target) + suffix))
    return target


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


def _upgrade(database: Database) -> None:
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


def open_database(db_path: Path, backup_dir: Path, *, keep_backups: int = 10) -> OpenResult:
    """Check, back up and migrate the database at ``db_path``, then return it open.

    Raises a :class:`StoreError` subclass with a message for the clerk or IT when the
    database cannot be used as is.
    """
    # SQLAlchemy is imported here, not with this module: the GUI shows its sign-in dialog first
    # and opens the store behind it, and the CLI needs the error types above without an engine.
    from desktop.store.database import Database

    _ensure_writable(db_path.parent)
    if db_path.exists() and db_path.stat().st_size > 0:
        problem = quick_check(db_path)
        if problem:
            raise DatabaseCorrupt(f"数据库文件 {db_path} 已损坏：{problem}")
    before = current_revision(db_path)
    if before is not None and before == quick_head_revision():
        return OpenResult(database=Database(db_path), from_revision=before, to_revision=before, backup=None)
    head = head_revision()
    if before is not None and before not in known_revisions():
        raise DatabaseTooNew(
            f"数据库版本（{before}）比本程序新，可能由更新版本的一窗通创建。"
            "为避免数据损坏，程序不会打开或降级它。请安装最新版本。"
        )
    backup = None
    if before is not None and before != head:
        backup = rotate_backup(db_path, backup_dir, keep_backups, f"upgrade-from-{before}")
    database = Database(db_path)
    if before != head:
        try:
            _upgrade(database)
        except Exception as exc:
            database.dispose()
            log.exception("migration from %s to %s failed", before, head)
            if backup is not None:
                restore_database(backup, db_path)
                raise MigrationFailed(
                    f"数据库升级（{before} → {head}）失败，已恢复升级前的备份，数据未受影响。原因：{exc}"
                ) from exc
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            raise MigrationFailed(f"新数据库初始化失败：{exc}") from exc
        log.info("database migrated from %s to %s", before, head)
    return OpenResult(database=database, from_revision=before, to_revision=head, backup=backup)
