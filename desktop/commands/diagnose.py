"""`onewindow diagnose --out FILE.zip`: logs, redacted config, versions and checks for support."""
from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands._common import CommandError, config_from_args, out
from desktop.services.maintenance.diagnostics import write_diagnostics
from desktop.services.maintenance.selftest import run_self_test
from desktop.services.maintenance.store_recovery import check_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diagnose", help="collect logs, config (secrets removed), versions and checks into a zip")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_diagnose)


def _diagnose(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    self_test = [f"[{c.status}] {c.name}: {c.detail}" for c in run_self_test(config)]
    db_check = ([("OK   " if f.ok else "FAIL ") + f.name + (f": {f.detail}" if f.detail else "")
                 for f in check_store(config)] if config.db_path.exists() else ["(no database yet)"])
    try:
        path = write_diagnostics(config, args.out, self_test_lines=self_test, db_check_lines=db_check)
    except OSError as exc:
        raise CommandError(f"无法写入诊断文件 {args.out}：{exc.strerror or exc}") from exc
    out(f"诊断信息已保存到 {path}（不含数据库、附件和个人信息）")
    return 0
