"""The CLI's admin gate: shell access to a counter PC is not admin access to OneWindow.

Commands that change accounts, export unmasked data or restore the store ask for one of:

* an admin account's password (``--admin NAME``; the password is prompted, or read from the
  first line of standard input with ``--admin-password-stdin``) — failures count towards the
  account's lockout like a sign-in;
* an IT token kept in this OS user's keyring (``onewindow users it-token`` creates one; only
  its hash is in the store), found automatically;
* ``--as-os-admin``, honoured only when the process really runs as the OS administrator
  (root, or an elevated Windows prompt) — the explicit flag makes the choice visible in
  scripts and in the audit trail.

The one exception is the first account: on a store with no accounts at all, ``users add
--role admin`` needs no credential (there is nobody to ask) — the secure first-start path the
installer documents. Every gated command is audited with the OS user who ran it.
"""
from __future__ import annotations

import argparse
import contextlib
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from dataclasses import dataclass

from desktop.commands._common import CommandError, services_for

IT_TOKEN_SERVICE = "onewindow"
IT_TOKEN_HASH_KEY = "it_token_sha256"

GATE_HELP = ("需要管理员凭据：--admin 用户名（提示输入密码，或 --admin-password-stdin），"
             "或本机系统密钥环中的 IT 令牌，或由系统管理员（root/提升权限）加 --as-os-admin 运行。")


@dataclass(frozen=True)
class Authorised:
    via: str  # "password" | "it-token" | "os-admin" | "first-account"
    admin: str  # the OneWindow admin account, or "" for os-admin / it-token / first account
    os_user: str

    @property
    def actor(self) -> str:
        return self.admin or f"os:{self.os_user}"

    def audit_detail(self) -> dict[str, str]:
        return {"via": self.via, "os_user": self.os_user}


def add_gate_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("admin credential", GATE_HELP)
    group.add_argument("--admin", metavar="USERNAME", help="authorise with this admin account's password")
    group.add_argument("--admin-password-stdin", action="store_true",
                       help="read the admin password from the first line of standard input")
    group.add_argument("--as-os-admin", action="store_true",
                       help="run as the OS administrator (root / elevated) without an app credential")


def os_user() -> str:
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return "?"


def running_as_os_admin() -> bool:
    if os.name == "posix":
        return os.geteuid() == 0
    try:  # pragma: no cover - Windows only
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return False


def it_token_user(data_dir) -> str:
    return "it-token|" + hashlib.sha256(str(data_dir).encode("utf-8")).hexdigest()[:24]


def _keyring_it_token(ctx) -> str | None:
    from desktop.store.keys import secure_keyring_reason

    if secure_keyring_reason() is not None:
        return None
    try:
        import keyring

        return keyring.get_password(IT_TOKEN_SERVICE, it_token_user(ctx.config.data_dir.resolve()))
    except Exception:  # noqa: BLE001 - a broken keyring means "no token", not a crash
        return None


def _stored_token_hash(ctx) -> str | None:
    from sqlalchemy import select

    from desktop.store.models import KeyValue

    with ctx.db.session() as s:
        return s.scalar(select(KeyValue.value).where(KeyValue.key == IT_TOKEN_HASH_KEY))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_it_token(ctx) -> str:
    """Create an IT token, keep it in this OS user's keyring and its hash in the store."""
    from desktop.store.keys import secure_keyring_reason
    from desktop.store.models import KeyValue

    reason = secure_keyring_reason()
    if reason is not None:
        raise CommandError(f"{reason}，无法保存 IT 令牌。请改用 --admin 管理员密码。")
    import keyring

    token = secrets.token_urlsafe(32)
    keyring.set_password(IT_TOKEN_SERVICE, it_token_user(ctx.config.data_dir.resolve()), token)
    with ctx.db.transaction() as s:
        s.merge(KeyValue(key=IT_TOKEN_HASH_KEY, value=token_hash(token), updated_at=ctx.now()))
    return token


def _read_password(args: argparse.Namespace) -> str:
    if getattr(args, "admin_password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass(f"管理员 {args.admin} 的密码: ")
    raise CommandError("请用 --admin-password-stdin 从标准输入提供管理员密码")


def require_admin(args: argparse.Namespace, ctx, *, first_account_ok: bool = False) -> Authorised:
    """Who authorised this command, or :class:`CommandError` (exit 3) with what is needed."""
    from desktop.services.accounts.auth import AuthError

    user = os_user()
    if getattr(args, "as_os_admin", False):
        if not running_as_os_admin():
            raise CommandError("--as-os-admin 只能由系统管理员（root 或以管理员身份运行的命令提示符）使用。", code=3)
        return Authorised("os-admin", "", user)
    if getattr(args, "admin", None):
        password = _read_password(args)
        try:
            signed_in = services_for(ctx).auth.login(args.admin, password)
        except AuthError as exc:
            raise CommandError(f"管理员凭据无效：{exc}", code=3) from exc
        if signed_in.role != "admin":
            raise CommandError(f"账号 {args.admin} 不是管理员，不能执行此操作。", code=3)
        return Authorised("password", signed_in.username, user)
    token = _keyring_it_token(ctx)
    stored = _stored_token_hash(ctx)
    if token and stored and hmac.compare_digest(token_hash(token), stored):
        return Authorised("it-token", "", user)
    if first_account_ok and not services_for(ctx).auth.has_users():
        return Authorised("first-account", "", user)
    raise CommandError(f"此操作需要管理员凭据。{GATE_HELP}", code=3)


def audit_cli(ctx, who: Authorised, action: str, target: str = "", detail: dict | None = None) -> None:
    from desktop.services import audit

    with ctx.db.transaction() as s:
        audit.record(s, who.actor, action, target, {**who.audit_detail(), **(detail or {})}, at=ctx.now())
