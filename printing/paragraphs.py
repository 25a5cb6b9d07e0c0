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
- what drawing writes into the page for that width, as a template: the PDF operators as text,
  with each run of characters left as a slot. Which bytes stand for a character, and under
  which font name, depend on the document (a font subset is numbered in the order its
  characters first appear), so the slots are filled for each document by reportlab's own text
  encoder (``PDFTextObject._formatText``), in order, carrying its "current subset" from one
  run to the next exactly as one text object does. What is skipped is the walk over the
  paragraph's fragments, lines and words and the text-object calls, about half the time a
  paragraph takes to draw. A paragraph whose drawing could touch the document in other ways
  (links, images, callbacks, a font that is not an embedded TrueType font, a graphics state)
  is drawn by reportlab every time.

The output is byte-for-byte the output of a plain ``Paragraph``: the cache only skips work whose
result is a pure function of (markup, style, width). Styles are compared by identity (they are
built once per font and paper in ``layout.styles_for``); the cached entry keeps its style alive,
so an identity cannot be reused while its entry exists.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

PARSED_ENTRIES = 4096  # distinct (markup, style): a few hundred per kind of paper, plus values
LAID_ENTRIES = 4096  # distinct (markup, style, width)
DRAWN_ENTRIES = 4096  # distinct (markup, style, width, canvas text state)
CANNOT_FIT = 0x7FFFFFFF  # the height Paragraph.wrap answers for a width too small to use


class _Lru:
    """A small thread-safe LRU map (papers render on worker threads)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_parsed = _Lru(PARSED_ENTRIES)
_laid = _Lru(LAID_ENTRIES)
_drawn = _Lru(DRAWN_ENTRIES)
SLOT = "\x00"  # never in PDF operators: reportlab escapes control characters inside strings


class _TextRecorder(PDFTextObject):
    """A text object that leaves a numbered slot where each run of text would be encoded, and
    notes what the encoder will need: font, size, leading, rise, the text, and whether the
    current subset was reset (a new text object or a font change) since the previous run."""

    def __init__(self, canvas: Any, x: float, y: float, runs: list) -> None:
        self._runs = runs
        self._reset = True
        super().__init__(canvas, x, y)

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:  # noqa: N802
        super().setFont(psfontname, size, leading)
        self._reset = True

    def _setFont(self, psfontname: str, size: float) -> None:  # noqa: N802
        super()._setFont(psfontname, size)
        self._reset = True

    def _formatText(self, text: str) -> str:  # noqa: N802 (reportlab API)
        slot = len(self._runs)
        self._runs.append((self._fontname, self._fontsize, self._leading, self._rise, text, self._reset))
        if text:  # a non-empty run leaves the encoder on the subset of its last character
            self._reset = False
        return f"{SLOT}{slot}{SLOT}"


def _template(lines: list[str]) -> tuple:
    """Code lines with slots → pieces: text, or the number of the run to encode there."""
    out: list[Any] = []
    for line in lines:
        if SLOT not in line:
            out.append(line)
            continue
        parts = line.split(SLOT)
        out.append(tuple(int(p) if i % 2 else p for i, p in enumerate(parts)))
    return tuple(out)


def _replay(canv: Any, template: tuple, runs: tuple) -> None:
    """Write a drawn paragraph's code into ``canv``, encoding its runs for this document."""
    encoder = PDFTextObject.__new__(PDFTextObject)
    encoder._canvas = canv
    encoder._code, encoder._x, encoder._y = [], 0, 0
    current = -1
    code = canv._code
    for line in template:
        if type(line) is str:
            code.append(line)
            continue
        parts = []
        for piece in line:
            if type(piece) is str:
                parts.append(piece)
                continue
            font, size, leading, rise, text, reset = runs[piece]
            if reset:
                current = -1
            encoder._fontname, encoder._fontsize, encoder._leading, encoder._rise = font, size, leading, rise
            encoder._curSubset = current
            parts.append(encoder._formatText(text))
            current = encoder._curSubset
        code.append("".join(parts))


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
            super().draw()
            return
        canv = self.canv
        state = (canv._fontname, canv._fontsize, canv._leading, canv.bottomup, repr(canv._fillColorObj),
                 tuple(sorted(canv._extgstate._d.items())))
        drawn_key = (key, self.width, self.height, state)
        hit = _drawn.get(drawn_key)
        doc = canv._doc
        if hit is not None and hit[0] is style:
            doc._pdfVersion = max(doc._pdfVersion, hit[3])
            _replay(canv, hit[1], hit[2])
            return
        runs: list = []
        self._recording = runs
        start = len(canv._code)
        version = doc._pdfVersion
        doc._pdfVersion = (0, 0)  # to learn what this drawing needs (setting a colour asks for 1.4)
        try:
            super().draw()
        finally:
            del self._recording
            needs, doc._pdfVersion = doc._pdfVersion, max(version, doc._pdfVersion)
        template = _template(canv._code[start:])
        del canv._code[start:]
        _replay(canv, template, tuple(runs))
        if not any("/" in piece for line in template for piece in ((line,) if type(line) is str else line)
                   if type(piece) is str):  # a named resource (graphics state, colour space) is the document's
            _drawn.put(drawn_key, (style, template, tuple(runs), needs))

    def beginText(self, x: float, y: float) -> PDFTextObject:  # noqa: N802 (reportlab API)
        runs = getattr(self, "_recording", None)
        if runs is None:
            return super().beginText(x, y)
        return _TextRecorder(self.canv, x, y, runs)


def clear() -> None:
    """Forget every cached paragraph (tests; a font re-registered under the same name)."""
    _parsed.clear()
    _laid.clear()
    _drawn.clear()
