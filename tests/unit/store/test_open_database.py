"""Opening the store: fresh, corrupt, newer than the app, failed migration, backups."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.store import migrate
from desktop.store.migrate import (
    DatabaseCorrupt,
    DatabaseTooNew,
    MigrationFailed,
    StorageUnavailable,
    head_revision,
    list_backups,
    open_database,
)
from desktop.store.models import User


def _open(tmp_path: Path, keep: int = 10):
    return open_database(tmp_path / "db.sqlite3", tmp_path / "backups", keep_backups=keep)


def test_fresh_database_is_created_at_head_with_wal_and_foreign_keys(tmp_path):
    result = _open(tmp_path)
    assert result.from_revision is None and result.to_revision == head_revision()
    with result.database.session() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    result.database.dispose()


def test_pooled_connections_keep_durable_commits_with_a_one_mebibyte_page_cache(tmp_path):
    result = _open(tmp_path)
    with result.database.session() as s:
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: an accepted case survives a power cut
        assert s.execute(text("PRAGMA cache_size")).scalar() == -1024  # KiB; SQLite's default is 2 MiB
    result.database.dispose()


def test_reopening_an_up_to_date_database_makes_no_backup(tmp_path):
    _open(tmp_path).database.dispose()
    again = _open(tmp_path)
    again.database.dispose()
    assert again.backup is None and list_backups(tmp_path / "backups") == []


def test_database_newer_than_the_app_is_refused_and_left_untouched(tmp_path):
    _open(tmp_path).database.dispose()
    db = tmp_path / "db.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(DatabaseTooNew, match="比本程序新"):
        _open(tmp_path)
    assert db.read_bytes() == before


def test_corrupt_database_is_reported_and_never_overwritten(tmp_path):
    db = tmp_path / "db.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = db.read_bytes()
    with pytest.raises(DatabaseCorrupt, match="已损坏"):
        _open(tmp_path)
    assert db.read_bytes() == before


def test_restore_keeps_the_corrupt_file_aside(tmp_path):
    first = _open(tmp_path)
    with first.database.transaction() as s:
        s.add(User(username="amy", role="clerk", password_hash="x"))
    first.database.dispose()
    backup = migrate.backup_database(tmp_path / "db.sqlite3", tmp_path / "backups" / "onewindow-manual.sqlite3")
    db = tmp_path / "db.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"garbage" * 100)
    kept = migrate.restore_database(backup, db)
    assert kept is not None and kept.read_bytes() == b"garbage" * 100
    reopened = _open(tmp_path)
    with reopened.database.session() as s:
        assert s.execute(select(User.username)).scalars().all() == ["amy"]
    reopened.database.dispose()


def test_failed_migration_restores_the_previous_database(tmp_path, monkeypatch):
    # A database at an older revision, then a migration that blows up half-way.
    db = tmp_path / "db.sqlite3"
    _open(tmp_path).database.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO user (username, display_name, role, password_hash, active, failed_attempts,"
                     " created_at) VALUES ('amy', '', 'clerk', 'x', 1, 0, '2026-01-01 00:00:00.000000')")
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    conn.close()
    monkeypatch.setattr(migrate, "known_revisions", lambda: {"older", head_revision()})

    def exploding_upgrade(database):
        with database.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM user")
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(migrate, "_upgrade", exploding_upgrade)
    with pytest.raises(MigrationFailed, match="已恢复升级前的备份"):
        _open(tmp_path)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT username FROM user").fetchall() == [("amy",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("older",)
    conn.close()
    assert len(list_backups(tmp_path / "backups")) == 1


def test_only_the_newest_backups_are_kept(tmp_path):
    _open(tmp_path).database.dispose()
    db = tmp_path / "db.sqlite3"
    for i in range(5):
        migrate.rotate_backup(db, tmp_path / "backups", keep=3, reason=f"t{i}")
    names = [p.name for p in list_backups(tmp_path / "backups")]
    assert len(names) == 3 and "t4" in names[0]


READ_ONLY_PROBE = """
import sys
from pathlib import Path
from desktop.store.migrate import StorageUnavailable, open_database
ro = Path(sys.argv[1])
try:
    open_database(ro / "db.sqlite3", ro / "backups")
except StorageUnavailable as exc:
    print("REFUSED", exc)
else:
    print("OPENED")
"""


@pytest.mark.processes
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_data_dir_is_reported_clearly(tmp_path):
    """Also as root (CI runs as root): the child runs without CAP_DAC_OVERRIDE, so the directory's
    permissions bind it like any counter-PC user, instead of the test skipping itself."""
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    command = [sys.executable, "-c", READ_ONLY_PROBE, str(ro)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root needs util-linux's setpriv to drop the override capability")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search",
                   "--inh-caps=-dac_override,-dac_read_search", "--", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=Path.cwd())
    finally:
        ro.chmod(0o700)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("REFUSED") and "无法写入" in done.stdout
    assert not (ro / "db.sqlite3").exists()


def test_unusable_data_dir_is_reported_clearly_and_nothing_is_created(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    with pytest.raises(StorageUnavailable, match="无法写入"):
        open_database(blocker / "db.sqlite3", blocker / "backups")
    assert blocker.read_text() == "a file where the data dir should be"
