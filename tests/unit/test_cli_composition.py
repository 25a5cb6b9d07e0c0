"""The CLI's commands get their services from one place, ``desktop/commands/_common.py``."""
from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
from pathlib import Path

import desktop.commands

COMMANDS = Path(desktop.commands.__file__).parent
SERVICE_PACKAGES = ("desktop.services", "sync")


def built_services(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.asname or alias.name: f"{node.module}.{alias.name}"
             for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
             for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            module, _, attr = names[node.func.id].rpartition(".")
            if not module.startswith(SERVICE_PACKAGES):
                continue
            obj = getattr(importlib.import_module(module), attr, None)
            if inspect.isclass(obj) and not dataclasses.is_dataclass(obj) and not issubclass(obj, Exception) \
                    and {"ctx", "engine"} & set(inspect.signature(obj.__init__).parameters):
                found.append(f"{path.name}:{node.lineno} builds {attr}")
    return found


def test_no_command_builds_a_service_class_itself():
    offenders = [line for path in sorted(COMMANDS.glob("*.py")) if path.name != "_common.py"
                 for line in built_services(path)]
    assert offenders == []


def test_the_common_module_is_where_they_are_built():
    assert any("Services" in line or "SyncEngine" in line for line in built_services(COMMANDS / "_common.py"))
