"""The fonts every document uses, embedded so Chinese prints on a PC with no fonts installed.

Droid Sans Fallback (Apache-2.0) carries the Chinese but, being a *fallback* font, no Latin
letters, digits or ASCII punctuation; DejaVu Sans (Bitstream Vera licence) supplies those and
the typographic quotes. Both ship in ``resources/fonts`` and reportlab embeds a subset of each.
Text is split into runs by which font has the glyph (:func:`font_runs`), so "W03-20261125-0007"
and “事项” both print. Parsing the 4 MB CJK font costs ~0.2 s, so fonts are registered once per
process and reused — the second receipt is fast. If a file is missing or broken the documents
still print (with reportlab's built-in STSong-Light / Helvetica, which the viewer supplies)
and the caller gets a message naming the file: a counter must never be stopped by a font.
"""
from __future__ import annotations

import functools
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

import resources.fonts
from printing.subsets import caching_subsets

log = logging.getLogger("onewindow.printing")

FONT_DIR = Path(resources.fonts.__file__).parent
BUNDLED_FONT = FONT_DIR / "DroidSansFallbackFull.ttf"
BUNDLED_LATIN_FONT = FONT_DIR / "DejaVuSans.ttf"
EMBEDDED_NAME = "OneWindowSans"
LATIN_NAME = "OneWindowLatin"
FALLBACK_NAME = "STSong-Light"
LATIN_FALLBACK = "Helvetica"


@dataclass(frozen=True)
class FontChoice:
    """The font to draw with, its Latin companion (None if it covers Latin) and any fallback message."""

    name: str
    embedded: bool
    latin: str | None = None
    warning: str = ""
    covered: frozenset[int] = field(default=frozenset(), repr=False)  # code points ``name`` can draw


_lock = threading.Lock()
_cache: dict[tuple[Path, Path], FontChoice] = {}


def cjk_font(path: Path | None = None, latin_path: Path | None = None) -> FontChoice:
    """Register the document fonts (once per path pair) and say which ones to use."""
    key = (Path(path or BUNDLED_FONT), Path(latin_path or BUNDLED_LATIN_FONT))
    with _lock:
        choice = _cache.get(key)
        if choice is None:
            choice = _register(*key, index=len(_cache))
            _cache[key] = choice
        return choice


def _load(name: str, path: Path) -> TTFont | Exception:
    try:
        font = caching_subsets(TTFont(name, str(path)))
        pdfmetrics.registerFont(font)
        return font
    except Exception as exc:  # reportlab raises TTFError, OSError, struct errors… all mean "unusable"
        log.warning("font %s could not be loaded: %s", path, exc)
        return exc


def _register(path: Path, latin_path: Path, index: int) -> FontChoice:
    suffix = f"-{index}" if index else ""
    warnings = []
    latin = _load(LATIN_NAME + suffix, latin_path)
    if isinstance(latin, Exception):
        latin_name = LATIN_FALLBACK
        warnings.append(f"无法加载字体文件 {latin_path}（{latin}），西文改用内置字体 {LATIN_FALLBACK}。")
    else:
        latin_name = latin.fontName
    cjk = _load(EMBEDDED_NAME + suffix, path)
    if isinstance(cjk, Exception):
        if FALLBACK_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_NAME))
        warnings.append(f"无法加载字体文件 {path}（{cjk}），已改用内置字体 {FALLBACK_NAME} 打印。")
        return FontChoice(name=FALLBACK_NAME, embedded=False, latin=None, warning="".join(warnings))
    return FontChoice(name=cjk.fontName, embedded=True, latin=latin_name, warning="".join(warnings),
                      covered=frozenset(cjk.face.charToGlyph))


_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[a-zA-Z#0-9]+;)")


def font_runs(text: str, font: FontChoice) -> list[tuple[str, str]]:
    """Split plain text into (font name, run) pieces, each drawable by its font."""
    if font.latin is None or not text:
        return [(font.name, text)]
    runs: list[tuple[str, str]] = []
    for ch in text:
        name = font.name if ord(ch) in font.covered or ch in " \n" else font.latin
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


@functools.lru_cache(maxsize=4096)  # labels and headings repeat on every paper
def mixed_markup(markup: str, font: FontChoice) -> str:
    """Paragraph markup with each run the CJK font cannot draw wrapped in the Latin font."""
    if font.latin is None:
        return markup
    out = []
    latin_open = f'<font face="{font.latin}">'
    for piece in _TAG_OR_ENTITY.split(markup):
        if not piece:
            continue
        if piece.startswith("<") and piece.endswith(">"):
            out.append(piece)
        elif piece.startswith("&") and piece.endswith(";"):
            out.append(f"{latin_open}{piece}</font>")  # &amp; &lt; …: ASCII, never in the CJK font
        else:
            for name, run in font_runs(piece, font):
                out.append(run if name == font.name else f"{latin_open}{run}</font>")
    return "".join(out)


def draw_text(canvas, x: float, y: float, text: str, size: float, font: FontChoice, align: str = "left") -> None:
    """Draw one line on a canvas in mixed fonts; ``align`` is left, right or centre about ``x``."""
    runs = font_runs(text, font)
    width = sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs)
    x -= {"left": 0, "right": width, "centre": width / 2}[align]
    line = canvas.beginText(x, y)  # one text object, so text extraction reads one line
    for name, run in runs:
        line.setFont(name, size)
        line.textOut(run)
    canvas.drawText(line)
