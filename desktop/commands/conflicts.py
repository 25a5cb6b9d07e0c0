"""`onewindow conflicts list|show|resolve`: versions of a case the app did not choose between.

A platform status the state machine forbids (refused, never applied) and a platform decision that
met an unsent change of this window (both versions kept, the local change held) wait here for a
supervisor. ``resolve`` signs in as that supervisor (``--by NAME``; password prompted, or the
first line of standard input with ``--password-stdin``); the role check is the service's.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from desktop.commands._common import CommandError, opened_context, out, services_for
from desktop.domain.lifecycle import Resolution


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("conflicts", help="case conflicts for the supervisor: list, show, resolve")
    csub = p.add_subparsers(dest="conflicts_command", metavar="ACTION", required=True)
    ls = csub.add_parser("list", help="open conflicts (exit 1 when there are any)")
    ls.add_argument("--all", action="store_true", help="resolved ones too")
    ls.set_defaults(func=_list)
    sh = csub.add_parser("show", help="both versions of one conflict")
    sh.add_argument("id", type=int)
    sh.set_defaults(func=_show)
    rs = csub.add_parser("resolve", help="decide a conflict as a supervisor")
    rs.add_argument("id", type=int)
    rs.add_argument("resolution", choices=[r.value for r in Resolution])
    rs.add_argument("--by", required=True, metavar="USERNAME", help="the supervisor deciding")
    rs.add_argument("--password-stdin", action="store_true")
    rs.add_argument("--note", default="")
    rs.set_defaults(func=_resolve)


def _list(args: argparse.Namespace) -> int:
    from desktop.services.conflicts import describe

    with opened_context(args) as ctx:
        views = services_for(ctx).conflicts.list(open_only=not args.all)
    for view in views:
        state = "" if view.state == "open" else f"（已处理：{view.resolution}，{view.resolved_by}）"
        out(describe(view) + state)
    open_views = [v for v in views if v.state == "open"]
    out(f"共 {len(open_views)} 件待主管处理。" if open_views else "没有待处理的冲突。")
    return 1 if open_views else 0


def _show(args: argparse.Namespace) -> int:
    from desktop.services.conflicts import describe

    with opened_context(args) as ctx:
        found = [v for v in services_for(ctx).conflicts.list(open_only=False) if v.id == args.id]
    if not found:
        raise CommandError(f"没有编号为 {args.id} 的冲突")
    view = found[0]
    out(describe(view))
    out(f"本窗口版本：{view.local_payload or '（无）'}")
    out(f"对方版本：{view.remote_payload}")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from desktop.services.accounts.auth import AuthError, PermissionDenied
    from desktop.services.conflicts import RESOLUTION_LABELS, ConflictError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"{args.by} 的密码: ")
    else:
        raise CommandError("请用 --password-stdin 从标准输入提供密码")
    with opened_context(args) as ctx:
        try:
            user = services_for(ctx).auth.login(args.by, password)
            view = services_for(ctx).conflicts.resolve(args.id, args.resolution, user, note=args.note)
        except (AuthError, PermissionDenied, ConflictError) as exc:
            raise CommandError(str(exc), code=3 if not isinstance(exc, ConflictError) else 1) from exc
    out(f"冲突 #{view.id} 已处理：{RESOLUTION_LABELS[Resolution(view.resolution)]}（{view.resolved_by}）")
    return 0
