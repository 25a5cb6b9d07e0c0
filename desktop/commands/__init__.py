"""CLI subcommands, one module per group. Each module defines ``register(subparsers)``.

Modules are discovered by name (``COMMAND_MODULES``) so adding a group is one new file
plus one line here; the PyInstaller spec collects this package's submodules.
"""
from __future__ import annotations

import importlib
import pkgutil


def command_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def load_all():
    return [importlib.import_module(f"{__name__}.{name}") for name in command_modules()]
