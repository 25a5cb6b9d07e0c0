"""Issue 16 #11: the sign-in refusal does not tell an outsider which user names exist."""
from __future__ import annotations

import pytest

from desktop.services.accounts.auth import AuthError, AuthService


@pytest.fixture
def auth(ctx):
    service = AuthService(ctx)
    service.create_user("admin", "admin2026", "admin")
    return service


def _refusal(auth, username: str, password: str) -> str:
    with pytest.raises(AuthError) as refused:
        auth.login(username, password)
    return str(refused.value)


def test_sign_in_error_does_not_reveal_whether_a_user_name_exists(auth, ctx):
    attempts = ctx.config.security.lockout_attempts
    known = [_refusal(auth, "admin", "wrong-pass1") for _ in range(attempts)]
    unknown = [_refusal(auth, "nosuchuser", "wrong-pass1") for _ in range(attempts)]
    assert known == unknown  # same words, same countdown, same lockout


def test_a_disabled_account_is_named_only_to_someone_with_its_password(auth):
    admin = auth.login("admin", "admin2026")
    auth.create_user("amy", "clerk2026", "clerk", actor=admin)
    auth.set_active("amy", False, actor=admin)
    assert _refusal(auth, "amy", "wrong-pass1") == _refusal(auth, "nobody", "wrong-pass1")
    assert "已停用" in _refusal(auth, "amy", "clerk2026")
