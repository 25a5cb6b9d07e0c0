"""kill -9 of the syncing process at random points while 1,000 applications go out.

The sync runs as the real CLI (`python -m desktop sync --once`) in a subprocess and is killed
with SIGKILL at seeded random moments — mid-upload, mid-batch, mid-commit. After a final
clean run the platform must hold exactly one copy of each application and its pages, the client
must show each as synced with the platform's number, and no business data may have changed.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from desktop.config import save_local_settings
from desktop.store.models import Outbox
from sync.enrol import enroll
from sync.token_store import INSECURE_FILE_ENV, PlaintextFileTokenStore
from tests.integration.central import REPO_ROOT
from tests.integration.checks import assert_in_sync
from tests.integration.factory import business_snapshot, queue_bulk

pytestmark = [pytest.mark.integration, pytest.mark.slow]

COUNT = 1000


def _sync_process(data_dir, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "sync", "--once"],
                            cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.01)


def _wait_until_sending(ctx, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Start-up time varies a lot with machine load: aim the kill at the sync, not at the imports."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with ctx.db.session() as s:
            if s.execute(select(func.count()).select_from(Outbox).where(Outbox.state == "sending")).scalar():
                return
        time.sleep(0.01)


def test_kill_9_at_random_points_then_restart_loses_and_doubles_nothing(ctx, start_server, tmp_path):
    central = start_server(faults="latency=0-10ms", seed=99)
    token_file = tmp_path / "device-token"
    enroll(ctx, central.url, central.enrol_code, token_store=PlaintextFileTokenStore(token_file))
    queue_bulk(ctx, COUNT, matter_code=central.matter_codes()[0], pages_every=10)
    snapshot = business_snapshot(ctx)
    save_local_settings(ctx.config, {"server": {"push_batch_size": 200}})  # several batches: kills land between
    env = {**os.environ, INSECURE_FILE_ENV: str(token_file), "PYTHONPATH": str(REPO_ROOT)}
    rng = random.Random(2026)
    progress = []
    for round_no in range(6):
        process = _sync_process(ctx.config.data_dir, env)
        _wait_until_sending(ctx, process)
        if round_no % 2:  # aim past the uploads: after the platform committed more applications
            before = central.stats().get("created", 0)
            _wait_for(lambda p=process, b=before: central.stats().get("created", 0) > b or p.poll() is not None)
        time.sleep(rng.uniform(0.0, 0.4))  # uploads, a batch POST in flight, or results being recorded
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        progress.append((process.returncode, central.stats().get("created", 0)))
    killed_mid_sync = [created for code, created in progress if code == -signal.SIGKILL and 0 < created < COUNT]
    assert len(killed_mid_sync) >= 2, progress  # the kills really hit a sync in progress
    final = _sync_process(ctx.config.data_dir, env)
    assert final.wait(timeout=120) == 0
    counts = assert_in_sync(ctx, central)
    assert counts["applications"] == COUNT and counts["attachments"] == 200
    assert central.stats()["created"] == COUNT
    assert business_snapshot(ctx) == snapshot
