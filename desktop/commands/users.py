"""`onewindow users add|list|disable|enable|passwd`: account care for IT from the command line."""
from __future__ import annotations

import argparse
import getpass
import sys

from desktop.commands._common import CommandError, opened_context, out
from desktop.services.accounts.auth import ROLE_LABELS, ROLES, AuthError, AuthService


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="user accounts: add, list, disable, enable, passwd")
    usub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", help="create an account")
    p.add_argument("username")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--display-name", default="")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=_add)
    p = usub.add_parser("list", help="list accounts")
    p.set_defaults(func=_list)
    for name, active in (("disable", False), ("enable", True)):
        p = usub.add_parser(name, help=f"{name} an account")
        p.add_argument("username")
        p.set_defaults(func=_set_active, active=active)
    p = usub.add_parser("passwd", help="set a new password")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=_passwd)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("密码: ")
        if getpass.getpass("再次输入密码: ") != password:
            raise CommandError("两次输入的密码不一致")
    else:
        raise CommandError("请用 --password-stdin 从标准输入提供密码")
    if not password:
        raise CommandError("密码不能为空")
    return password


def _add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    with opened_context(args) as ctx:
        try:
            user = AuthService(ctx).create_user(args.username, password, args.role, display_name=args.display_name)
        except AuthError as exc:
            raise CommandError(str(exc)) from exc
    out(f"已创建用户 {user.username}（{ROLE_LABELS[user.role]}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        users = AuthService(ctx).list_users()
    if not users:
        out("（没有用户；首次启动时会引导创建管理员）")
    for u in users:
        state = "启用" if u["active"] else "停用"
        last = f"{ctx.hall_clock.local(u['last_login_at']):%Y-%m-%d %H:%M}" if u["last_login_at"] else "-"
        out(f"{u['username']:<20} {u['role']:<11} {state}  最近登录 {last}  {u['display_name']}")
    return 0


def _set_active(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        try:
            AuthService(ctx).set_active(args.username, args.active)
        except AuthError as exc:
            raise CommandError(str(exc)) from exc
    out(f"已{'启用' if args.active else '停用'}用户 {args.username}")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    password = _read_password(args)
    with opened_context(args) as ctx:
        try:
            AuthService(ctx).reset_password(args.username, password)
        except AuthError as exc:
            raise CommandError(str(exc)) from exc
    out(f"已重置用户 {args.username} 的密码")
    return 0
