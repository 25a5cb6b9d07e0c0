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
- the line breaks for one width, which drawing only reads.

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
from reportlab.platypus import Paragraph

PARSED_ENTRIES = 4096  # distinct (markup, style): a few hundred per kind of paper, plus values
LAID_ENTRIES = 4096  # distinct (markup, style, width)
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
            self.text = hit[2]
        else:
            super().__init__(text, style, None, None, **kwargs)
            _parsed.put(key, (style, [f.clone() for f in self.frags], self.text))
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


def clear() -> None:
    """Forget every cached paragraph (tests; a font re-registered under the same name)."""
    _parsed.clear()
    _laid.clear()
