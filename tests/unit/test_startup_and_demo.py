"""First start fills the local store with what a counter needs; the demo hall is ready to sign in."""
from __future__ import annotations

from sqlalchemy import func, select

from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext
from desktop.services.demo.hall import credentials_text, prepare_demo
from desktop.services.maintenance.startup import prepare_local_data
from desktop.store.models import CalendarDay, Matter


def test_first_start_loads_the_sample_catalog_and_holidays_then_later_starts_change_nothing(ctx):
    notes = prepare_local_data(ctx)
    with ctx.db.session() as s:
        matters = s.execute(select(func.count(Matter.id))).scalar()
        national_day = s.get(CalendarDay, __import__("datetime").date(2026, 10, 1))
    assert matters >= 60 and national_day is not None and national_day.kind == "holiday"
    assert notes and "示例事项目录" in notes[0]
    assert prepare_local_data(ctx) == []


def test_demo_hall_has_working_accounts_a_catalog_and_prints_its_credentials(tmp_path):
    hall = prepare_demo(tmp_path / "demo")
    assert {role for _, _, role in hall.accounts} == {"clerk", "supervisor", "admin"}
    assert "演示办件" in credentials_text(hall)
    text = credentials_text(hall)
    for username, password, _ in hall.accounts:
        assert f"{username} / {password}" in text
    ctx = AppContext.open(hall.config)
    try:
        username, password, role = hall.accounts[0]
        assert AuthService(ctx).login(username, password).role == role
        with ctx.db.session() as s:
            assert s.execute(select(func.count(Matter.id))).scalar() >= 60
        assert hall.config.devices.id_reader == "simulated"
    finally:
        ctx.close()


def test_reopening_a_demo_dir_keeps_the_demo_hall_settings(tmp_path):
    from desktop.config import load_config

    hall = prepare_demo(tmp_path / "demo")
    again = load_config(data_dir=hall.config.data_dir, search_default_provisioning=False)
    assert again.hall.window_id == "W03" and again.devices.id_reader == "simulated"
    assert again.devices.scan_folder == hall.config.devices.scan_folder


def test_a_temporary_demo_hall_is_removed_at_exit_and_a_crashed_ones_at_the_next_demo(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys
    import tempfile

    from desktop.services.demo.hall import DEMO_PREFIX, OWNER_FILE, discard_demo, remove_stale_demo_halls

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # a pid that has just ended
    crashed, running, kept = tmp_path / f"{DEMO_PREFIX}old", tmp_path / f"{DEMO_PREFIX}live", tmp_path / "mine"
    for path, pid in ((crashed, dead), (running, str(os.getpid()))):
        path.mkdir()
        (path / OWNER_FILE).write_text(pid, encoding="ascii")
    kept.mkdir()
    assert remove_stale_demo_halls() == [crashed]
    assert running.exists() and kept.exists()
    assert not discard_demo(kept)  # never removes a folder it did not create as a throwaway hall
    assert discard_demo(running) and not running.exists()


def test_demo_with_a_data_dir_keeps_the_hall_and_reopens_it(tmp_path, capsys):
    from ui.app import demo_config

    config, throwaway, _hall = demo_config(tmp_path / "kept")
    assert not throwaway and "保留" in capsys.readouterr().out
    again, throwaway, _hall = demo_config(tmp_path / "kept")
    assert not throwaway and again.data_dir == config.data_dir and "沿用已有的演示大厅" in capsys.readouterr().out
