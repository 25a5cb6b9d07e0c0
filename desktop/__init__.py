"""OneWindow (一窗通) application core: config, store, domain rules, services, devices.

Nothing in this package imports Qt widgets; the GUI lives in ``ui`` and calls in here.

``__version__`` is looked up on first use (PEP 562): reading the installed metadata costs
``importlib.metadata`` and a walk of ``sys.path``, which every import of ``desktop`` would
otherwise pay before the sign-in dialog or a CLI command could start.
"""
from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    """The installed distribution's version (``0.0.0+source`` in a never-installed source tree)."""
    from importlib import metadata

    try:
        return metadata.version("onewindow")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
