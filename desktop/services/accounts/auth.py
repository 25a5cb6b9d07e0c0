"""Accounts, roles and logins: argon2 hashes, lockout after repeated failures, audited changes.

A counter PC is shared by shifts, so every login, logout, lock and account change is written
to the hash-chained audit trail in the same transaction as the change itself.
"""
from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from desktop.domain.accounts import (  # noqa: F401 - re-exported: callers import them from here
    MIN_PASSWORD_LENGTH,
    ROLE_LABELS,
    ROLE_RANK,
    ROLES,
    AuthError,
    CurrentUser,
    PermissionDenied,
    check_password_strength,
)
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.store.models import KeyValue, User

_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{1,31}")

_hasher = PasswordHasher()


SYSTEM = "system"  # actor name for changes made by the CLI without a signed-in user


# What an unknown name's password is checked against, so the refusal costs what a real check
# costs. A fixed hash made once with this hasher's parameters (``_hasher.hash("not-a-password-of-
# anyone")``) rather than hashed at import: that took an argon2 run (0.1-0.3 s) between opening
# the store and the first sign-in. ``tests/unit/accounts/test_auth_and_audit.py`` checks it still has the
# hasher's parameters (cost) after an argon2-cffi upgrade.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$bxjhgYQu4UDGzvfGovU+zw$BQf02jLmQH09cmvR7gDf3sZwgaIi+IraS7+ZOT4eKb8"


def _locked_message(until: dt.datetime, now: dt.datetime) -> str:
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试或联系管理员"


class _UnknownNameCounter:
    """Failed sign-ins under a name that has no account, kept like an account's (hashed name, key_value)."""

    def __init__(self, s, username: str) -> None:
        import hashlib

        self.s = s
        self.key = "login-fail|" + hashlib.sha256(username.encode("utf-8")).hexdigest()[:32]
        self.row = s.get(KeyValue, self.key)

    def _state(self) -> tuple[int, dt.datetime | None]:
        if self.row is None or not self.row.value:
            return 0, None
        count, _, until = self.row.value.partition("|")
        return int(count or 0), (dt.datetime.fromisoformat(until) if until else None)

    def locked_until(self, now: dt.datetime) -> dt.datetime | None:
        _, until = self._state()
        return until if until and until > now else None

    def fail(self, now: dt.datetime, attempts: int, minutes: int) -> int:
        count, _ = self._state()
        count += 1
        value = f"{count}|"
        if count >= attempts:
            value = f"0|{(now + dt.timedelta(minutes=minutes)).isoformat()}"
        if self.row is None:
            self.row = KeyValue(key=self.key, value=value, updated_at=now)
            self.s.add(self.row)
        else:
            self.row.value, self.row.updated_at = value, now
        return count


def _current(user: User) -> CurrentUser:
    return CurrentUser(id=user.id, username=user.username, display_name=user.display_name, role=user.role)


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# Clerks of other windows, known from the hall's events: names for history and per-clerk reports, never
# accounts of this PC (inactive, no password; see desktop/services/hall/projection.py).
HALL_ROLE = "hall"


