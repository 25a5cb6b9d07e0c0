"""`onewindow enroll` and `onewindow sync --once | --watch | status | parked | retry`: the platform link for IT.

`sync` alone names these actions and exits 2: a continuous sync is asked for explicitly with
``--watch`` (it runs until Ctrl+C, e.g. as a service), never started by accident.

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

    s = sub.add_parser("sync", help="sync with the central platform: --once, --watch, status, parked, hall-problems, retry")
    mode = s.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="push then pull once, print a summary and exit")
    mode.add_argument("--watch", action="store_true", help="keep syncing on the configured interval until Ctrl+C")
    s.add_argument("--budget", type=float, default=60.0, help="seconds a --once run may keep retrying")
    s.set_defaults(func=_sync)
    ssub = s.add_subparsers(dest="sync_command", metavar="ACTION")
    st = ssub.add_parser("status", help="the last known sync state (no network)")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=_status)
    pk = ssub.add_parser("parked", help="applications the platform refused, with its reason")
    pk.set_defaults(func=_parked)
    hp = ssub.add_parser("hall-problems", help="hall-feed items this PC refused (its hall data stops there)")
    hp.set_defaults(func=_hall_problems)
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


SYNC_ACTIONS = ("请指定同步操作：\n"
                "  onewindow sync --once     推送并拉取一次，输出摘要后退出（有退回或失败时退出码为 1）\n"
                "  onewindow sync --watch    按配置的间隔持续同步，按 Ctrl+C 停止\n"
                "  onewindow sync status     上次同步的状态（不联网）\n"
                "  onewindow sync parked     被平台退回的办件及原因\n"
                "  onewindow sync retry [ID…] 将退回的办件重新加入上传队列")


def _sync(args: argparse.Namespace) -> int:
    if not (args.once or args.watch):
        raise CommandError(SYNC_ACTIONS, code=2)
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


def _hall_problems(args: argparse.Namespace) -> int:
    from desktop.services.hall.feed_problems import open_problems

    with opened_context(args) as ctx:
        conn = ctx.db.raw_connection(readonly=True)
        try:
            problems = open_problems(conn)
        finally:
            conn.close()
    if not problems:
        out("大厅数据正常：没有被拒收的大厅变更。")
        return 0
    for problem in problems:
        out(problem.line())
    out("本机的大厅数据停在第一条之前（其后的变更暂不采用，以免在缺口上继续）。请将以上内容发给中心平台运维人员更正；"
        "更正后下次同步自动继续，无需在本机操作。")
    return 1


def _retry(args: argparse.Namespace) -> int:
    from sync.queue import retry_parked

    with opened_context(args) as ctx:
        n = retry_parked(ctx.db, args.ids or None, now=ctx.now())
    out(f"已将 {n} 件重新加入上传队列。")
    return 0
