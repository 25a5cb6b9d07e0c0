"""`onewindow --version` and `--help` answer without importing a command, SQLAlchemy or Qt;
a command imports only its own module (issue 17, item 4)."""
from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from desktop.commands import COMMANDS, command_modules, command_named

HEAVY = ("sqlalchemy", "PySide6", "reportlab", "desktop.services", "desktop.store", "desktop.config")

PROBE = """
import json, sys
from desktop.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def imported_by(*argv: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], report["modules"]


def command_modules_in(modules: list[str]) -> set[str]:
    return {m.rpartition(".")[2] for m in modules if m.startswith("desktop.commands.")}


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_command_no_sqlalchemy_and_no_qt(flag):
    code, modules = imported_by(flag)
    assert code == 0
    assert command_modules_in(modules) == set()
    assert [m for m in modules if m.startswith(HEAVY)] == []


def test_a_command_imports_its_own_module_and_no_other_command(tmp_path):
    code, modules = imported_by("--data-dir", str(tmp_path), "users", "list")
    assert code == 0
    assert command_modules_in(modules) - {"_common", "_failures", "_admin_gate"} == {"users"}
    assert "PySide6" not in modules


def test_a_commands_own_help_loads_that_command_only():
    code, modules = imported_by("db", "--help")
    assert code == 0 and command_modules_in(modules) - {"_common", "_admin_gate"} == {"db"}


def test_the_command_is_found_after_global_options_and_their_values():
    assert command_named(["--data-dir", "db", "users", "list"]) == "users"
    assert command_named(["--config=x.toml", "--demo", "sync", "--once"]) == "sync"
    assert command_named(["--version"]) is None


def registered_by(module: str) -> dict[str, str | None]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(f"desktop.commands.{module}").register(sub)
    helps = {action.dest: action.help for action in sub._choices_actions}
    return {name: helps.get(name) for name in sub.choices}


def test_the_command_table_lists_what_each_module_registers_with_the_same_help():
    from_table = {name: (module, help_) for name, (module, help_) in COMMANDS.items()}
    from_modules = {name: (module, help_) for module in command_modules()
                    for name, help_ in registered_by(module).items()}
    assert from_table == from_modules
