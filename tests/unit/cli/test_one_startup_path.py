"""One start-up path: a store the command line creates is the store the GUI would have created."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from desktop.cli import main
from desktop.config import load_config
from desktop.services.catalog.calendar import CalendarService
from desktop.services.context import AppContext
from desktop.services.maintenance.startup import prepare_local_data
from desktop.store.models import Matter


def _store(data_dir) -> tuple[int, dict[int, str]]:
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))
    try:
        with ctx.db.session() as s:
            matters = s.execute(select(func.count(Matter.id))).scalar_one()
        return matters, CalendarService(ctx).years()
    finally:
        ctx.close()


@pytest.mark.parametrize("argv", [["db", "upgrade"], ["users", "add", "admin", "--role", "admin", "--password-stdin"]])
def test_a_store_created_from_the_command_line_has_the_catalog_and_calendar(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.setattr("sys.stdin", io.StringIO("Start2024x\n"))
    assert main(["--data-dir", str(tmp_path), *argv]) == 0
    assert "已载入示例事项目录" in capsys.readouterr().err  # said once, when it happened
    assert _store(tmp_path) == (74, {2025: "bundled", 2026: "bundled"})


def test_the_gui_and_the_cli_prepare_the_store_with_the_same_function(tmp_path):
    ctx = AppContext.open(load_config(data_dir=tmp_path, search_default_provisioning=False))
    try:
        assert prepare_local_data(ctx)  # first time: the sample catalog is loaded
        assert prepare_local_data(ctx) == []  # then nothing is left to do
    finally:
        ctx.close()
    import inspect

    import ui.app

    assert "prepare_local_data(ctx)" in inspect.getsource(ui.app.start_local_data)


def test_a_broken_official_form_file_stops_the_command_naming_the_file(tmp_path, capsys):
    form = tmp_path / "form.toml"
    form.write_text('[numbers]\nreceipt = "no sequence here {year}"\n', encoding="utf-8")
    settings = tmp_path / "p.toml"
    settings.write_text(f'[papers]\nform_file = "{form.as_posix()}"\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "d"), "--config", str(settings), "db", "upgrade"]) != 0
    assert "form.toml" in capsys.readouterr().err


def test_sync_without_an_action_names_the_actions_instead_of_looping(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "sync"]) == 2
    err = capsys.readouterr().err
    for action in ("sync --once", "sync --watch", "sync status", "sync parked", "sync retry"):
        assert action in err
    assert not (tmp_path / "onewindow.sqlite3").exists()  # nothing opened, nothing started


def test_the_gui_preflight_names_the_debian_packages_of_missing_x11_libraries():
    from desktop.services.maintenance.gui_libraries import gui_preflight, uses_xcb

    present = {"libxcb-icccm.so.4": False, "libxcb-keysyms.so.1": False}
    message = gui_preflight({"DISPLAY": ":0"}, loads=lambda lib: present.get(lib, True))
    assert message is not None and "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in message
    assert gui_preflight({"DISPLAY": ":0"}, loads=lambda lib: True) is None
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, platform="linux")
    assert not uses_xcb({}, platform="win32")


def test_the_gui_does_not_start_qt_when_its_libraries_are_missing(monkeypatch, capsys):
    import desktop.cli as cli
    from desktop.services.maintenance import gui_libraries

    monkeypatch.setattr(gui_libraries, "gui_preflight", lambda: gui_libraries.missing_message(
        [("libxcb-icccm.so.4", "libxcb-icccm4")]))
    monkeypatch.setattr(cli.importlib, "import_module", lambda name: pytest.fail(f"{name} imported"))
    assert cli.main([]) == cli.GUI_LIBRARIES_MISSING
    assert "libxcb-icccm4" in capsys.readouterr().err
