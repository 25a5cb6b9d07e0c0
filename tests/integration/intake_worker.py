"""A separate process that accepts drafts, for the concurrency and kill -9 tests.

Usage: python -m tests.integration.intake_worker DATA_DIR UUID...
Prints one line "accepted <uuid> <number>" per acceptance, flushed, so the parent knows
what this process believes it committed before it was killed.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desktop.config import load_config
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.intake.service import IntakeService


def main(argv: list[str]) -> int:
    data_dir, uuids = Path(argv[0]), argv[1:]
    # A fixed hall morning: the same due dates whatever the real date (no year without holiday data).
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False),
                          clock=lambda: dt.datetime(2026, 11, 25, 2, 0))
    try:
        intake = IntakeService(ctx)
        clerk = CurrentUser(1, "clerk1", "王小丽", "clerk")
        print("ready", flush=True)
        for uuid in uuids:
            decision = intake.accept(clerk, uuid)
            print(f"accepted {uuid} {decision.acceptance_no}", flush=True)
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
