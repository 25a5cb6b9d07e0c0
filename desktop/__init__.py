"""OneWindow (一窗通) application core: config, store, domain rules, services, devices.

Nothing in this package imports Qt widgets; the GUI lives in ``ui`` and calls in here.
"""
from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("onewindow")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
