"""Run every benchmark (or some) and print their tables: ``python -m tests.bench [--quick] [NAME …]``.

``--quick`` runs each bench at a toy size: it proves that every bench still runs (CI smoke
test, ``tests/unit/test_bench_smoke.py``) and its figures mean nothing. Full runs take
minutes (the 1M-row report store is seeded once and kept under the temp dir); run them when
the machine is quiet and quote the ratios with the load average printed above each table.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

from tests.bench.harness import Size

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

# name -> module (each has ``bench(size) -> list[Table]``), in the order
BENCHES = {
    "startup": "tests.bench.bench_startup",
    "receipt": "tests.bench.bench_receipt",
    "sync": "tests.bench.bench_sync",
    "accept": "tests.bench.bench_accept",
    "reports": "tests.bench.bench_reports",
    "memory": "tests.bench.bench_memory",
    "search": "tests.bench.bench_matter_search",
    "applications": "tests.bench.bench_applications_list",
    "capture": "tests.bench.bench_capture",
    "sqlcipher": "tests.bench.bench_sqlcipher",
    "hall": "tests.bench.bench_hall",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"benches to run (default all): {', '.join(BENCHES)}")
    parser.add_argument("--quick", action="store_true", help="toy sizes: every bench runs, nothing is timed seriously")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown bench {', '.join(unknown)} (known: {', '.join(BENCHES)})")
    size = Size(quick=args.quick)
    for name in args.names or list(BENCHES):
        started = time.perf_counter()
        module = importlib.import_module(BENCHES[name])
        for table in module.bench(size):
            print(table.render(), flush=True)
        print(f"({name}: {time.perf_counter() - started:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