class AuthService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- accounts ---------------------------------------------------------------------

    def has_users(self) -> bool:
        with self.ctx.db.session() as s:
            return bool(s.execute(select(func.count(User.id)).where(User.role != HALL_ROLE)).scalar())

    def create_user(self, username: str, password: str, role: str, *, display_name: str = "",
                    actor: CurrentUser | None = None) -> CurrentUser:
        """Create an account. ``actor`` is the signed-in admin; None means IT at the CLI or first-run set-up."""
        if role not in ROLES:
            raise AuthError(f"未知角色 {role!r}，应为 {' / '.join(ROLES)}")
        if not _USERNAME.fullmatch(username):
            raise AuthError("用户名需以字母开头，2-32 位字母、数字或 _ . -")
        if reason := check_password_strength(password):
            raise AuthError(reason)
        if actor is not None:
            actor.require("admin", "管理账号")
        with self.ctx.db.transaction() as s:
            if s.execute(select(User.id).where(User.username == username)).scalar() is not None:
                raise AuthError(f"用户名 {username} 已存在")
            user = User(username=username, display_name=display_name, role=role,
                        password_hash=_hasher.hash(password), created_at=self.ctx.now())
            s.add(user)
            s.flush()
            audit.record(s, actor.username if actor else SYSTEM, "user.create", username, {"role": role},
                         at=self.ctx.now())
            return _current(user)

    def list_users(self) -> list[dict]:
        with self.ctx.db.session() as s:
            users = s.execute(select(User).where(User.role != HALL_ROLE).order_by(User.username)).scalars().all()
            return [
                {"username": u.username, "display_name": u.display_name, "role": u.role, "active": u.active,
                 "locked_until": u.locked_until, "last_login_at": u.last_login_at}
                for u in users
            ]

    def set_active(self, username: str, active: bool, *, actor: CurrentUser | None = None) -> None:
        if actor is not None:
            actor.require("admin", "停用/启用账号")
            if actor.username == username and not active:
                raise AuthError("不能停用当前登录的账号")
        with self.ctx.db.transaction() as s:
            user = s.execute(select(User).where(User.username == username)).scalar()
            if user is None:
                raise AuthError(f"用户 {username} 不存在")
            if not active and user.role == "admin" and user.active:
                admins = s.execute(select(func.count(User.id))
                                   .where(User.role == "admin", User.active)).scalar_one()
                if admins <= 1:
                    raise AuthError("不能停用最后一个管理员账号")
            user.active = active
            if active:
                user.failed_attempts, user.locked_until = 0, None
            audit.record(s, actor.username if actor else SYSTEM, "user.enable" if active else "user.disable",
                         username, at=self.ctx.now())

    def reset_password(self, username: str, password: str, *, actor: CurrentUser | None = None) -> None:
        if actor is not None and actor.username != username:
            actor.require("admin", "重置他人密码")
        if reason := check_password_strength(password):
            raise AuthError(reason)
        with self.ctx.db.transaction() as s:
            user = s.execute(select(User).where(User.username == username)).scalar()
            if user is None:
                raise AuthError(f"用户 {username} 不存在")
            user.password_hash = _hasher.hash(password)
            user.failed_attempts, user.locked_until = 0, None
            audit.record(s, actor.username if actor else SYSTEM, "user.password", username, at=self.ctx.now())

    # --- sessions ---------------------------------------------------------------------

    def login(self, username: str, password: str) -> CurrentUser:
        """Check the password; count failures and lock the account after too many.

        A refused login still commits (the failure count and the audit row must persist),
        so the refusal is raised only after the transaction has closed. The refusal never tells
        whether the user name exists: an unknown name gets the same words, the same countdown
        and the same lockout (counted under a hash of the name) and costs the same argon2 check;
        "disabled" is said only to someone who typed that account's right password.
        """
        sec = self.ctx.config.security
        now = self.ctx.now()
        refusal: str | None = None
        with self.ctx.db.transaction() as s:
            user = s.execute(select(User).where(User.username == username)).scalar()
            if user is None:
                _password_matches(_DUMMY_HASH, password)  # same cost as a real check
                counter = _UnknownNameCounter(s, username)
                if (until := counter.locked_until(now)) is not None:
                    audit.record(s, username, "login.fail", username, {"reason": "unknown user, locked"}, at=now)
                    refusal = _locked_message(until, now)
                else:
                    left = sec.lockout_attempts - counter.fail(now, sec.lockout_attempts, sec.lockout_minutes)
                    audit.record(s, username, "login.fail", username, {"reason": "unknown user"}, at=now)
                    refusal = (f"登录失败次数过多，账号已锁定 {sec.lockout_minutes} 分钟" if left <= 0
                               else f"用户名或密码不正确（还可尝试 {left} 次）")
            elif user.locked_until and user.locked_until > now:
                audit.record(s, username, "login.fail", username, {"reason": "locked"}, at=now)
                refusal = _locked_message(user.locked_until, now)
            elif not _password_matches(user.password_hash, password):
                user.failed_attempts += 1
                left = sec.lockout_attempts - user.failed_attempts
                if left <= 0:
                    user.locked_until = now + dt.timedelta(minutes=sec.lockout_minutes)
                    user.failed_attempts = 0
                    audit.record(s, username, "account.lock", username, {"minutes": sec.lockout_minutes}, at=now)
                    refusal = f"登录失败次数过多，账号已锁定 {sec.lockout_minutes} 分钟"
                else:
                    audit.record(s, username, "login.fail", username, {"reason": "password"}, at=now)
                    refusal = f"用户名或密码不正确（还可尝试 {left} 次）"
            elif not user.active:
                audit.record(s, username, "login.fail", username, {"reason": "disabled"}, at=now)
                refusal = "该账号已停用，请联系管理员"
            else:
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = _hasher.hash(password)
                user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
                audit.record(s, username, "login", username, at=now)
                signed_in = _current(user)
        if refusal is not None:
            raise AuthError(refusal)
        return signed_in

    def verify_password(self, user: CurrentUser, password: str) -> bool:
        """Unlock an idle-locked session: the same user re-enters their password."""
        try:
            self.login(user.username, password)
        except AuthError:
            return False
        return True

    def logout(self, user: CurrentUser) -> None:
        self._audit(user, "logout")

    def session_locked(self, user: CurrentUser, reason: str = "idle") -> None:
        self._audit(user, "session.lock", {"reason": reason})

    def session_unlocked(self, user: CurrentUser) -> None:
        self._audit(user, "session.unlock")

    def _audit(self, user: CurrentUser, action: str, detail: dict | None = None) -> None:
        with self.ctx.db.transaction() as s:
            audit.record(s, user.username, action, user.username, detail, at=self.ctx.now())
