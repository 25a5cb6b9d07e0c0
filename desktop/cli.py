"""`onewindow`: the GUI by default, subcommands for IT and supervisors.

Global options come before the subcommand: ``onewindow [--data-dir D] [--config F] db check``.
Every failure exits non-zero with one clear line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from desktop.commands import register_commands
from desktop.domain.errors import UserError

log = logging.getLogger("onewindow.cli")


class _VersionAction(argparse.Action):
    """``--version``, the installed version read only when asked for (``importlib.metadata`` is not free)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> NoReturn:
        from desktop import version

        parser._print_message(f"onewindow {version()}\n", sys.stdout)
        parser.exit()


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="data directory (overrides every other setting)")
    parser.add_argument("--config", type=Path, help="provisioning file (TOML or INI) from IT")
    parser.add_argument("--demo", action="store_true",
                        help="start a throwaway demo hall with demo accounts and sample data")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The full parser; of the commands only the one named in ``argv`` is imported (none for ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="onewindow",
        description="一窗通 OneWindow — government service hall intake client. Without a command, starts the GUI.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    _add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_commands(sub, sys.argv[1:] if argv is None else argv)
    return parser


GUI_LIBRARIES_MISSING = 3  # exit status when the X11 libraries Qt needs are not installed


def _run_gui(args: argparse.Namespace) -> int:
    from desktop.services.maintenance.gui_libraries import gui_preflight

    problem = gui_preflight()
    if problem is not None:  # Qt would abort with a message naming the wrong package
        print(f"onewindow: {problem}", file=sys.stderr)
        log.error("GUI not started: %s", problem.splitlines()[0])
        return GUI_LIBRARIES_MISSING
    # The GUI is loaded by name: the core does not depend on the widget layer, the entry point does.
    app = importlib.import_module("ui.app")
    return int(app.run(args))


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def _gui_args(argv: list[str] | None) -> argparse.Namespace | None:
    """The global options when the command line names no command (the GUI), else None.

    The GUI needs none of the subcommands, and importing them all (reportlab for printing, …)
    would add seconds to the start-up a clerk waits for; so they load only when a command,
    ``-h`` or ``--version`` is on the line.
    """
    quick = _QuietParser(add_help=False)
    _add_global_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except ValueError:
        return None  # the full parser reports the problem
    if rest:
        return None
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    if os.name == "posix":
        # Everything the app writes (database, backups, page files, logs) is the signed-in user's
        # alone: directories 0700, files 0600, whoever else has an account on the counter PC.
        os.umask(0o077)
    args = _gui_args(argv)
    if args is None:
        args = build_parser(argv).parse_args(argv)
    try:
        if args.command is None:
            return _run_gui(args)
        return _run_command(args)
    except UserError as exc:  # ConfigError, StoreError, CommandError…: a message for the person, no stack
        from desktop.commands._common import CommandError

        print(f"onewindow: {exc}", file=sys.stderr)
        return exc.code if isinstance(exc, CommandError) else 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a clear line, the stack in the log
        from desktop.commands._failures import explain

        message = explain(exc)
        if message is None:
            raise
        log.exception("command %s failed", getattr(args, "command", "?"))
        print(f"onewindow: {message}", file=sys.stderr)
        return 2


def _run_command(args: argparse.Namespace) -> int:
    """A command, with the CLI's composition root, the hall's clock and the log set up first."""
    from desktop.commands._common import config_from_args
    from desktop.domain.hall_clock import HallClock, use_hall_clock
    from desktop.logging_setup import setup_logging

    config = config_from_args(args)
    use_hall_clock(HallClock(config.hall.time_zone))  # what the command shows is on the hall's clock
    # A read-only log dir must not stop an IT command; the command reports its own errors.
    with contextlib.suppress(OSError):
        setup_logging(config.log_dir, config.logging.level)
    log.info("command %s", args.command)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
