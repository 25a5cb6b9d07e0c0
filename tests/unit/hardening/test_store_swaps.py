"""Issue 16 #1: replacing the store file never leaves no store, and never a silent empty one."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext
from desktop.store import migrate

ROOT = Path(__file__).resolve().parents[3]


def _users(ctx: AppContext) -> set[str]:
    return {u["username"] for u in AuthService(ctx).list_users()}


@pytest.fixture
def two_generations(config, tmp_path):
    """A store holding 'admin' backed up, then 'later' added: the backup is generation 1, the store 2."""
    ctx = AppContext.open(config)
    AuthService(ctx).create_user("admin", "admin2026", "admin")
    backup = migrate.backup_database(config.db_path, tmp_path / "gen1.sqlite3")
    AuthService(ctx).create_user("later", "later2026", "clerk")
    ctx.close()
    return backup


def _restore_and_die(backup: Path, db: Path, at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.unit.hardening.kill_restore", str(backup), str(db), str(at)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_kill_9_at_every_step_of_db_restore_leaves_the_old_or_the_new_store(config, two_generations):
    full = _restore_and_die(two_generations, config.db_path, 10_000)
    renames = int(full.stdout.split()[-1])
    assert renames >= 2
    for at in range(1, renames + 1):
        # Put generation 2 back as it was, then crash the restore at rename number ``at``.
        ctx = AppContext.open(config)
        if _users(ctx) != {"admin", "later"}:
            AuthService(ctx).create_user("later", "later2026", "clerk")
        ctx.close()
        died = _restore_and_die(two_generations, config.db_path, at)
        assert died.returncode == 137, died.stderr
        ctx = AppContext.open(config)  # the next start
        try:
            assert _users(ctx) in ({"admin"}, {"admin", "later"}), f"crash at rename {at}: store is {_users(ctx)}"
        finally:
            ctx.close()
        from desktop.services.maintenance.db_check import run_checks

        assert [f.name for f in run_checks(config.db_path) if not f.ok] == []


def test_two_restores_within_one_second_keep_both_replaced_originals(config, two_generations):
    first = migrate.restore_database(two_generations, config.db_path)
    second = migrate.restore_database(two_generations, config.db_path)
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


def test_a_missing_store_beside_its_identity_is_refused_not_replaced_by_an_empty_one(config):
    ctx = AppContext.open(config)
    AuthService(ctx).create_user("admin", "admin2026", "admin")
    ctx.close()
    moved = config.db_path.with_name("onewindow.moved-by-someone.sqlite3")
    os.replace(config.db_path, moved)
    with pytest.raises(migrate.StoreError) as refused:  # StoreMissing, a kind of DatabaseCorrupt
        AppContext.open(config)
    assert "onewindow db restore" in str(refused.value)
    assert not config.db_path.exists() or config.db_path.stat().st_size == 0
    ctx = AppContext.open(config, allow_fresh=True)  # IT's explicit choice
    assert _users(ctx) == set()
    ctx.close()


def test_a_swap_interrupted_after_the_original_was_kept_is_finished_at_the_next_start(config, two_generations):
    from desktop.store.swap import incoming_path, swap_in

    incoming = incoming_path(config.db_path)
    migrate.backup_database(two_generations, incoming)
    child = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                            "from desktop.store.swap import swap_in; "
                            "swap_in(Path(sys.argv[1]), Path(sys.argv[2]), 'replaced', crash_at='original-kept')",
                            str(config.db_path), str(incoming)], cwd=ROOT, capture_output=True, timeout=60)
    assert child.returncode == 137 and not config.db_path.exists()
    ctx = AppContext.open(config)
    assert _users(ctx) == {"admin"}
    ctx.close()
    assert list(config.data_dir.glob("onewindow.replaced-*.sqlite3"))
    assert swap_in  # the same function the restore uses


def test_store_files_are_private_to_the_os_user(config):
    ctx = AppContext.open(config)
    AuthService(ctx).create_user("admin", "admin2026", "admin")
    backup = migrate.rotate_backup(config.db_path, config.backup_dir, 3, "test")
    ctx.close()
    assert oct(config.db_path.stat().st_mode & 0o777) == "0o600"
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert oct(config.data_dir.stat().st_mode & 0o777) == "0o700"
    assert oct(config.backup_dir.stat().st_mode & 0o777) == "0o700"
