"""`onewindow --demo` runs a small hall (issue 15, item 8): the reference platform and a simulated window W05.

W05 is a client of its own (``sync/demo_window.py``) accepting citizens in the background; the
demo PC is provisioned to enrol at its first sync, its hall feed brings W05's cases, and a case W05
told to bring a missing paper (补正) is continued here. Nothing outlives the app: not at a normal
exit, not when the app is killed with SIGKILL.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.lifecycle import Status
from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext
from desktop.services.demo.hall import prepare_demo
from desktop.services.demo.live import FOLDER, PIDS_FILE
from desktop.services.hall.actions import HallActions
from desktop.services.hall.cases import HallCaseService
from desktop.store.models import Application
from sync.engine import SyncEngine
from sync.hall_fetch import PlatformCases
from tests.integration.central import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.processes, pytest.mark.slow]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by a parent that is itself gone) counts as ended
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def live_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("ONEWINDOW_DEMO_LIVE", "1")
    monkeypatch.setenv("ONEWINDOW_DEMO_PACE", "1-2")
    monkeypatch.setenv("ONEWINDOW_INSECURE_TOKEN_FILE", str(tmp_path / "demo" / "demo-device-token"))


def test_a_case_of_the_simulated_window_arrives_here_and_is_continued_at_this_window(live_demo, tmp_path):
    hall = prepare_demo(tmp_path / "demo")
    ctx = None
    try:
        assert hall.live is not None and hall.live.url.startswith("http://127.0.0.1:")
        assert hall.config.server.url == hall.live.url and hall.config.server.enrol_code == hall.live.code
        assert "W05" in "\n".join(hall.notes)
        ctx = AppContext.open(hall.config)
        engine = SyncEngine(ctx)  # as the app builds it: the token store comes from the demo's settings
        clerk = AuthService(ctx).login("clerk", "clerk2026")
        waiting: list[Application] = []
        deadline = time.monotonic() + 90
        while not waiting and time.monotonic() < deadline:
            summary = engine.run_once(budget_seconds=20, max_wait=0.5)
            assert summary.online and summary.enrolled, summary.lines()
            with ctx.db.session() as s:
                waiting = list(s.execute(select(Application).where(
                    Application.origin == "hall", Application.window_id == "W05",
                    Application.status == Status.SUPPLEMENT_REQUESTED)).scalars())
            time.sleep(0.5)
        assert waiting, "no case of W05 waiting for a supplement reached this PC's hall cache"
        case = waiting[0]
        cases = HallCaseService(ctx, PlatformCases(ctx, token_store=engine.token_store(), timeout=5.0))
        recent = cases.recent()
        assert case.uuid in {c.uuid for c in recent.cases} and all(c.window_id == "W05" for c in recent.cases)
        found = cases.find(case.acceptance_no)
        assert [c.uuid for c in found.cases] == [case.uuid] and found.source == "local"
        view = cases.open(case.uuid)
        assert view.window_id == "W05" and view.can_supplement and view.history[0].window_id == "W05"
        done = HallActions(ctx).record_supplement(clerk, case.uuid)
        assert done.status == Status.ACCEPTED and done.acceptance_no == case.acceptance_no
        summary = engine.run_once(budget_seconds=20, max_wait=0.5)
        assert summary.hall_sent >= 1 and not summary.hall_refusals, summary.lines()
        import requests

        log = requests.get(hall.live.url + "/admin/hall/events", timeout=10).json()["items"]
        mine = [(e["window_id"], e["kind"], e["version"]) for e in log if e["case_uuid"] == case.uuid]
        assert mine[0][:2] == ("W05", "supplement_requested") and mine[-1][:2] == ("W03", "supplement_received")
        assert [v for _w, _k, v in mine] == list(range(1, len(mine) + 1))  # each once, in order
    finally:
        if ctx is not None:
            ctx.close()
        hall.stop()
    assert hall.live is not None and not any(alive(p.pid) for p in hall.live.processes)


def _demo_app(data_dir: Path, *, smoke_exit: bool) -> subprocess.Popen:
    env = {**os.environ, "ONEWINDOW_DEMO_LIVE": "1", "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen",
           "ONEWINDOW_INSECURE_TOKEN_FILE": str(data_dir / "demo-device-token")}
    if smoke_exit:
        env["ONEWINDOW_SMOKE_EXIT"] = "1"
    return subprocess.Popen([sys.executable, "-m", "desktop", "--demo", "--data-dir", str(data_dir)], cwd=REPO_ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _hall_pids(data_dir: Path, seconds: float = 60) -> list[int]:
    path = data_dir / FOLDER / PIDS_FILE
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            pids = json.loads(path.read_text(encoding="ascii"))
            if pids.get("window"):
                return [pids["platform"], pids["window"]]
        time.sleep(0.2)
    raise AssertionError("the demo hall did not start its platform and window W05")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX process checks")
def test_the_demo_app_leaves_no_hall_process_behind_when_it_exits(tmp_path):
    app = _demo_app(tmp_path / "demo", smoke_exit=True)
    out, _ = app.communicate(timeout=180)
    assert app.returncode == 0, out
    assert "ready: loginDialog" in out and "模拟窗口 W05" in out
    pids = _hall_pids(tmp_path / "demo", seconds=1)
    assert gone_within(pids, 1), "a demo hall process outlived the app"


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGKILL")
def test_killing_the_demo_app_ends_its_platform_and_window_too(tmp_path):
    app = _demo_app(tmp_path / "demo", smoke_exit=False)
    try:
        pids = _hall_pids(tmp_path / "demo")
        assert all(alive(p) for p in pids)
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=10)
        assert gone_within(pids, 30), "the hall's processes outlived a killed demo app"
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if app.stdout:
            app.stdout.close()
