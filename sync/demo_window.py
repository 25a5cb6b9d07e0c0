"""The demo hall's second window, simulated: a clerk at W05 who accepts citizens in the background.

``python -m sync.demo_window --data-dir D --server URL --code C`` (started by
:mod:`desktop.services.demo.live`, never by hand). It is a real client of its own — its own data dir
and SQLite store, enrolled with its own code, the intake services and the sync engine the app uses
— so what it does reaches the demo PC only through the platform, as in a real hall.

At start it accepts a few citizens at once (one of them told to bring a missing paper, 补正, so a
newcomer at the demo PC can continue that case), then one every 20–40 s: about two in five are
补正, one in five leaves a deferred (容缺) material to deliver later, the rest are accepted. It
syncs after each. It stops when its standard input closes — the demo app holds the other end, so
the window ends with the app even when the app is killed — or on SIGTERM/SIGINT.
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import sys
import threading
from pathlib import Path

from desktop.config import load_config, save_local_settings
from desktop.services.accounts.auth import AuthService, CurrentUser
from desktop.services.context import AppContext
from desktop.services.demo.people import PeopleFactory

log = logging.getLogger("onewindow.demo.window")

WINDOW_ID = "W05"
CLERK = ("clerkw05", "w05-demo-2026", "赵敏")  # username, password, display name
TOKEN_FILE = "device-token"  # the demo window's own token: a throwaway hall, not a counter PC
FIRST_CASES = ("supplement", "deferred", "accept")  # at start, so there is something to continue at once


def parse_pace(text: str) -> tuple[float, float]:
    """``"20-40"`` → (20.0, 40.0): seconds between two citizens at the simulated window."""
    low, _, high = text.partition("-")
    lo, hi = float(low), float(high or low)
    if lo <= 0 or hi < lo:
        raise ValueError(f"pace {text!r}: expected MIN-MAX seconds, 0 < MIN <= MAX")
    return lo, hi


class SimulatedWindow:
    """One clerk at one window, accepting seeded citizens through the intake services and syncing."""

    def __init__(self, ctx: AppContext, clerk: CurrentUser, rng: random.Random, sync) -> None:
        from desktop.services.intake.service import IntakeService

        self.ctx, self.clerk, self.rng, self.sync = ctx, clerk, rng, sync
        self.intake = IntakeService(ctx)
        self.people = PeopleFactory(rng, ctx.today())
        self.matters = self._matters()

    def _matters(self) -> list[tuple[str, list[int], list[int]]]:
        """(code, required seqs, deferrable required seqs) of the catalog's non-immediate matters."""
        from sqlalchemy import select

        from desktop.store.models import Matter

        with self.ctx.db.session() as s:
            matters = s.execute(select(Matter).where(Matter.deleted.is_(False), Matter.immediate.is_(False))
                                .order_by(Matter.code)).scalars().all()
            found = [(m.code, [x.seq for x in m.materials if x.required],
                      [x.seq for x in m.materials if x.required and x.deferrable]) for m in matters]
        return [f for f in found if len(f[1]) >= 2]

    def next_kind(self) -> str:
        roll = self.rng.random()
        return "supplement" if roll < 0.4 else "deferred" if roll < 0.6 else "accept"

    def take(self, kind: str) -> str:
        """One citizen at the counter; returns what the window decided (for the log)."""
        choices = [m for m in self.matters if m[2]] if kind == "deferred" else self.matters
        code, required, deferrable = self.rng.choice(choices or self.matters)
        person = self.people.person()
        view = self.intake.start_draft(self.clerk, code, {"applicant": person.to_dict(), "agent": None})
        missing = {self.rng.choice(required)} if kind == "supplement" else set()
        deferred = {self.rng.choice(deferrable)} if kind == "deferred" and deferrable else set()
        for seq in required:
            if seq in deferred:
                self.intake.set_material(view.uuid, seq, "deferred",
                                         deferred_until=self.intake.latest_deferral_date(view.uuid))
            elif seq not in missing:
                self.intake.set_material(view.uuid, seq, "provided")
        if missing:
            decision = self.intake.request_supplement(self.clerk, view.uuid)
        else:
            decision = self.intake.accept(self.clerk, view.uuid, confirm_uncertain_due=True)
        return f"{decision.acceptance_no} {kind}"

    def run(self, stop: threading.Event, pace: tuple[float, float]) -> int:
        taken = 0
        for kind in FIRST_CASES:
            if stop.is_set():
                return taken
            log.info("case %s", self.take(kind))
            taken += 1
        self.sync()
        while not stop.wait(self.rng.uniform(*pace)):
            log.info("case %s", self.take(self.next_kind()))
            taken += 1
            self.sync()
        return taken


def _clerk(ctx: AppContext) -> CurrentUser:
    from sqlalchemy import select

    from desktop.store.models import User

    username, password, display = CLERK
    with ctx.db.session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar()
        if user is not None:
            return CurrentUser(user.id, user.username, user.display_name, user.role)
    AuthService(ctx).create_user(username, password, "clerk", display_name=display)
    return _clerk(ctx)


def open_window(data_dir: Path, server: str, code: str) -> tuple[AppContext, CurrentUser, object]:
    """The window's store (created and enrolled on first use) and a ``sync()`` that runs the engine once."""
    from desktop.services.maintenance.startup import prepare_local_data
    from sync.engine import SyncEngine
    from sync.enrol import enroll
    from sync.token_store import PlaintextFileTokenStore

    data_dir.mkdir(parents=True, exist_ok=True)
    config = save_local_settings(load_config(data_dir=data_dir, search_default_provisioning=False),
                                 {"hall": {"window_id": WINDOW_ID, "name": "示例市政务服务中心（演示）"},
                                  "server": {"url": server}})
    ctx = AppContext.open(config)
    prepare_local_data(ctx)
    clerk = _clerk(ctx)
    token = PlaintextFileTokenStore(data_dir / TOKEN_FILE)
    if token.get() is None:
        enroll(ctx, server, code, token_store=token, actor="demo")
    engine = SyncEngine(ctx, token_store=token)

    def sync() -> None:
        summary = engine.run_once(budget_seconds=20, max_wait=1.0)
        if summary.error:
            log.warning("sync: %s", summary.error)

    return ctx, clerk, sync


def _stop_on_eof(stop: threading.Event) -> None:
    while sys.stdin.buffer.read(4096):
        pass
    stop.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync.demo_window", description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--code", required=True, help="enrolment code of the hall (used on first start)")
    parser.add_argument("--pace", default="20-40", help="seconds between citizens, MIN-MAX (default 20-40)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    pace = parse_pace(args.pace)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s W05 %(message)s", stream=sys.stderr)
    logging.getLogger("onewindow.sync").setLevel(logging.ERROR)  # its token file is announced on every use
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if hasattr(os, "nice"):
        os.nice(5)  # the demo PC's own screens come first on a small machine
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=_stop_on_eof, args=(stop,), daemon=True).start()
    ctx, clerk, sync = open_window(args.data_dir, args.server, args.code)
    try:
        window = SimulatedWindow(ctx, clerk, random.Random(args.seed), sync)
        taken = window.run(stop, pace)
        log.info("stopped after %d case(s)", taken)
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
