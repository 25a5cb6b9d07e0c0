"""A simulated document camera and scanner: generated, document-like pages for tests and the demo.

They sit behind the same interface as the real adapters, so the panel, the import path and
the storage are exercised exactly as with hardware. Pages look like a form (title, ruled
lines, body text, page number) so thumbnails and crops are meaningful; a camera shot shows
the page on a dark desk, optionally rotated or carrying an EXIF orientation tag.
"""
from __future__ import annotations

import io
import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from desktop.devices.capture.base import (
    Availability,
    CancelFn,
    CaptureCancelled,
    CapturedPage,
    DeviceGone,
    ProgressFn,
    never_cancel,
    no_progress,
)
from desktop.devices.capture.images import Limits, camera_page, normalise

_FONT_DIRS = ("resources/fonts", "/usr/share/fonts/truetype/droid", "/usr/share/fonts/truetype/dejavu",
              "C:/Windows/Fonts")
_CJK_FONTS = ("DroidSansFallbackFull.ttf", "NotoSansCJK-Regular.ttc", "msyh.ttc", "simsun.ttc")
_LATIN_FONTS = ("DejaVuSans.ttf", "arial.ttf")


@lru_cache(maxsize=16)
def _font(size: int, cjk: bool = True) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    root = Path(__file__).resolve().parents[3]
    for folder in _FONT_DIRS:
        base = Path(folder) if Path(folder).is_absolute() or ":" in folder else root / folder
        for name in _CJK_FONTS if cjk else _LATIN_FONTS:
            if (base / name).is_file():
                try:
                    return ImageFont.truetype(str(base / name), size)
                except OSError:
                    continue
    return ImageFont.load_default(size)


def _runs(text: str) -> list[tuple[str, bool]]:
    """Split text into CJK and Latin runs: the bundled CJK font has no Latin digits."""
    runs: list[tuple[str, bool]] = []
    for ch in text:
        cjk = ord(ch) >= 0x2E80
        if runs and runs[-1][1] == cjk:
            runs[-1] = (runs[-1][0] + ch, cjk)
        else:
            runs.append((ch, cjk))
    return runs


def _text(d: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int, *, centre: bool = False,
          fill="black") -> None:
    runs = [(t, _font(size, cjk)) for t, cjk in _runs(text)]
    x, y = xy
    if centre:
        x -= int(sum(f.getlength(t) for t, f in runs) / 2)
    for t, f in runs:
        d.text((x, y), t, fill=fill, font=f, anchor="lm")
        x += int(f.getlength(t))


def document_page(page_no: int, *, title: str = "示例材料", size: tuple[int, int] = (1240, 1754),
                  seed: int | None = None) -> Image.Image:
    """A white A4-proportioned page with a title, ruled lines, text and the page number."""
    rnd = random.Random(seed if seed is not None else page_no)
    w, h = size
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    _text(d, (w // 2, h // 14), title, max(16, w // 22), centre=True)
    body = max(10, w // 48)
    y = h // 7
    line_gap = max(18, h // 40)
    while y < h * 0.85:
        words = rnd.randint(8, 20)
        _text(d, (w // 12, y), "材料内容 " * (words // 4) + f"No.{rnd.randint(1000, 9999)}", body, fill=(40, 40, 40))
        d.line((w // 12, y + line_gap - 4, w - w // 12, y + line_gap - 4), fill=(190, 190, 190), width=1)
        y += line_gap
    d.rectangle((w // 12, int(h * 0.87), w // 3, int(h * 0.95)), outline="black", width=2)
    _text(d, (w // 2, h - h // 30), f"第 {page_no} 页", max(12, w // 40), centre=True)
    return img


def page_jpeg(page_no: int, *, title: str = "示例材料", size: tuple[int, int] = (1240, 1754),
              rotation: int = 0, exif_orientation: int | None = None, quality: int = 85) -> bytes:
    """A generated page as JPEG bytes, optionally rotated and/or tagged with an EXIF orientation."""
    img = document_page(page_no, title=title, size=size)
    if rotation:
        img = img.rotate(rotation, expand=True, fillcolor="white")
    out = io.BytesIO()
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        img.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    else:
        img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def camera_frame(page_no: int, *, size: tuple[int, int] = (1600, 1200), tilt: float = 0.0) -> Image.Image:
    """What a document camera sees: a page lying on a dark desk."""
    w, h = size
    desk = Image.new("RGB", size, (46, 52, 60))
    page = document_page(page_no, size=(int(h * 0.85 / 1.414), int(h * 0.85)))
    if tilt:
        page = page.rotate(tilt, expand=True, fillcolor=(46, 52, 60))
    desk.paste(page, ((w - page.width) // 2, (h - page.height) // 2))
    return desk


class SimulatedScanner:
    """A sheet-fed scanner with ``pages`` sheets in its feeder; behaves like the SANE/TWAIN adapters."""

    kind = "scanner"

    def __init__(self, pages: int = 3, *, title: str = "扫描件", limits: Limits | None = None,
                 fail_after: int | None = None) -> None:
        self.label = "模拟扫描仪"
        self.pages = pages
        self.title = title
        self.limits = limits or Limits()
        self.fail_after = fail_after  # simulate a paper jam / unplug after this many pages

    def availability(self) -> Availability:
        return Availability.ok()

    def scan(self, progress: ProgressFn = no_progress, cancel: CancelFn = never_cancel) -> Iterator[CapturedPage]:
        for n in range(1, self.pages + 1):
            if cancel():
                raise CaptureCancelled()
            if self.fail_after is not None and n > self.fail_after:
                raise DeviceGone("扫描仪已断开或卡纸，已扫描的页面已保存；请检查设备后继续。", self.label)
            progress(n - 1, self.pages, f"第 {n} 页")
            img = document_page(n, title=self.title, size=(1654, 2339))
            yield normalise(img, self.limits, source="scanner", origin=self.label)
        progress(self.pages, self.pages, "")


class SimulatedCamera:
    """A document camera: preview frames, a capture that auto-crops, and an unplug switch for tests."""

    kind = "camera"

    def __init__(self, *, limits: Limits | None = None, tilt: float = 0.0) -> None:
        self.label = "模拟高拍仪"
        self.limits = limits or Limits()
        self.tilt = tilt
        self.connected = True
        self.shots = 0

    def availability(self) -> Availability:
        return Availability.ok() if self.connected else Availability.missing("高拍仪未连接。")

    def cameras(self) -> list[str]:
        return [self.label] if self.connected else []

    def frame(self, size: tuple[int, int] = (640, 480)) -> Image.Image:
        if not self.connected:
            raise DeviceGone("高拍仪已断开（可能被拔出），请检查连接；其他采集方式仍可使用。", self.label)
        return camera_frame(self.shots + 1, size=size, tilt=self.tilt)

    def shot_jpeg(self, size: tuple[int, int] = (3264, 2448)) -> bytes:
        """The raw full-resolution shot as the camera delivers it (8 MP JPEG)."""
        if not self.connected:
            raise DeviceGone("高拍仪已断开（可能被拔出），请检查连接；其他采集方式仍可使用。", self.label)
        self.shots += 1
        out = io.BytesIO()
        camera_frame(self.shots, size=size, tilt=self.tilt).save(out, "JPEG", quality=90)
        return out.getvalue()

    def capture(self, *, crop: bool = True) -> CapturedPage:
        return camera_page(self.shot_jpeg(), self.limits, crop=crop, origin=self.label)

    def unplug(self) -> None:
        self.connected = False

    def plug_in(self) -> None:
        self.connected = True
