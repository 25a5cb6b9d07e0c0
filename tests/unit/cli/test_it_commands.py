"""The IT command line: version, db care and accounts, as an installer script would use them."""
from __future__ import annotations

import io
import sqlite3
import subprocess
import sys

import pytest

from desktop import __version__
from desktop.cli import main


def run(data_dir, *argv, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *argv],
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_version_is_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and __version__ in capsys.readouterr().out


def test_users_add_with_password_stdin_then_list(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("admin2026\n"))
    assert main(["--data-dir", str(tmp_path), "users", "add", "admin", "--role", "admin", "--password-stdin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("admin2026\nclerk2026\n"))
    assert main(["--data-dir", str(tmp_path), "users", "add", "amy", "--role", "clerk", "--password-stdin",
                 "--admin", "admin", "--admin-password-stdin"]) == 0
    assert main(["--data-dir", str(tmp_path), "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "已创建用户 amy" in out and "amy" in out.splitlines()[-1]


def test_users_add_refuses_a_weak_password_with_a_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("123\n"))
    code = main(["--data-dir", str(tmp_path), "users", "add", "amy", "--role", "admin", "--password-stdin"])
    assert code != 0 and "至少需要 8 位" in capsys.readouterr().err


def test_db_check_passes_on_a_healthy_database_and_fails_on_tampering(tmp_path):
    assert run(tmp_path, "users", "add", "admin", "--role", "admin", "--password-stdin",
               stdin="admin2026\n").returncode == 0
    healthy = run(tmp_path, "db", "check")
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    conn = sqlite3.connect(tmp_path / "onewindow.sqlite3")
    conn.execute("UPDATE audit_event SET action = 'nothing' WHERE id = 1")
    conn.commit()
    conn.close()
    broken = run(tmp_path, "db", "check")
    assert broken.returncode == 1 and "FAIL audit hash chain" in broken.stdout


def test_db_backup_and_restore_round_trip(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("admin2026\n"))
    main(["--data-dir", str(tmp_path), "users", "add", "admin", "--role", "admin", "--password-stdin"])
    backup = tmp_path / "copy.sqlite3"
    assert main(["--data-dir", str(tmp_path), "db", "backup", "--out", str(backup), "--as-os-admin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("admin2026\nclerk2026\n"))
    main(["--data-dir", str(tmp_path), "users", "add", "later", "--role", "clerk", "--password-stdin",
          "--admin", "admin", "--admin-password-stdin"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("admin2026\n"))
    assert main(["--data-dir", str(tmp_path), "db", "restore", str(backup), "--admin", "admin",
                 "--admin-password-stdin"]) == 0
    capsys.readouterr()
    main(["--data-dir", str(tmp_path), "users", "list"])
    listed = capsys.readouterr().out
    assert "admin" in listed and "later" not in listed


def test_backup_to_an_unwritable_place_fails_clearly(tmp_path, capsys):
    main(["--data-dir", str(tmp_path), "db", "upgrade"])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(tmp_path), "db", "backup", "--out", str(blocker / "b.sqlite3"),
                 "--as-os-admin"]) != 0
    assert "写入备份文件" in capsys.readouterr().err


def test_bad_provisioning_file_stops_the_command_naming_key_and_file(tmp_path, capsys):
    prov = tmp_path / "hall.toml"
    prov.write_text("[hall]\nwindow_id = 'w3'\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "--config", str(prov), "db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert "hall.toml" in err and "window_id" in err
