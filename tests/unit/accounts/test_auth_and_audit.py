"""Accounts, lockout and the hash-chained audit trail."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.services.accounts.auth import AuthError, AuthService, PermissionDenied
from desktop.services.maintenance.db_check import run_checks


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 1, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock(ctx):
    c = Clock()
    ctx.clock = c
    return c


@pytest.fixture
def auth(ctx):
    service = AuthService(ctx)
    service.create_user("admin", "admin2026", "admin", display_name="管理员")
    return service


def test_first_admin_can_sign_in_and_has_admin_rights(auth):
    user = auth.login("admin", "admin2026")
    assert user.role == "admin" and user.has_role("supervisor")


def test_wrong_password_says_how_many_tries_are_left(auth):
    with pytest.raises(AuthError, match="还可尝试 4 次"):
        auth.login("admin", "nope")


def test_account_locks_after_repeated_failures_and_unlocks_after_the_lockout(auth, ctx, clock):
    for _ in range(ctx.config.security.lockout_attempts - 1):
        with pytest.raises(AuthError):
            auth.login("admin", "wrong")
    with pytest.raises(AuthError, match="已锁定"):
        auth.login("admin", "wrong")
    with pytest.raises(AuthError, match="已锁定"):
        auth.login("admin", "admin2026")  # even the right password waits out the lockout
    clock.now += dt.timedelta(minutes=ctx.config.security.lockout_minutes + 1)
    assert auth.login("admin", "admin2026").username == "admin"


def test_weak_passwords_are_refused(auth):
    with pytest.raises(AuthError, match="至少需要 8 位"):
        auth.create_user("bob", "short1", "clerk")
    with pytest.raises(AuthError, match="字母和数字"):
        auth.create_user("bob", "onlyletters", "clerk")


def test_a_clerk_cannot_create_accounts(auth):
    clerk = auth.create_user("amy", "clerk2026", "clerk", actor=auth.login("admin", "admin2026"))
    with pytest.raises(PermissionDenied, match="系统管理员"):
        auth.create_user("bob", "clerk2026", "clerk", actor=clerk)


def test_disabled_account_cannot_sign_in(auth):
    admin = auth.login("admin", "admin2026")
    auth.create_user("amy", "clerk2026", "clerk", actor=admin)
    auth.set_active("amy", False, actor=admin)
    with pytest.raises(AuthError, match="已停用"):
        auth.login("amy", "clerk2026")


def test_the_last_admin_cannot_be_disabled(auth):
    with pytest.raises(AuthError, match="最后一个管理员"):
        auth.set_active("admin", False)


def test_logins_and_account_changes_are_audited_in_an_intact_chain(auth, ctx):
    admin = auth.login("admin", "admin2026")
    auth.create_user("amy", "clerk2026", "clerk", actor=admin)
    auth.session_locked(admin)
    auth.session_unlocked(admin)
    auth.logout(admin)
    conn = sqlite3.connect(ctx.config.db_path)
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_event ORDER BY id")]
    conn.close()
    assert actions == ["user.create", "login", "user.create", "session.lock", "session.unlock", "logout"]
    assert all(f.ok for f in run_checks(ctx.config.db_path))


def test_db_check_reports_the_first_tampered_audit_row(auth, ctx):
    admin = auth.login("admin", "admin2026")
    auth.logout(admin)
    conn = sqlite3.connect(ctx.config.db_path)
    conn.execute("UPDATE audit_event SET actor = 'mallory' WHERE id = 2")
    conn.commit()
    conn.close()
    chain = next(f for f in run_checks(ctx.config.db_path) if f.name == "audit hash chain")
    assert not chain.ok and "#2" in chain.detail


def test_db_check_reports_a_deleted_audit_row(auth, ctx):
    admin = auth.login("admin", "admin2026")
    auth.logout(admin)
    conn = sqlite3.connect(ctx.config.db_path)
    conn.execute("DELETE FROM audit_event WHERE id = 2")
    conn.commit()
    conn.close()
    chain = next(f for f in run_checks(ctx.config.db_path) if f.name == "audit hash chain")
    assert not chain.ok and "#3" in chain.detail and "link" in chain.detail


def test_audit_details_never_hold_a_full_id_number(ctx):
    from desktop.services import audit

    with ctx.db.transaction() as s:
        audit.record(s, "amy", "applicant.lookup", "11010519491231002X", {"id": "11010519491231002X"})
    conn = sqlite3.connect(ctx.config.db_path)
    row = conn.execute("SELECT target, detail FROM audit_event").fetchone()
    conn.close()
    assert "11010519491231002X" not in "".join(row) and "1101**********002X" in row[0]


def test_an_unknown_names_check_costs_what_a_real_check_costs():
    from argon2 import extract_parameters

    from desktop.services.accounts import auth

    made_now = extract_parameters(auth._hasher.hash("x"))
    assert extract_parameters(auth._DUMMY_HASH) == made_now
    assert auth._password_matches(auth._DUMMY_HASH, "not-a-password-of-anyone")
