"""``python -m tests.central_server --port P --db FILE [--enrol-code C] [--faults SPEC --seed N]``.

Binds loopback only. Prints ``READY http://127.0.0.1:PORT`` once it accepts connections
(``--port 0`` picks a free port), then serves until SIGTERM/SIGINT.
"""
from __future__ import annotations

import argparse
import signal
import ssl
import sys
import threading
from pathlib import Path

from tests.central_server.certificates import seed as seed_certificates
from tests.central_server.faults import FaultPlan, FaultSpecError
from tests.central_server.hall_store import DEFAULT_HALL
from tests.central_server.handler import CentralServer
from tests.central_server.seed import calendar_days, load_catalog
from tests.central_server.store import Store


def enrol_codes(values: list[str]) -> dict[str, str]:
    """``CODE`` or ``CODE:HALL`` → {code: hall}; a code without a hall joins the default hall."""
    codes: dict[str, str] = {}
    for value in values:
        code, _, hall = value.partition(":")
        codes[code.strip()] = hall.strip() or DEFAULT_HALL
    return codes


def _stop_at_eof(server: CentralServer) -> None:
    """The parent holds our stdin open; when it ends (exit, crash or kill -9) the pipe closes and we stop."""
    while sys.stdin.buffer.read(4096):
        pass
    server.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.central_server", description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--db", type=Path, required=True, help="the server's own SQLite file")
    parser.add_argument("--enrol-code", action="append", default=[], metavar="CODE[:HALL]",
                        help="an enrolment code and the hall its devices join (repeatable; default ENROL-2026 "
                             "for hall H1): single use, valid --enrol-code-ttl seconds; the admin endpoint "
                             "/admin/enrol-codes issues more")
    parser.add_argument("--enrol-code-ttl", type=int, default=24 * 3600)
    parser.add_argument("--faults", default="", help="e.g. 5xx=0.1,429=0.05,drop-after-commit=0.05,latency=0-300ms")
    parser.add_argument("--seed", type=int, default=0, help="seed of the fault schedule")
    parser.add_argument("--catalog", type=Path, help="catalog JSON to seed (default: the sample catalog)")
    parser.add_argument("--tls-cert", type=Path, help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", type=Path, help="private key of --tls-cert (PEM)")
    parser.add_argument("--warm", action="store_true",
                        help="build the push validators before answering (benchmarks time the client, not this)")
    parser.add_argument("--stop-with-stdin", action="store_true",
                        help="stop when standard input closes (the demo's parent process ended, even killed)")
    args = parser.parse_args(argv)
    try:
        faults = FaultPlan.parse(args.faults, args.seed)
    except FaultSpecError as exc:
        parser.error(str(exc))
    if args.warm:
        from tests.central_server.validation import warm

        warm()
    fresh = not args.db.exists()
    store = Store(args.db)
    if fresh:
        store.upsert_matters(load_catalog(args.catalog))
        store.set_calendar(calendar_days())
        seed_certificates(store)
    from tests.central_server import enrolment

    codes = enrol_codes(args.enrol_code or ["ENROL-2026"])
    for code in codes:
        enrolment.issue(store, code, args.enrol_code_ttl)
    server = CentralServer(("127.0.0.1", args.port), store, next(iter(codes)), faults, enrol_codes=codes)
    scheme = "http"
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"

    def stop(_signum, _frame) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.stop_with_stdin:
        threading.Thread(target=_stop_at_eof, args=(server,), daemon=True).start()
    print(f"READY {scheme}://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
