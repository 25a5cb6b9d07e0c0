"""CLI subcommands, one module per group. Each module defines ``register(subparsers)``.

``COMMANDS`` names every command with its one-line help and the module that implements it,
so ``onewindow --help`` and ``--version`` list the commands without importing any of them
(each module pulls in SQLAlchemy, reportlab, …); only the module of the command on the
line is imported and registers its full parser. Adding a group is one new file plus its
lines here (``tests/unit/cli/test_lazy_cli.py`` checks the table against the modules);
the PyInstaller spec collects this package's submodules.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Sequence

# command name -> (module, help shown by ``onewindow --help``; None: not listed)
COMMANDS: dict[str, tuple[str, str | None]] = {
    "attachments": ("attachments", "material page files: gc, status, verify"),
    "audit": ("audit", "audit trail: anchor its head (day close), verify it against the anchors"),
    "calendar": ("calendar", "working-day calendar: import an official arrangement, status"),
    "cases": ("cases", "find a case of any window of the hall; show its history"),
    "catalog": ("catalog", "matters catalog: import a file, list, show one matter"),
    "conflicts": ("conflicts", "case conflicts for the supervisor: list, show, resolve"),
    "db": ("db", "database: upgrade, check, backup, restore, shell (some need an admin credential)"),
    "demo": ("demo", "demo data: seed synthetic applications"),
    "diagnose": ("diagnose", "collect logs, config (secrets removed), versions and checks into a zip"),
    "print": ("print", "render a case's receipt or notice to a PDF file; verify a paper"),
    "report": ("report", "supervisor reports: daily or any date range, as PDF/CSV/XLSX"),
    "self-test": ("selftest", "check Qt, fonts, database, keyring, printers, server and clock"),
    "_qt-probe": ("selftest", None),
    "enroll": ("sync", "enrol this PC with the central platform (code from IT)"),
    "sync": ("sync", "sync with the central platform: --once, --watch, status, parked, hall-problems, retry"),
    "users": ("users", "user accounts: add, list, disable, enable, passwd (admin credential)"),
}

# global options that take a value (``--data-dir D``): skipped when looking for the command's name
VALUE_OPTIONS = frozenset({"--data-dir", "--config"})


def command_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def load_all():
    return [importlib.import_module(f"{__name__}.{name}") for name in command_modules()]


def command_named(argv: Sequence[str]) -> str | None:
    """The command on a command line (the first word that is neither an option nor an option's value)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word in VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def register_commands(sub: argparse._SubParsersAction, argv: Sequence[str]) -> None:
    """Every command on ``sub``: the one on the line with its full parser, the others as a name and help."""
    chosen = COMMANDS.get(command_named(argv) or "", (None, None))[0]
    registered = False
    for name, (module, help_) in COMMANDS.items():
        if module != chosen and help_ is None:
            sub.add_parser(name)  # not listed (internal)
        elif module != chosen:
            sub.add_parser(name, help=help_)
        elif not registered:
            importlib.import_module(f"{__name__}.{module}").register(sub)
            registered = True
