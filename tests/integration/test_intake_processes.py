"""Acceptance across real processes on one real database file: concurrency and kill -9."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from desktop.config import load_config
from desktop.services.context import AppContext
from desktop.services.intake.acceptance_numbers import HWM_FILE, HighWaterMark
from desktop.services.intake.service import IntakeService
from desktop.services.maintenance.db_check import run_checks
from desktop.store.models import Application, ApplicationEvent, ApplicationMaterial, AuditEvent, Outbox, User
from tests.unit.intake.conftest import add_matter, person_form

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _prepare(data_dir: Path, drafts: int) -> list[str]:
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))
    try:
        with ctx.db.transaction() as s:
            s.add(User(username="clerk1", display_name="王小丽", role="clerk", password_hash="x"))
        add_matter(ctx, "M-LIC")
        intake = IntakeService(ctx)
        from desktop.services.accounts.auth import CurrentUser

        clerk = CurrentUser(1, "clerk1", "王小丽", "clerk")
        uuids = [intake.start_draft(clerk, "M-LIC", person_form()).uuid for _ in range(drafts)]
        with ctx.db.transaction() as s:  # every material received (set_material is tested elsewhere)
            s.execute(update(ApplicationMaterial).values(state="provided", provided_form="original",
                                                         provided_copies=ApplicationMaterial.copies_expected))
        return uuids
    finally:
        ctx.close()


def _worker(data_dir: Path, uuids: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.integration.intake_worker", str(data_dir), *uuids],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_accepting_at_once_draw_distinct_numbers(data_dir):
    uuids = _prepare(data_dir, 16)
    procs = [_worker(data_dir, uuids[0::2]), _worker(data_dir, uuids[1::2])]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    numbers = [line.split()[2] for out, _ in outputs for line in out.splitlines() if line.startswith("accepted")]
    assert len(numbers) == 16 and len(set(numbers)) == 16
    assert sorted(int(n[-4:]) for n in numbers) == list(range(1, 17))
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))
    try:
        with ctx.db.session() as s:
            assert s.execute(select(func.count(Outbox.id))).scalar() == 16
    finally:
        ctx.close()


def _state_of_every_case(data_dir: Path) -> dict[str, tuple]:
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))
    try:
        with ctx.db.session() as s:
            result = {}
            for app in s.execute(select(Application)).scalars():
                outbox = s.execute(select(func.count(Outbox.id)).where(Outbox.application_id == app.id)).scalar()
                events = s.execute(select(func.count(ApplicationEvent.id))
                                   .where(ApplicationEvent.application_id == app.id)).scalar()
                audits = s.execute(select(func.count(AuditEvent.id)).where(
                    AuditEvent.action == "application.accept", AuditEvent.detail.contains(app.uuid))).scalar()
                result[app.uuid] = (app.status, app.acceptance_no is not None, app.due_date is not None,
                                    outbox, events, audits, app.sync_state, app.acceptance_no)
            return result
    finally:
        ctx.close()


def test_kill_9_during_accept_leaves_each_case_fully_accepted_or_still_a_draft(data_dir):
    uuids = _prepare(data_dir, 30)
    rng = random.Random(20261125)
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    seen_numbers: set[str] = set()
    for _round in range(4):  # kill at a different random point each round, restart, check
        remaining = [u for u, st in _state_of_every_case(data_dir).items() if st[0] == "draft"]
        proc = _worker(data_dir, sorted(remaining, key=uuids.index))
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 1.2))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        reported = {line.split()[1]: line.split()[2] for line in out.splitlines() if line.startswith("accepted")}

        states = _state_of_every_case(data_dir)
        accepted = {u for u, st in states.items() if st[0] == "accepted"}
        for uuid, state in states.items():
            if uuid in accepted:
                assert state[:7] == ("accepted", True, True, 1, 1, 1, "pending"), uuid
            else:
                assert state[:7] == ("draft", False, False, 0, 0, 0, "local"), uuid
        print(f"round {_round}: {len(reported)} reported, {len(accepted)} accepted")
        assert set(reported) <= accepted  # everything the worker saw committed is there
        assert [f for f in run_checks(config.db_path) if not f.ok] == []
        numbers = {st[7] for st in states.values() if st[7]}
        assert seen_numbers <= numbers and len(numbers) == len(accepted)
        seen_numbers = numbers
    hwm = HighWaterMark(data_dir, HWM_FILE).read()  # as allocation reads it (two slots, see high_water_mark.py)
    high = max(int(v) for days in hwm.values() for v in days.values())
    assert all(int(n[-4:]) <= high for n in seen_numbers)  # the mark is never behind the database
