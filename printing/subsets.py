"""Font subsets built (and compressed) once per set of characters, not once per render.

Reportlab embeds, for every document, a subset of each TrueType font holding the glyphs that
document used: it cuts the subset out of the 4 MB CJK font (copying the glyph table to do so)
and deflates it, and writes, per subset, a font object with the width of each of its (up to
256) glyphs and a deflated ToUnicode map (what lets a reader copy or search the text). All of
these are pure functions of the characters in the subset, in order, so a paper rendered
again — the preview and then the print, the A4 receipt and then a reprint — or any paper using
the same characters in the same order reuses them. Which characters a subset holds is still
decided per document by reportlab, so the bytes are exactly what they were.
"""
from __future__ import annotations

import functools
import zlib

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

SUBSETS_KEPT = 64  # a subset is 10-40 KB raw, less deflated


class _CachedFlate:
    """Reportlab's Flate filter, remembering the compressed form of a font subset."""

    pdfname = pdfdoc.PDFZCompress.pdfname

    def encode(self, data: bytes | str) -> bytes:
        return _deflated(data.encode("utf8") if isinstance(data, str) else bytes(data))

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


@functools.lru_cache(maxsize=4 * SUBSETS_KEPT)  # font files and ToUnicode maps
def _deflated(data: bytes) -> bytes:
    return zlib.compress(data)


_CACHED_FLATE = _CachedFlate()


class SubsetCachingFace(TTFontFace):
    """A font face whose subsets (and their compressed streams) are kept between documents."""

    @functools.lru_cache(maxsize=SUBSETS_KEPT)  # noqa: B019 (faces live as long as the process)
    def _subset(self, codes: tuple[int, ...]) -> bytes:
        return super().makeSubset(list(codes))

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 (reportlab API)
        return self._subset(tuple(subset))

    def addSubsetObjects(self, doc, fontname: str, subset: list[int]):  # noqa: N802 (reportlab API)
        reference = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_CACHED_FLATE]
        return reference


@functools.lru_cache(maxsize=4 * SUBSETS_KEPT)
def _widths_array(widths: tuple[float, ...]) -> bytes:
    """A subset's /Widths array exactly as reportlab formats it (numbers only: no document state)."""
    return pdfdoc.PDFArray(list(widths)).format(None)


class SubsetCachingFont(TTFont):
    """A TrueType font whose per-subset font objects reuse their formatted widths and deflated
    ToUnicode maps (reportlab builds both again for every document otherwise)."""

    def addObjects(self, doc) -> None:  # noqa: N802 (reportlab API)
        state = self.state.get(doc)
        names = ([self.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))]
                 if state is not None else [])
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name in names:
            pdf_font = fonts.get(name)
            if pdf_font is None:
                continue
            widths = pdf_font.Widths
            if isinstance(widths, pdfdoc.PDFArray):
                pdf_font.Widths = _widths_array(tuple(widths.sequence))
            cmap = doc.idToObject.get(f"toUnicodeCMap:{pdf_font.BaseFont}")
            if cmap is not None and cmap.filters == [pdfdoc.PDFZCompress]:
                cmap.filters = [_CACHED_FLATE]


def caching_subsets(font: TTFont) -> TTFont:
    """``font`` with its subsets and their font objects kept between documents (output unchanged)."""
    if type(font.face) is TTFontFace:
        font.face.__class__ = SubsetCachingFace
    if type(font) is TTFont:
        font.__class__ = SubsetCachingFont
    return font
