"""`onewindow audit anchor|verify`: checkpoint the audit trail's head (day close) and compare it.

``audit anchor`` is meant for the day-close scheduled task (each sync anchors too); it refuses to
anchor a trail that no longer matches the last anchor. ``audit verify`` is the audit part of
``db check``: the hash chain, then the anchors, with what was found and since when.
"""
from __future__ import annotations

import argparse

from desktop.commands._common import CommandError, config_from_args, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="audit trail: anchor its head (day close), verify it against the anchors")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    a = asub.add_parser("anchor", help="checkpoint the chain's head, signed, beside the store (day close)")
    a.set_defaults(func=_anchor)
    v = asub.add_parser("verify", help="hash chain and anchors")
    v.set_defaults(func=_verify)


def _anchor(args: argparse.Namespace) -> int:
    from desktop.services.audit_anchor import checkpoint
    from desktop.services.maintenance.store_recovery import store_of

    anchor = checkpoint(store_of(config_from_args(args)), "day-close")
    if anchor is None:
        raise CommandError("审计记录与上次的锚点不一致（可能被删除或改写），没有生成新锚点。请运行“onewindow db check”查看详情。")
    out(f"审计锚点：{anchor.count} 条记录，至 #{anchor.last_id}（{anchor.at}）")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from desktop.services.maintenance.store_recovery import check_store

    findings = [f for f in check_store(config_from_args(args))
                if f.name in ("open database", "audit hash chain", "audit trail matches its anchors")]
    for f in findings:
        out(("OK   " if f.ok else "FAIL ") + f.name + (f": {f.detail}" if f.detail else ""))
    return 0 if all(f.ok for f in findings) else 1
