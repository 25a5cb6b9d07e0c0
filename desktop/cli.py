"""`onewindow`: the GUI by default, subcommands for IT and supervisors.

Global options come before the subcommand: ``onewindow [--data-dir D] [--config F] db check``.
Every failure exits non-zero with one clear line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from pathlib import Path

from desktop import __version__
from desktop.commands import load_all
from desktop.commands._common import CommandError, config_from_args
from desktop.config import ConfigError
from desktop.logging_setup import setup_logging
from desktop.store.migrate import StoreError

log = logging.getLogger("onewindow.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onewindow",
        description="一窗通 OneWindow — government service hall intake client. Without a command, starts the GUI.",
    )
    parser.add_argument("--version", action="version", version=f"onewindow {__version__}")
    parser.add_argument("--data-dir", type=Path, help="data directory (overrides every other setting)")
    parser.add_argument("--config", type=Path, help="provisioning file (TOML or INI) from IT")
    parser.add_argument("--demo", action="store_true",
                        help="start a throwaway demo hall with demo accounts and sample data")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in load_all():
        module.register(sub)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    # The GUI is loaded by name: the core does not depend on the widget layer, the entry point does.
    app = importlib.import_module("ui.app")
    return int(app.run(args))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _run_gui(args)
        config = config_from_args(args)
        # A read-only log dir must not stop an IT command; the command reports its own errors.
        with contextlib.suppress(OSError):
            setup_logging(config.log_dir, config.logging.level)
        log.info("command %s", args.command)
        return int(args.func(args) or 0)
    except (ConfigError, StoreError, CommandError) as exc:
        print(f"onewindow: {exc}", file=sys.stderr)
        return getattr(exc, "code", 2) if isinstance(exc, CommandError) else 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
