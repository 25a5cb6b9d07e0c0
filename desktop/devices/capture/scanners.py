"""Scanner adapters: SANE on Linux, TWAIN on Windows — each loaded only where its library exists.

Why adapters load lazily: python-sane and pytwain are optional native bindings. On a counter
PC without them the scanner button must still show, greyed out, with the reason and the
fallback (the scanner's "scan to folder"), instead of the app failing to start.
"""
from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

from desktop.devices.capture.base import (
    Availability,
    CancelFn,
    CaptureCancelled,
    CapturedPage,
    CaptureProblem,
    DeviceGone,
    Limits,
    ProgressFn,
    never_cancel,
    no_progress,
)

SCAN_DPI = 200
FALLBACK_HINT = "可改用扫描仪的“扫描到文件夹”功能，或导入文件。"


def _load(module: str) -> tuple[ModuleType | None, str | None]:
    try:
        return importlib.import_module(module), None
    except ImportError as exc:
        return None, str(exc)


class SaneScanner:
    """A SANE device (Linux, incl. UOS/Kylin) through python-sane; multi-page via the feeder."""

    kind = "scanner"
    label = "扫描仪（SANE）"

    def __init__(self, limits: Limits | None = None, device: str = "") -> None:
        self.limits = limits or Limits()
        self.device = device
        self._sane, self._error = _load("sane")

    def availability(self) -> Availability:
        if self._sane is None:
            return Availability.missing(f"未安装 python-sane（SANE 扫描接口），无法直接驱动扫描仪。{FALLBACK_HINT}")
        try:
            self._sane.init()
            if not self._sane.get_devices():
                return Availability.missing(f"没有找到扫描仪（SANE 未发现设备）。{FALLBACK_HINT}")
        except Exception as exc:  # the native layer raises its own error types
            return Availability.missing(f"扫描仪驱动出错：{exc}。{FALLBACK_HINT}")
        return Availability.ok()

    def scan(self, progress: ProgressFn = no_progress, cancel: CancelFn = never_cancel) -> Iterator[CapturedPage]:
        # PIL loads with the first scan, not when the capture panel asks whether a scanner is there.
        from desktop.devices.capture.images import normalise

        if self._sane is None:
            raise CaptureProblem(self.availability().reason)
        devices = self._sane.get_devices()
        name = self.device or (devices[0][0] if devices else "")
        try:
            dev = self._sane.open(name)
        except Exception as exc:
            raise DeviceGone(f"无法打开扫描仪：{exc}", self.label) from None
        try:
            dev.mode, dev.resolution = "color", SCAN_DPI
            for n, img in enumerate(dev.multi_scan(), start=1):
                if cancel():
                    raise CaptureCancelled()
                progress(n, 0, f"第 {n} 页")
                yield normalise(img, self.limits, source="scanner", origin=self.label)
        except (CaptureCancelled, CaptureProblem):
            raise
        except Exception as exc:
            raise DeviceGone(f"扫描中断：{exc}。已扫描的页面已保存。", self.label) from None
        finally:
            dev.close()


class TwainScanner:
    """A TWAIN source (Windows) through pytwain; the driver's own dialog picks paper and feeder."""

    kind = "scanner"
    label = "扫描仪（TWAIN）"

    def __init__(self, limits: Limits | None = None, window_handle: int = 0) -> None:
        self.limits = limits or Limits()
        self.window_handle = window_handle
        self._twain, self._error = _load("twain") if sys.platform.startswith("win") else (None, "not Windows")

    def availability(self) -> Availability:
        if not sys.platform.startswith("win"):
            return Availability.missing(f"TWAIN 扫描接口只在 Windows 上可用。{FALLBACK_HINT}")
        if self._twain is None:
            return Availability.missing(f"未安装 pytwain（TWAIN 扫描接口）。{FALLBACK_HINT}")
        return Availability.ok()

    def scan(self, progress: ProgressFn = no_progress, cancel: CancelFn = never_cancel) -> Iterator[CapturedPage]:
        if self._twain is None:
            raise CaptureProblem(self.availability().reason)
        from PIL import Image

        from desktop.devices.capture.images import normalise

        try:
            manager = self._twain.SourceManager(self.window_handle)
            source = manager.open_source()
            if source is None:
                raise CaptureCancelled()
        except CaptureCancelled:
            raise
        except Exception as exc:
            raise DeviceGone(f"无法打开 TWAIN 扫描仪：{exc}", self.label) from None
        try:
            source.request_acquire(show_ui=False, modal_ui=False)
            n = 0
            while True:
                if cancel():
                    raise CaptureCancelled()
                handle, remaining = source.xfer_image_natively()
                n += 1
                import io

                bmp = self._twain.dib_to_bm_file(handle)
                self._twain.global_handle_free(handle)
                with Image.open(io.BytesIO(bmp)) as img:
                    yield normalise(img, self.limits, source="scanner", origin=self.label)
                progress(n, 0, f"第 {n} 页")
                if not remaining:
                    break
        except (CaptureCancelled, CaptureProblem):
            raise
        except Exception as exc:
            raise DeviceGone(f"扫描中断：{exc}。已扫描的页面已保存。", self.label) from None
        finally:
            source.close()
            manager.close()


class UnavailableScanner:
    """Stands in when scanning is switched off, so callers never special-case None."""

    kind = "scanner"
    label = "扫描仪"

    def __init__(self, reason: str) -> None:
        self._reason = reason

    def availability(self) -> Availability:
        return Availability.missing(self._reason)

    def scan(self, progress: ProgressFn = no_progress, cancel: CancelFn = never_cancel) -> Iterator[CapturedPage]:
        raise CaptureProblem(self._reason)
        yield  # pragma: no cover - makes this a generator like the others


def make_scanner(devices, limits: Limits | None = None):
    """The scanner named by ``devices.scanner``: auto picks TWAIN on Windows, SANE elsewhere."""
    choice = getattr(devices, "scanner", "auto")
    if choice == "none":
        return UnavailableScanner(f"本机未启用扫描仪（设置项 devices.scanner = none）。{FALLBACK_HINT}")
    if choice == "simulated":
        from desktop.devices.capture.simulated import SimulatedScanner

        return SimulatedScanner(pages=3, limits=limits)
    if choice == "twain" or (choice == "auto" and sys.platform.startswith("win")):
        return TwainScanner(limits)
    return SaneScanner(limits)
