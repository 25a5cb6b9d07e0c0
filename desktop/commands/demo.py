"""`onewindow demo seed`: fill a database with realistic synthetic cases (demos, benchmarks)."""
from __future__ import annotations

import argparse

from desktop.commands._common import CommandError, opened_context, out
from desktop.domain.lifecycle import label


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="demo data: seed synthetic applications")
    dsub = demo.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    p = dsub.add_parser("seed", help="add synthetic matters, clerks and applications (never use on a real counter)")
    p.add_argument("--matters", type=int, default=30, help="matters to use (sample catalog, then variants)")
    p.add_argument("--applications", type=int, default=300, help="applications to create")
    p.add_argument("--days", type=int, default=30, help="spread over this many past days (today included)")
    p.add_argument("--windows", type=int, default=6, help="counter windows (one clerk each)")
    p.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same people and cases)")
    path = p.add_mutually_exclusive_group()
    path.add_argument("--bulk", dest="bulk", action="store_true", default=None,
                      help="fast bulk writer (default above 2000 applications)")
    path.add_argument("--via-services", dest="bulk", action="store_false",
                      help="every case through the intake services (slow, the reference path)")
    p.set_defaults(func=_seed)


def _seed(args: argparse.Namespace) -> int:
    from desktop.services.demo.seed import seed_demo

    for name in ("matters", "applications", "days", "windows"):
        if getattr(args, name) < 1:
            raise CommandError(f"--{name} 必须大于 0")
    if args.windows > 38:
        raise CommandError("--windows 最多 38 个")
    with opened_context(args) as ctx:
        result = seed_demo(ctx, matters=args.matters, applications=args.applications, days=args.days,
                           windows=args.windows, seed=args.seed, bulk=args.bulk, progress=out)
    out(f"已生成 {result.applications} 件演示办件（{'批量写入' if result.path == 'bulk' else '经受理服务'}），"
        f"{result.matters} 个事项，窗口 {', '.join(result.windows)}，用时 {result.seconds:.1f} 秒")
    for status, count in sorted(result.by_status.items(), key=lambda kv: -kv[1]):
        out(f"  {label(status)}：{count}")
    return 0
