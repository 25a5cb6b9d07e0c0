"""Tables whose drawing is kept as a template (:mod:`printing.drawn`) and replayed.

A ruled table of paragraphs — the field grid, the list of materials — costs reportlab a
geometry pass per cell, a saved and restored graphics state per cell and per paragraph, and
the rules and backgrounds, every time it is drawn. :class:`CachedTable` records what it writes
once per content, geometry and canvas state and replays it (the paragraphs' text encoded for
each document). Tables holding anything other than paragraphs that can themselves be kept
(an image, a QR code, plain strings), with spans, links, rounded corners, shadows or render
callbacks, are drawn by reportlab as before. A table split over pages continues as tables of
the same class (reportlab builds them with ``self.__class__``), each kept by its own content.
"""
from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

from printing import drawn
from printing.paragraphs import CachedParagraph

_CELL_STYLE = ("fontname", "fontsize", "leading", "leftPadding", "rightPadding", "topPadding", "bottomPadding",
               "firstLineIndent", "color", "alignment", "background", "valign", "direction", "shaping")


def _cell_paragraphs(value: Any) -> tuple[CachedParagraph, ...] | None:
    items = value if isinstance(value, (list, tuple)) else (value,)
    for item in items:
        if (type(item) is not CachedParagraph or item._cache_key is None or not item._drawable
                or getattr(item, "_splitpara", False)):
            return None
    return tuple(items)


def _style_key(style: Any) -> tuple | None:
    if style.href or style.destination:
        return None
    return tuple(repr(getattr(style, name)) for name in _CELL_STYLE)


class CachedTable(Table):
    """A ``Table`` whose drawing is replayed from a template when its content, geometry and the
    canvas state are those of an earlier drawing."""

    def _drawn_key(self) -> tuple[tuple, tuple] | None:
        """(key, the paragraph styles it names by identity), or None when the drawing is not kept."""
        if (self._spanCmds or getattr(self, "_renderCB", None) or getattr(self, "_roundingRectDef", None)
                or getattr(self, "_cornerRadii", None) or getattr(self, "_shadow", None)):
            return None
        cells = []
        owners: list[Any] = []
        for row in self._cellvalues:
            for value in row:
                paragraphs = _cell_paragraphs(value)
                if paragraphs is None:
                    return None
                cells.append(tuple(p._cache_key for p in paragraphs))
                owners.extend(p.style for p in paragraphs)
        styles = []
        for row in self._cellStyles:
            for style in row:
                key = _style_key(style)
                if key is None:
                    return None
                styles.append(key)
        key = (tuple(cells), tuple(styles), repr(self._bkgrndcmds), repr(self._linecmds),
               tuple(self._colpositions), tuple(self._rowpositions), tuple(self._colWidths),
               tuple(self._rowHeights), self._width, self._height, drawn.canvas_state(self.canv))
        return key, tuple(owners)

    def draw(self) -> None:
        kept = self._drawn_key()
        if kept is None:
            drawn.taint()
            super().draw()
            return
        drawn.draw_through(self.canv, kept[0], kept[1], super().draw)
