"""Helpers shared by CLI subcommands: open the context, print errors in the operator's language."""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager

from desktop.config import Config, load_config
from desktop.domain.errors import UserError
from desktop.services.context import AppContext


class CommandError(UserError):
    """Raised by a subcommand to exit non-zero with a clear message (no traceback)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def config_from_args(args: argparse.Namespace) -> Config:
    return load_config(provisioning=getattr(args, "config", None), data_dir=getattr(args, "data_dir", None))


@contextmanager
def opened_context(args: argparse.Namespace, *, allow_fresh: bool = False):
    ctx = AppContext.open(config_from_args(args), allow_fresh=allow_fresh)
    try:
        yield ctx
    finally:
        ctx.close()


def out(text: str = "") -> None:
    print(text, file=sys.stdout, flush=True)
