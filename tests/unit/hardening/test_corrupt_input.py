"""Issue 16 #5 and #11: a damaged database or input file never reaches the clerk as a traceback."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext
from desktop.store.migrate import DatabaseCorrupt

ROOT = Path(__file__).resolve().parents[3]


def _cli(data_dir: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *argv], cwd=ROOT,
                          input=stdin, capture_output=True, text=True, timeout=120)


def _store_with_a_user(config) -> None:
    ctx = AppContext.open(config)
    AuthService(ctx).create_user("admin", "admin2026", "admin")
    ctx.close()


def _flip_text(db: Path, sql: str) -> None:
    """Bytes that are not UTF-8 where SQLite holds text: what a flipped bit in a text cell reads as."""
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_flipped_bytes_in_the_schema_version_are_reported_damaged_at_start_up(config):
    _store_with_a_user(config)
    _flip_text(config.db_path, "UPDATE alembic_version SET version_num = CAST(X'FF3030FE' AS TEXT)")
    with pytest.raises(DatabaseCorrupt, match="已损坏"):
        AppContext.open(config)


def test_db_check_on_flipped_bytes_lists_findings_instead_of_a_traceback(config):
    _store_with_a_user(config)
    _flip_text(config.db_path, "UPDATE audit_event SET detail = CAST(X'7BFF22' AS TEXT)")
    checked = _cli(config.data_dir, "db", "check")
    assert "Traceback" not in checked.stderr
    assert checked.returncode == 1 and "FAIL audit hash chain" in checked.stdout


def test_a_file_that_is_not_a_database_is_reported_damaged_with_the_restore_offer(config):
    _store_with_a_user(config)
    ctx = AppContext.open(config)
    from desktop.store.migrate import rotate_backup

    rotate_backup(config.db_path, config.backup_dir, 3, "daily")
    ctx.close()
    raw = bytearray(config.db_path.read_bytes())
    raw[0:16] = b"\x00garbage-header!"
    config.db_path.write_bytes(bytes(raw))
    checked = _cli(config.data_dir, "db", "check")
    assert "Traceback" not in checked.stderr and checked.returncode == 1
    assert "已损坏" in checked.stdout and "db restore" in checked.stdout
    with pytest.raises(DatabaseCorrupt):
        AppContext.open(config)
