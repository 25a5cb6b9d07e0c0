"""The capture interface every page source sits behind: file import, scan folder, camera, scanner.

A source hands over raw page images; :mod:`desktop.devices.capture.images` turns them into
normalised pages (:class:`CapturedPage`), and the attachment service stores them. Sources
report whether they can work on this machine (:class:`Availability`) instead of failing later,
so the panel can grey a button out and say why.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from desktop.domain.errors import UserError

SOURCE_KINDS = ("file", "folder", "camera", "scanner", "demo")

ProgressFn = Callable[[int, int, str], None]  # (done, total, what) — total 0 when unknown
CancelFn = Callable[[], bool]  # True when the clerk pressed cancel


def no_progress(_done: int, _total: int, _what: str) -> None:
    return None


def never_cancel() -> bool:
    return False


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str = ""  # why not, for the clerk (Chinese); empty when available

    @classmethod
    def ok(cls) -> Availability:
        return cls(True, "")

    @classmethod
    def missing(cls, reason: str) -> Availability:
        return cls(False, reason)


@dataclass(frozen=True)
class CapturedPage:
    """One normalised page, ready to store: JPEG bytes with EXIF orientation already applied."""

    data: bytes
    mime: str
    width: int
    height: int
    source: str  # one of SOURCE_KINDS
    origin: str = ""  # file name or device label, for messages (never personal data)


class CaptureProblem(UserError):
    """A file or device could not give us a page; ``str(exc)`` is the clerk's message."""

    def __init__(self, message: str, origin: str = "") -> None:
        super().__init__(message)
        self.origin = origin


class CaptureCancelled(Exception):
    """The clerk cancelled; pages captured before stay stored."""


class DeviceGone(CaptureProblem):
    """The device disappeared (unplugged, driver crash) while in use."""


class CaptureSource(Protocol):
    kind: str  # file | folder | camera | scanner
    label: str  # shown on the button / in messages

    def availability(self) -> Availability: ...


@dataclass(frozen=True)
class Limits:
    """How big a normalised page may be (here, not in ``images``, so a source can be made without loading PIL)."""

    max_long_side: int = 2480
    jpeg_quality: int = 85
    max_source_pixels: int = 80_000_000  # an A3 scan at 600 dpi is ~70 MP; beyond that is not a page
    max_pages_per_file: int = 200
    max_file_bytes: int = 300 * 1024 * 1024

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(max_long_side=config.storage.max_long_side_px, jpeg_quality=config.storage.jpeg_quality)
