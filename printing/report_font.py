"""Fonts for report PDFs: the shared printing font helper when present, else a small equivalent.

Droid Sans Fallback carries the Chinese but no Latin letters or digits, so text is drawn in
runs: CJK runs in Droid, the rest in a Latin companion. The shared helper
(``printing.fonts``: ``cjk_font``, ``font_runs``, ``mixed_markup``, ``draw_text``) is the
one to use; until it is on main, this module provides the same four names with reportlab's
standard Helvetica as the Latin companion (a PDF base font every viewer has).
"""
from __future__ import annotations

try:  # the shared helper, once landed
    from printing.fonts import FontChoice, cjk_font, draw_text, font_runs, mixed_markup  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - exercised until printing.fonts lands
    import functools
    import re
    from dataclasses import dataclass, field
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    import resources

    _PATH = Path(resources.__file__).parent / "fonts" / "DroidSansFallbackFull.ttf"

    @dataclass(frozen=True)
    class FontChoice:  # type: ignore[no-redef]
        name: str
        embedded: bool
        latin: str | None = None
        warning: str = ""
        covered: frozenset[int] = field(default=frozenset(), repr=False)

    @functools.cache
    def cjk_font() -> FontChoice:  # type: ignore[misc]
        font = TTFont("ReportCJK", str(_PATH))
        pdfmetrics.registerFont(font)
        return FontChoice("ReportCJK", True, "Helvetica", "", frozenset(font.face.charToGlyph))

    def font_runs(text: str, font: FontChoice) -> list[tuple[str, str]]:  # type: ignore[misc]
        runs: list[tuple[str, str]] = []
        for ch in text:
            name = font.name if ord(ch) in font.covered or ch in " \n" else (font.latin or font.name)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + ch)
            else:
                runs.append((name, ch))
        return runs

    _TAG = re.compile(r"(<[^>]*>|&[a-zA-Z#0-9]+;)")

    def mixed_markup(markup: str, font: FontChoice) -> str:  # type: ignore[misc]
        out = []
        for piece in _TAG.split(markup):
            if piece.startswith("<") and piece.endswith(">"):
                out.append(piece)
            elif piece.startswith("&") and piece.endswith(";"):
                out.append(f'<font face="{font.latin}">{piece}</font>')
            else:
                out += [run if name == font.name else f'<font face="{font.latin}">{run}</font>'
                        for name, run in font_runs(piece, font)]
        return "".join(out)

    def draw_text(canvas, x: float, y: float, text: str, size: float, font: FontChoice,  # type: ignore[misc]
                  align: str = "left") -> None:
        runs = font_runs(text, font)
        width = sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs)
        x -= {"left": 0, "right": width, "centre": width / 2}[align]
        obj = canvas.beginText(x, y)
        for name, run in runs:
            obj.setFont(name, size)
            obj.textOut(run)
        canvas.drawText(obj)

__all__ = ["FontChoice", "cjk_font", "draw_text", "font_runs", "mixed_markup"]
