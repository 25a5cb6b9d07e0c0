"""Start-up with a bad setting or a damaged/newer database: explained, nothing half-started, nothing lost."""
from __future__ import annotations

import sqlite3

import pytest

from desktop.config import ConfigError, load_config
from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext
from desktop.store.migrate import rotate_backup
from ui.startup_checks import explain_config_error, open_context

pytestmark = pytest.mark.gui


class Recorder:
    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.shown: list[tuple[str, str, str]] = []

    def error(self, title, text):
        self.shown.append(("error", title, text))

    def info(self, title, text):
        self.shown.append(("info", title, text))

    def confirm(self, title, text):
        self.shown.append(("confirm", title, text))
        return self.answer


def populated_db_with_backup(config) -> None:
    ctx = AppContext.open(config)
    AuthService(ctx).create_user("clerk1", "Counter2024", "clerk")
    ctx.close()
    rotate_backup(config.db_path, config.backup_dir, keep=5, reason="test")


def damage(path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over every page after the header
        data[offset + 100: offset + 400] = b"\xff" * 300
    path.write_bytes(bytes(data))


@pytest.mark.expect_errors(r"configuration error")
def test_a_bad_setting_is_reported_with_key_and_file(tmp_path):
    prov = tmp_path / "provisioning.toml"
    prov.write_text("[hall]\nwindow_id = 'counter three'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(provisioning=prov, data_dir=tmp_path / "data")
    prompts = Recorder()
    explain_config_error(prompts, err.value)
    (kind, _title, text), = prompts.shown
    assert kind == "error" and "provisioning.toml" in text and "window_id" in text


@pytest.mark.expect_errors(r"database corrupt")
def test_damaged_database_is_restored_from_the_newest_backup_and_kept_aside(config):
    populated_db_with_backup(config)
    damage(config.db_path)
    prompts = Recorder(answer=True)
    ctx = open_context(config, prompts)
    try:
        assert ctx is not None
        assert [u["username"] for u in AuthService(ctx).list_users()] == ["clerk1"]
    finally:
        if ctx is not None:
            ctx.close()
    assert [kind for kind, _, _ in prompts.shown] == ["confirm", "info"]
    kept = list(config.data_dir.glob("onewindow.corrupt-*.sqlite3"))
    assert len(kept) == 1 and str(kept[0]) in prompts.shown[1][2]


@pytest.mark.expect_errors(r"database corrupt")
def test_declining_the_restore_quits_without_touching_the_damaged_file(config):
    populated_db_with_backup(config)
    damage(config.db_path)
    before = config.db_path.read_bytes()
    prompts = Recorder(answer=False)
    assert open_context(config, prompts) is None
    assert config.db_path.read_bytes() == before
    assert not list(config.data_dir.glob("onewindow.corrupt-*"))


@pytest.mark.expect_errors(r"database corrupt")
def test_damaged_database_without_a_backup_stops_with_a_call_it_message(config):
    ctx = AppContext.open(config)
    ctx.close()
    damage(config.db_path)
    prompts = Recorder()
    assert open_context(config, prompts) is None
    (kind, _title, text), = prompts.shown
    assert kind == "error" and "IT" in text and str(config.data_dir) in text


def test_a_database_from_a_newer_version_is_refused_untouched(config):
    ctx = AppContext.open(config)
    ctx.close()
    with sqlite3.connect(config.db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    prompts = Recorder()
    assert open_context(config, prompts) is None
    (kind, _title, text), = prompts.shown
    assert kind == "error" and "9999_future" in text
