"""`onewindow enroll` and `onewindow sync --once | status | parked | retry`: the platform link for IT.

Exit status of `sync --once`: 0 when everything is sent and nothing needs a person; 1 when
something is parked, still pending, or the run failed (the reason is printed in Chinese).
Intake never depends on any of this: a failed sync leaves the counter working offline.
"""
from __future__ import annotations

import argparse
import json
import sys
import threading

from desktop.commands._common import CommandError, opened_context, out, sync_engine, sync_scheduler


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enroll", help="enrol this PC with the central platform (code from IT)")
    p.add_argument("--server", required=True, help="platform base URL, e.g. https://zwfw.example.gov.cn")
    p.add_argument("--code", required=True, help="one-time enrolment code")
    p.set_defaults(func=_enroll)

    s = sub.add_parser("sync", help="sync with the central platform: --once, status, parked, retry")
    s.add_argument("--once", action="store_true", help="push then pull once, print a summary and exit")
    s.add_argument("--budget", type=float, default=60.0, help="seconds a --once run may keep retrying")
    s.set_defaults(func=_sync)
    ssub = s.add_subparsers(dest="sync_command", metavar="ACTION")
    st = ssub.add_parser("status", help="the last known sync state (no network)")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=_status)
    pk = ssub.add_parser("parked", help="applications the platform refused, with its reason")
    pk.set_defaults(func=_parked)
    rt = ssub.add_parser("retry", help="queue parked applications again (after the cause was fixed)")
    rt.add_argument("ids", nargs="*", type=int, help="outbox ids (default: all parked)")
    rt.set_defaults(func=_retry)


def _warn_insecure(store) -> None:
    if not getattr(store, "secure", True):
        print(f"警告：设备令牌保存在{store.description}", file=sys.stderr)


def _enroll(args: argparse.Namespace) -> int:
    from sync.enrol import enroll
    from sync.errors import SyncError
    from sync.token_store import token_store_for

    with opened_context(args) as ctx:
        store = token_store_for(ctx.config.data_dir, args.server.rstrip("/"))
        _warn_insecure(store)
        try:
            result = enroll(ctx, args.server, args.code, token_store=store)
        except SyncError as err:
            raise CommandError(f"登记失败：{err.message}") from err
    out(f"已登记到中心平台 {result.server_url}（设备编号 {result.device_id}），令牌保存在{result.token_store}。")
    if result.skew_seconds is not None and abs(result.skew_seconds) > 120:
        out(f"警告：本机时钟与平台相差 {result.skew_seconds:+.0f} 秒，请IT校准时间。")
    return 0


def _engine(ctx):
    engine = sync_engine(ctx)
    if engine.server_url():
        _warn_insecure(engine.token_store())
    return engine


def _sync(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        engine = _engine(ctx)
        if args.once:
            summary = engine.run_once(budget_seconds=args.budget)
            for line in summary.lines():
                out(line)
            return 0 if summary.ok else 1
        out("持续同步中，按 Ctrl+C 停止。")
        stop = threading.Event()
        try:
            sync_scheduler(engine).run_forever(stop, lambda s: out(" | ".join(s.lines()[-3:])))
        except KeyboardInterrupt:
            stop.set()
        return 0


def _status(args: argparse.Namespace) -> int:
    from sync.engine import describe

    with opened_context(args) as ctx:
        summary = _engine(ctx).status()
    if args.json:
        out(json.dumps(describe(summary), ensure_ascii=False))
        return 0
    out(f"设备登记：{'已登记' if summary.enrolled else '未登记'}")
    for line in summary.lines()[3:]:
        out(line)
    return 0


def _parked(args: argparse.Namespace) -> int:
    from sync.queue import list_parked

    with opened_context(args) as ctx:
        items = list_parked(ctx.db)
    if not items:
        out("没有被平台退回的办件。")
        return 0
    for item in items:
        out(f"[{item.outbox_id}] {item.acceptance_no} {item.matter_name} 申请人 {item.applicant}：{item.reason}")
    out(f"共 {len(items)} 件需处理。")
    return 1


def _retry(args: argparse.Namespace) -> int:
    from sync.queue import retry_parked

    with opened_context(args) as ctx:
        n = retry_parked(ctx.db, args.ids or None, now=ctx.now())
    out(f"已将 {n} 件重新加入上传队列。")
    return 0
