"""Paragraphs parsed and broken into lines once per process, not once per render.

Most of what a paper says is the same from one case to the next — the labels of the field grid,
the headings, the enquiry and legal lines — and the rest is often rendered twice (the preview,
then the print; the A4 receipt, then the slip). Reportlab parses every paragraph's markup with
an HTML parser and breaks CJK text into lines glyph by glyph, and a table wraps each cell twice
(once to size the row, once to draw it). :class:`CachedParagraph` keeps both results, keyed by
the markup, the style and the width:

- the parsed fragments, copied for each new paragraph (line breaking reads them, and a
  paragraph split over two pages builds new ones, but nothing may be shared that a later step
  could change);
- the line breaks for one width, which drawing only reads;
- what drawing writes into the page for that width and canvas state, as a template
  (:mod:`printing.drawn`), replayed with the text encoded for each document. A paragraph whose
  drawing could touch the document in other ways (links, images, callbacks, a font that is not
  an embedded TrueType font, a background) is drawn by reportlab every time.

The output is byte-for-byte the output of a plain ``Paragraph``: the cache only skips work whose
result is a pure function of (markup, style, width). Styles are compared by identity (they are
built once per font and paper in ``layout.styles_for``); the cached entry keeps its style alive,
so an identity cannot be reused while its entry exists.
"""
from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

from printing import drawn
from printing.drawn import Lru

PARSED_ENTRIES = 4096  # distinct (markup, style): a few hundred per kind of paper, plus values
LAID_ENTRIES = 4096  # distinct (markup, style, width)
CANNOT_FIT = 0x7FFFFFFF  # the height Paragraph.wrap answers for a width too small to use


_parsed = Lru(PARSED_ENTRIES)
_laid = Lru(LAID_ENTRIES)


def _plain_frags(frags: list) -> bool:
    """Fragments whose drawing writes only operators and text in embedded TrueType fonts."""
    for f in frags:
        if (getattr(f, "link", None) or getattr(f, "cbDefn", None) or getattr(f, "backColor", None)
                or getattr(f, "us_lines", None) or not pdfmetrics.getFont(f.fontName)._dynamicFont):
            return False
    return True


class CachedParagraph(Paragraph):
    """A ``Paragraph`` whose parse and line breaking are shared with identical earlier ones."""

    def __init__(self, text: str | None, style: ParagraphStyle | None = None, bulletText: str | None = None,
                 frags: list | None = None, **kwargs: Any) -> None:
        self._cache_key: tuple | None = None
        if frags is not None or text is None or style is None or bulletText is not None:
            # a split half (reportlab passes frags) or an unusual paragraph: nothing to share
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        key = (text, id(style))
        hit = _parsed.get(key)
        if hit is not None and hit[0] is style:
            super().__init__(text, style, None, [f.clone() for f in hit[1]], **kwargs)
            self.text, self._drawable = hit[2], hit[3]
        else:
            super().__init__(text, style, None, None, **kwargs)
            self._drawable = _plain_frags(self.frags)
            _parsed.put(key, (style, [f.clone() for f in self.frags], self.text, self._drawable))
        self._cache_key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        key = self._cache_key
        if key is None or getattr(self, "_splitpara", False):
            return super().wrap(availWidth, availHeight)
        laid_key = (key, availWidth)
        hit = _laid.get(laid_key)
        if hit is not None and hit[0] is self.style:
            _, self.blPara, self.height, self._wrapWidths = hit
            self.width = availWidth
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        if result[1] != CANNOT_FIT:  # reportlab's "not here" answer sets nothing worth keeping
            _laid.put(laid_key, (self.style, self.blPara, self.height, self._wrapWidths))
        return result

    def draw(self) -> None:
        key = self._cache_key
        style = self.style
        if (key is None or not self._drawable or getattr(self, "_splitpara", False) or self.debug
                or hasattr(self, "_offsets") or self.bulletText or style.backColor or style.borderWidth):
            drawn.taint()  # drawn live: an enclosing table's drawing is not kept either
            super().draw()
            return
        canv = self.canv
        drawn.draw_through(canv, (key, self.width, self.height, drawn.canvas_state(canv)), style, super().draw)

    def beginText(self, x: float, y: float) -> PDFTextObject:  # noqa: N802 (reportlab API)
        runs = drawn.recording()
        if runs is None:
            return super().beginText(x, y)
        return drawn.TextRecorder(self.canv, x, y, runs)


def clear() -> None:
    """Forget every cached paragraph (tests; a font re-registered under the same name)."""
    _parsed.clear()
    _laid.clear()
    drawn.clear()
