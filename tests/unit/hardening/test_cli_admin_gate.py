"""Issue 16 #7: shell access is not admin access — the CLI asks for an admin credential and audits it."""
from __future__ import annotations

import io
import sqlite3
import sys

import pytest

from desktop.cli import main


def _cli(data_dir, *argv, stdin: str = "") -> int:
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--data-dir", str(data_dir), *argv])
    finally:
        sys.stdin = sys.__stdin__


@pytest.fixture
def store_with_admin(tmp_path):
    # The secure first start: the first admin of an empty store needs no credential.
    assert _cli(tmp_path, "users", "add", "boss", "--role", "admin", "--password-stdin", stdin="boss2026x\n") == 0
    return tmp_path


def _usernames(data_dir) -> set[str]:
    conn = sqlite3.connect(data_dir / "onewindow.sqlite3")
    try:
        return {r[0] for r in conn.execute("SELECT username FROM user")}
    finally:
        conn.close()


def test_cli_refuses_to_create_an_admin_without_an_admin_credential(store_with_admin, capsys):
    code = _cli(store_with_admin, "users", "add", "mallory", "--role", "admin", "--password-stdin",
                stdin="mallory2026\n")
    assert code != 0 and "管理员凭据" in capsys.readouterr().err
    assert _usernames(store_with_admin) == {"boss"}


def test_cli_refuses_to_reset_anyones_password_without_an_admin_credential(store_with_admin, capsys):
    assert _cli(store_with_admin, "users", "passwd", "boss", "--password-stdin", stdin="owned2026x\n") != 0
    assert "管理员凭据" in capsys.readouterr().err
    assert _cli(store_with_admin, "users", "list") == 0  # reading the list needs nothing


def test_an_admin_password_authorises_and_the_change_is_audited_with_the_os_user(store_with_admin):
    assert _cli(store_with_admin, "users", "add", "amy", "--role", "clerk", "--password-stdin",
                "--admin", "boss", "--admin-password-stdin", stdin="boss2026x\nclerk2026\n") == 0
    conn = sqlite3.connect(store_with_admin / "onewindow.sqlite3")
    rows = conn.execute("SELECT actor, detail FROM audit_event WHERE action = 'cli.users.add'").fetchall()
    conn.close()
    assert rows[-1][0] == "boss"
    assert '"os_user"' in rows[-1][1] and '"via": "password"' in rows[-1][1]


def test_a_wrong_admin_password_is_refused(store_with_admin, capsys):
    assert _cli(store_with_admin, "users", "add", "amy", "--role", "clerk", "--password-stdin",
                "--admin", "boss", "--admin-password-stdin", stdin="guess1234\nclerk2026\n") != 0
    assert "管理员凭据无效" in capsys.readouterr().err
    assert _usernames(store_with_admin) == {"boss"}


def test_the_os_admin_flag_counts_only_for_the_real_os_administrator(store_with_admin, monkeypatch, capsys):
    from desktop.commands import _admin_gate

    monkeypatch.setattr(_admin_gate, "running_as_os_admin", lambda: False)
    assert _cli(store_with_admin, "users", "disable", "boss", "--as-os-admin") != 0
    assert "系统管理员" in capsys.readouterr().err
    monkeypatch.setattr(_admin_gate, "running_as_os_admin", lambda: True)
    assert _cli(store_with_admin, "users", "add", "amy", "--role", "clerk", "--password-stdin", "--as-os-admin",
                stdin="clerk2026\n") == 0


def test_restore_needs_an_admin_credential(store_with_admin, tmp_path, capsys):
    backup = tmp_path / "b.sqlite3"
    assert _cli(store_with_admin, "db", "backup", "--out", str(backup), "--admin", "boss", "--admin-password-stdin",
                stdin="boss2026x\n") == 0
    assert _cli(store_with_admin, "db", "restore", str(backup)) != 0
    assert "管理员凭据" in capsys.readouterr().err


def test_help_says_that_account_changes_need_an_admin_credential(capsys):
    with pytest.raises(SystemExit):
        main(["users", "passwd", "--help"])
    assert "--admin" in capsys.readouterr().out


class _MemoryKeyring:
    """A secure-looking keyring backend for one test (the OS keyring of an IT account)."""

    priority = 5

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, user):
        return self.items.get((service, user))

    def set_password(self, service, user, password):
        self.items[(service, user)] = password

    def delete_password(self, service, user):
        self.items.pop((service, user), None)


def test_an_it_token_in_the_os_users_keyring_authorises_without_a_password(store_with_admin, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    backend = type("ITKeyring", (_MemoryKeyring, KeyringBackend), {})()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    monkeypatch.setattr(keyring, "get_password", backend.get_password)
    monkeypatch.setattr(keyring, "set_password", backend.set_password)
    assert _cli(store_with_admin, "users", "it-token", "--admin", "boss", "--admin-password-stdin",
                stdin="boss2026x\n") == 0
    assert _cli(store_with_admin, "users", "add", "amy", "--role", "clerk", "--password-stdin",
                stdin="clerk2026\n") == 0  # no credential typed: the token in this OS user's keyring counts
    # With a keyring present the store was encrypted in place at the next open: read it as the app does.
    from desktop.config import load_config
    from desktop.services.context import AppContext

    ctx = AppContext.open(load_config(data_dir=store_with_admin, search_default_provisioning=False))
    assert ctx.opened is not None and ctx.opened.key_source == "keyring"
    with ctx.db.raw_connection(readonly=True) as conn:
        detail = conn.execute("SELECT detail FROM audit_event WHERE action = 'cli.users.add' "
                              "ORDER BY id DESC").fetchone()[0]
    ctx.close()
    assert '"via": "it-token"' in detail
    backend.items.clear()  # another OS user (or the token removed): refused again
    assert _cli(store_with_admin, "users", "add", "bob", "--role", "clerk", "--password-stdin",
                stdin="clerk2026\n") != 0
