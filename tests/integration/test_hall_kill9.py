"""kill -9 of either window in the middle of taking over a case: exactly the confirmed events, no duplicates.

W02 takes over W01's cases in a separate process (find by QR, cache whole with pages, record the
supplement, sync) and is killed at seeded random moments; W01's `sync --once` is killed while it pulls
them back. After clean runs, the platform holds each event once, and each window's copy of every case
has exactly the events the platform confirmed — none twice, none lost.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from desktop.config import load_config
from desktop.services.context import AppContext
from desktop.store.hall_models import CaseEvent
from desktop.store.models import Application, User
from sync.enrol import enroll
from sync.token_store import INSECURE_FILE_ENV, PlaintextFileTokenStore
from tests.integration.central import REPO_ROOT
from tests.integration.hall_world import citizen, hall_codes, open_window, receipt_qr

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CASES = 12


def _prepare_w02(tmp_path, central, code):
    data_dir = tmp_path / "W02"
    data_dir.mkdir()
    config = load_config(data_dir=data_dir, search_default_provisioning=False,
                         overrides={"hall": {"window_id": "W02"}})
    ctx = AppContext.open(config)
    token = tmp_path / "w02-token"
    enroll(ctx, central.url, code, token_store=PlaintextFileTokenStore(token))
    with ctx.db.transaction() as s:
        s.add(User(id=1, username="clerk02", display_name="W02窗口员", role="clerk", password_hash="x"))
    ctx.close()
    return data_dir, {**os.environ, INSECURE_FILE_ENV: str(token), "PYTHONPATH": str(REPO_ROOT)}


def _run(args, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def _kill_soon(process: subprocess.Popen, rng: random.Random) -> None:
    assert process.stdout is not None
    process.stdout.readline()  # "ready" (imports done: aim at the work, not at start-up)
    time.sleep(rng.uniform(0.0, 1.2))
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()


def _local_events(data_dir) -> dict[str, list[tuple[str, int | None, str]]]:
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))
    try:
        with ctx.db.session() as s:
            rows = s.execute(select(CaseEvent.case_uuid, CaseEvent.event_uuid, CaseEvent.version,
                                    CaseEvent.push_state)).all()
            states = dict(s.execute(select(Application.uuid, Application.status)).tuples().all())
    finally:
        ctx.close()
    out: dict[str, list[tuple[str, int | None, str]]] = {}
    for case, event, version, state in rows:
        out.setdefault(case, []).append((event, version, state))
    return out | {"_status": states}  # type: ignore[dict-item]


def test_kill_9_while_taking_over_cases_leaves_exactly_the_confirmed_events(tmp_path, start_server):
    central = start_server(faults="latency=0-40ms", seed=15)
    codes = hall_codes(central, 2)
    w1 = open_window(tmp_path, central, "W01", codes[0])
    closed = False
    try:
        numbers = []
        for i in range(CASES):
            uuid = w1.take_case(citizen(20 + i), missing=(2,))
            numbers.append(w1.intake.request_supplement(w1.clerk, uuid).acceptance_no)
        w1.sync()
        w02_dir, env = _prepare_w02(tmp_path, central, codes[1])
        qrs = [receipt_qr(w1.ctx, n) for n in numbers]
        rng = random.Random(1515)
        for _round in range(6):  # W02 taking over, killed mid-way
            _kill_soon(_run(["-m", "tests.integration.hall_worker", str(w02_dir), *qrs], env), rng)
        finish = _run(["-m", "tests.integration.hall_worker", str(w02_dir), *qrs], env)
        out, _ = finish.communicate(timeout=180)
        assert finish.returncode == 0, out
        w1.sync()
        w1.ctx.close()
        closed = True

        # W01's own sync killed while it pulls the take-overs back, then a clean run.
        w01_token = tmp_path / "w01-token"
        PlaintextFileTokenStore(w01_token).set(w1.engine.token_store().get() or "")
        env1 = {**env, INSECURE_FILE_ENV: str(w01_token)}
        for _round in range(3):
            p = subprocess.Popen([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "W01"), "sync",
                                  "--once"], cwd=REPO_ROOT, env=env1, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.5, 2.0))
            p.send_signal(signal.SIGKILL)
            p.wait()
        assert subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "W01"), "sync",
                               "--once"], cwd=REPO_ROOT, env=env1, capture_output=True, timeout=180).returncode in (0, 1)

        log = central.admin_get("/admin/hall/events")["items"]
        assert len(log) == len({e["event_uuid"] for e in log})
        platform: dict[str, set[tuple[str, int]]] = {}
        for e in log:
            if e["version"] is not None:
                platform.setdefault(e["case_uuid"], set()).add((e["event_uuid"], e["version"]))
        assert all(sorted(v for _e, v in evs) == list(range(1, len(evs) + 1)) for evs in platform.values())
        supplements = [e for e in log if e["kind"] == "supplement_received"]
        assert len(supplements) == CASES and len({e["case_uuid"] for e in supplements}) == CASES
        for data_dir in (tmp_path / "W01", w02_dir):
            local = _local_events(data_dir)
            statuses = local.pop("_status")
            for case, events in platform.items():
                mine = local.get(case, [])
                confirmed = {(e, v) for e, v, state in mine if v is not None}
                assert confirmed == events, (data_dir.name, case)
                assert not [e for e, v, state in mine if v is None and state != "refused"], (data_dir.name, case)
                assert statuses[case] == "accepted"  # type: ignore[index]
    finally:
        if not closed:
            w1.ctx.close()
