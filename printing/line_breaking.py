"""Chinese line breaking (禁则) for every paragraph the papers print.

reportlab wraps CJK text one glyph at a time (``paragraph.cjkFragSplit``) and knows only the
Japanese rules: its list of marks that may not start a line has 。、）」 but not the full-width
， ； ： ？ ！ 》 or the closing quote ”, and it hangs at most one such mark. So a paper could
start a line with a comma ("…事项\n，因下列材料…") or a closing quote, which no printed official
paper does (GB/T 15834; W3C "Requirements for Chinese Text Layout" §3.1.7).

:func:`split_lines` is a drop-in for reportlab's function with the Chinese rules:

- a closing or pause mark (:data:`CANNOT_START`) never begins a line: the one that overflows
  hangs in the margin, as in reportlab; otherwise the break moves back before the character
  it follows;
- an opening mark (:data:`CANNOT_END`: “ （ 《 …) never ends a line;
- a run of Latin letters and digits (an ID number, a code, a URL) is not split, unless it is
  longer than the line itself.

:func:`install` puts it in reportlab's place; ``printing/__init__`` calls it, so it is in force before
any paragraph of a paper or a report is broken into lines.
"""
from __future__ import annotations

from typing import Any

from reportlab.platypus import paragraph as _paragraph

CANNOT_START = "，。、；：？！）》」』】〕〗〉”’…·％‰,.;:?!)]}"
CANNOT_END = "“‘（《「『【〔〖〈([{"
_FUZZ = 1e-6  # reportlab's tolerance when a line is exactly full


def _latin(ch: str) -> bool:
    """Part of a run that must stay together: a Latin letter, digit or symbol, not a space."""
    return bool(ch) and ord(ch) < 0x2000 and not ch.isspace() and ch not in CANNOT_START + CANNOT_END


def _may_break_before(units: list[Any], b: int) -> bool:
    before, after = units[b - 1], units[b]
    if after in CANNOT_START or before in CANNOT_END:
        return False
    return not (_latin(before) and _latin(after))


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):  # a percentage width (inline image): relative to the line
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


def split_lines(frags: list[Any], maxWidths: list[float], calcBounds: bool,  # noqa: N803 - reportlab's names
                encoding: str = "utf8") -> Any:
    """Break ``frags`` into lines of at most ``maxWidths[n]`` points (same contract as reportlab's)."""
    units: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(_paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(_paragraph.cjkU(text, f, encoding))
    lines: list[Any] = []
    max_width = maxWidths[0]

    def emit(start: int, end: int, line_break: bool) -> None:
        nonlocal max_width
        used = sum(_width(u, max_width) for u in units[start:end])
        lines.append(_paragraph.makeCJKParaLine(units[start:end], max_width, used, max_width - used, line_break,
                                                calcBounds))
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]

    start = i = 0
    used = 0.0
    n = len(units)
    while i < n:
        u = units[i]
        if hasattr(u.frag, "lineBreak"):  # <br/>: the line ends here, whatever its width
            emit(start, i + 1, True)
            start = i = i + 1
            used = 0.0
            continue
        w = _width(u, max_width)
        if used + w <= max_width + _FUZZ or i == start:
            used += w
            i += 1
            continue
        # units[i] does not fit: choose where this line ends.
        if u in CANNOT_START and (i + 1 == n or _may_break_before(units, i + 1)):
            end = i + 1  # hang one closing mark in the margin, as a typesetter would
        else:
            end = next((b for b in range(i, start, -1) if _may_break_before(units, b)), i)
        emit(start, end, False)
        start = i = end
        used = 0.0
    if start < n:
        emit(start, n, False)
    return _paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Make reportlab break CJK paragraphs with :func:`split_lines` (idempotent)."""
    _paragraph.cjkFragSplit = split_lines
