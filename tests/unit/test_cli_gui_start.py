"""`onewindow` with only global options starts the GUI without loading every subcommand."""
from __future__ import annotations

import desktop.cli as cli


def test_no_command_goes_to_the_gui_without_loading_the_subcommands(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr(cli, "register_commands", lambda *a: (_ for _ in ()).throw(AssertionError("commands loaded")))
    monkeypatch.setattr(cli, "_run_gui", lambda args: seen.setdefault("args", args) and 0)
    assert cli.main(["--data-dir", str(tmp_path), "--demo"]) == 0
    args = seen["args"]
    assert args.command is None and args.data_dir == tmp_path and args.demo is True and args.config is None


def test_a_command_still_uses_the_full_parser(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cli, "_run_gui", lambda args: (_ for _ in ()).throw(AssertionError("GUI started")))
    assert cli.main(["--data-dir", str(tmp_path), "users", "list"]) == 0
