"""Drawings kept as templates: what a paragraph or a table writes into a page, replayed.

Most of a paper is drawn the same way from one render to the next — the field grid's labels,
the headings, the enquiry lines; the same paper twice (preview, then print) repeats all of it.
Reportlab walks a paragraph's fragments, lines and words, and a table's cells, paddings and
rules, every time. :func:`draw_through` records the PDF operators a drawing writes, once, and
replays them.

What cannot be recorded as text is what depends on the document being written:

- the bytes that stand for a character and the name of the font subset holding it (a subset
  is numbered in the order its characters first appear in the document). Each run of text is
  left as a numbered slot (:class:`TextRecorder`), filled on replay by reportlab's own encoder
  (``PDFTextObject._formatText``), in order, carrying its "current subset" from one run to the
  next exactly as one text object does;
- the name of a standard font (``/F1``), also numbered per document: a slot filled by
  ``getInternalFontName``, which registers the font as the live call would;
- the PDF version a drawing asks for (setting a colour asks for 1.4): kept and re-applied.

A drawing that writes anything else the document names (a graphics state, an image, a link,
text not in a slot) is replayed for this document only and not kept. The output is
byte-for-byte the live drawing's; the tests compare papers with and without the templates.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.textobject import PDFTextObject

DRAWN_ENTRIES = 4096  # distinct (content, width, canvas state): paragraphs and tables of a few papers
SLOT = "\x00"  # never in PDF operators: reportlab escapes control characters inside strings
_FONT_NAME = re.compile(r"/F\d+(?![\d+])")  # a standard font's name; '/F2+0' is a subset (in slots)
_DOCUMENT_SPECIFIC = re.compile(r"[/(<]")  # a name, a string or a dictionary left outside the slots


class Lru:
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

    def __len__(self) -> int:
        return len(self._items)


_drawn = Lru(DRAWN_ENTRIES)


class _Recording(threading.local):
    runs: list | None = None  # the slots of the drawing being recorded on this thread
    tainted: bool = False  # something in it touched the document in a way a template cannot repeat


_state = _Recording()


def recording() -> list | None:
    """The slot list of the drawing being recorded on this thread, if any."""
    return _state.runs


def taint() -> None:
    """Say that the drawing being recorded (if any) must not be kept."""
    if _state.runs is not None:
        _state.tainted = True


class TextRecorder(PDFTextObject):
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


def draw_through(canv: Any, key: Any, owner: Any, draw: Callable[[], None]) -> None:
    """Write what ``draw()`` would write into ``canv``, from the template kept under ``key`` when
    there is one (``owner`` must be the very object, or objects, it was recorded with: the styles
    whose identities the key holds, which keeps them alive while the template is kept), else by
    recording ``draw()`` and keeping the template. ``key`` None: record and replay, keep nothing."""
    doc = canv._doc
    hit = _drawn.get(key) if key is not None else None
    if hit is not None and _same(hit[0], owner):
        doc._pdfVersion = max(doc._pdfVersion, hit[3])
        _emit(canv, hit[1], hit[2])
        return
    outer, outer_tainted = _state.runs, _state.tainted
    runs: list = []
    _state.runs, _state.tainted = runs, False
    start = len(canv._code)
    version = doc._pdfVersion
    doc._pdfVersion = (0, 0)  # to learn which version this drawing asks for
    try:
        draw()
    finally:
        tainted = _state.tainted
        _state.runs, _state.tainted = outer, outer_tainted or tainted
        needs = doc._pdfVersion
        doc._pdfVersion = max(version, needs)
    lines = _template(canv._code[start:], runs, doc)
    del canv._code[start:]
    _emit(canv, lines, runs)
    if key is not None and not tainted and _reusable(lines):
        _drawn.put(key, (owner, lines, tuple(runs), needs))


def _same(kept: Any, owner: Any) -> bool:
    """``owner`` is the object (or every object of the tuple) the template was recorded with."""
    if type(owner) is tuple:
        return type(kept) is tuple and len(kept) == len(owner) and all(a is b for a, b in zip(kept, owner, strict=True))
    return kept is owner


def _template(code: list[str], runs: list, doc: Any) -> tuple:
    """Code lines with slots → pieces: text, or the number of the slot to fill there."""
    names = {internal: name for name, internal in doc.fontMapping.items()}

    def font_slot(match: re.Match) -> str:
        name = names.get(match.group(0))
        if name is None:
            return match.group(0)
        runs.append((name,))
        return f"{SLOT}{len(runs) - 1}{SLOT}"

    out: list[Any] = []
    for line in code:
        if "/F" in line:
            line = _FONT_NAME.sub(font_slot, line)
        if SLOT not in line:
            out.append(line)
            continue
        parts = line.split(SLOT)
        out.append(tuple(int(p) if i % 2 else p for i, p in enumerate(parts)))
    return tuple(out)


def _reusable(lines: tuple) -> bool:
    for line in lines:
        for piece in (line,) if type(line) is str else line:
            if type(piece) is str and _DOCUMENT_SPECIFIC.search(piece):
                return False
    return True


def _emit(canv: Any, lines: tuple, runs: tuple | list) -> None:
    """Write a template into ``canv``: filled for this document, or, while an enclosing drawing
    is being recorded, with its slots handed on to that drawing's."""
    code = canv._code
    outer = _state.runs
    if outer is not None:
        base = len(outer)
        outer.extend(runs)
        for line in lines:
            code.append(line if type(line) is str else
                        "".join(p if type(p) is str else f"{SLOT}{p + base}{SLOT}" for p in line))
        return
    encoder = PDFTextObject.__new__(PDFTextObject)
    encoder._canvas = canv
    encoder._code, encoder._x, encoder._y = [], 0, 0
    current = -1
    for line in lines:
        if type(line) is str:
            code.append(line)
            continue
        parts = []
        for piece in line:
            if type(piece) is str:
                parts.append(piece)
                continue
            run = runs[piece]
            if len(run) == 1:
                parts.append(canv._doc.getInternalFontName(run[0]))
                continue
            font, size, leading, rise, text, reset = run
            if reset:
                current = -1
            encoder._fontname, encoder._fontsize, encoder._leading, encoder._rise = font, size, leading, rise
            encoder._curSubset = current
            parts.append(encoder._formatText(text))
            current = encoder._curSubset
        code.append("".join(parts))


def canvas_state(canv: Any) -> tuple:
    """What a drawing may inherit from the canvas (text state, colours, lines, graphics state)."""
    return (canv._fontname, canv._fontsize, canv._leading, canv.bottomup, repr(canv._fillColorObj),
            repr(canv._strokeColorObj), canv._lineWidth, canv._lineCap, canv._lineJoin, repr(canv._lineDash),
            tuple(sorted(canv._extgstate._d.items())))


def clear() -> None:
    """Forget every kept drawing (tests; a font re-registered under the same name)."""
    _drawn.clear()
