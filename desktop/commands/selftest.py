"""`onewindow self-test` (and the hidden `_qt-probe` it runs in a child process)."""
from __future__ import annotations

import argparse
import json

from desktop import version
from desktop.commands._common import config_from_args, out
from desktop.services.maintenance.selftest import FAIL, qt_probe, run_self_test


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("self-test", help="check Qt, fonts, database, keyring, printers, server and clock")
    p.set_defaults(func=_self_test)
    p = sub.add_parser("_qt-probe")  # internal: run by self-test in a child process
    p.set_defaults(func=_qt_probe)


def _self_test(args: argparse.Namespace) -> int:
    checks = run_self_test(config_from_args(args))
    out(f"一窗通 OneWindow {version()} 自检")
    for check in checks:
        out(f"[{check.status:<4}] {check.name}: {check.detail}")
    failed = sum(c.status == FAIL for c in checks)
    out("自检通过" if not failed else f"自检发现 {failed} 个问题")
    return 1 if failed else 0


def _qt_probe(args: argparse.Namespace) -> int:
    print(json.dumps(qt_probe(), ensure_ascii=False), flush=True)
    return 0
