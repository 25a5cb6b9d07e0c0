"""``python -m tests.faults [--seed N] [--runs R] [--flips F] [--schedules S]``: a bigger campaign on demand."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.faults")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=10, help="kill -9 runs per operation")
    parser.add_argument("--flips", type=int, default=40)
    parser.add_argument("--schedules", type=int, default=18)
    args = parser.parse_args()
    from tests.faults.campaign import run_campaign
    from tests.integration.central import start_central_server
    from tests.unit.hardening.conftest import small_filesystem

    started = time.perf_counter()
    servers = []
    with tempfile.TemporaryDirectory(prefix="onewindow-campaign-") as tmp:
        root = Path(tmp)

        def central():
            server = start_central_server(root / f"central-{len(servers)}.sqlite3")
            servers.append(server)
            return server

        try:
            figures = run_campaign(root / "runs", seed=args.seed, runs=args.runs, flips=args.flips,
                                   schedules=args.schedules, mount=lambda p: small_filesystem(p, "3m"),
                                   central_factory=central)
        finally:
            for server in servers:
                server.stop()
    print(f"fault campaign, seed {args.seed}, {time.perf_counter() - started:.0f} s")
    print(figures.table())
    return 0 if figures.losses == 0 and figures.duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
