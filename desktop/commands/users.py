"""`onewindow users add|list|disable|enable|passwd|it-token`: account care for IT from the command line.

Changing an account needs an admin credential (see ``desktop/commands/_admin_gate.py``): shell
access to the PC is not admin access to OneWindow. The first admin of an empty store is the
exception (``users add NAME --role admin`` on a store with no accounts). With both the admin's
and the new password on standard input, the admin's comes first.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from desktop.commands._admin_gate import GATE_HELP, add_gate_options, audit_cli, new_it_token, require_admin
from desktop.commands._common import CommandError, opened_context, out, services_for
from desktop.services.accounts.auth import ROLE_LABELS, ROLES, AuthError


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="user accounts: add, list, disable, enable, passwd (admin credential)",
                           description=f"Account care. Changing an account: {GATE_HELP}")
    usub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", help="create an account (the first admin of an empty store needs no credential)",
                        description=GATE_HELP)
    p.add_argument("username")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--display-name", default="")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add_gate_options(p)
    p.set_defaults(func=_add)
    p = usub.add_parser("list", help="list accounts")
    p.set_defaults(func=_list)
    for name, active in (("disable", False), ("enable", True)):
        p = usub.add_parser(name, help=f"{name} an account (admin credential)", description=GATE_HELP)
        p.add_argument("username")
        add_gate_options(p)
        p.set_defaults(func=_set_active, active=active)
    p = usub.add_parser("passwd", help="set a new password (admin credential)", description=GATE_HELP)
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    add_gate_options(p)
    p.set_defaults(func=_passwd)
    p = usub.add_parser("it-token", help="keep an IT token in this OS user's keyring (admin credential)",
                        description=GATE_HELP)
    add_gate_options(p)
    p.set_defaults(func=_it_token)


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
    with opened_context(args) as ctx:
        who = require_admin(args, ctx, first_account_ok=args.role == "admin")
        password = _read_password(args)
        try:
            user = services_for(ctx).auth.create_user(args.username, password, args.role, display_name=args.display_name)
        except AuthError as exc:
            raise CommandError(str(exc)) from exc
        audit_cli(ctx, who, "cli.users.add", args.username, {"role": args.role})
    out(f"已创建用户 {user.username}（{ROLE_LABELS[user.role]}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        users = services_for(ctx).auth.list_users()
    if not users:
        out("（没有用户；首次启动时会引导创建管理员）")
    for u in users:
        state = "启用" if u["active"] else "停用"
        last = f"{ctx.hall_clock.local(u['last_login_at']):%Y-%m-%d %H:%M}" if u["last_login_at"] else "-"
        out(f"{u['username']:<20} {u['role']:<11} {state}  最近登录 {last}  {u['display_name']}")
    return 0


def _set_active(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        who = require_admin(args, ctx)
        try:
            services_for(ctx).auth.set_active(args.username, args.active)
        except AuthError as exc:
            raise CommandError(str(exc)) from exc
        audit_cli(ctx, who, "cli.users.enable" if args.active else "cli.users.disable", args.username)
    out(f"已{'启用' if args.active else '停用'}用户 {args.username}")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        who = require_admin(args, ctx)
        password = _read_password(args)
        try:
            services_for(ctx).auth.reset_password(args.username, password)
        except AuthError as exc:
            raise CommandError(str(exc)) from exc
        audit_cli(ctx, who, "cli.users.passwd", args.username)
    out(f"已重置用户 {args.username} 的密码")
    return 0


def _it_token(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        who = require_admin(args, ctx)
        new_it_token(ctx)
        audit_cli(ctx, who, "cli.users.it_token")
    out("已在本系统账号的密钥环中保存 IT 令牌：此后以本系统账号运行的管理命令无需再输入管理员密码。")
    return 0
