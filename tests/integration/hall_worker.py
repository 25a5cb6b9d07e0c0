"""A separate process that takes over cases of another window, for the kill -9 tests.

Usage: python -m tests.integration.hall_worker DATA_DIR QR...
For each receipt QR payload: find the case, cache it whole, record the supplement (unless the case
no longer waits for one: a run killed earlier already did it), then one sync run. Prints a line per
step, flushed, so the parent knows how far it got before it was killed.
"""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.config import load_config
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.hall.actions import HallActionRefused, HallActions
from desktop.services.hall.cases import HallCaseService
from sync.engine import SyncEngine
from sync.hall_fetch import PlatformCases


def main(argv: list[str]) -> int:
    data_dir, payloads = Path(argv[0]), argv[1:]
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))
    try:
        clerk = CurrentUser(1, "clerk02", "W02窗口员", "clerk")
        cases, actions = HallCaseService(ctx, PlatformCases(ctx)), HallActions(ctx)
        print("ready", flush=True)
        for payload in payloads:
            found = cases.find(payload)
            if not found.found:
                print(f"missing {payload}", flush=True)
                continue
            uuid = found.cases[0].uuid
            view = cases.open(uuid)
            if view.can_supplement:
                try:
                    actions.record_supplement(clerk, uuid)
                    print(f"recorded {uuid}", flush=True)
                except HallActionRefused as exc:
                    print(f"refused {uuid} {exc}", flush=True)
        summary = SyncEngine(ctx).run_once(budget_seconds=30, max_wait=0.5)
        print("synced " + " | ".join(summary.lines()), flush=True)
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
