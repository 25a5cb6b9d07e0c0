"""One entry point: a document value and a kind in, PDF bytes (plus messages for the clerk) out.

Templates never fail on cosmetic trouble (a logo that cannot be read, the bundled font missing):
they print without it and say so in ``RenderedDocument.warnings``. A document that does not
fit the kind asked for is a programming error and raises ``TypeError``.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from printing.blocks import Warnings
from printing.documents import DOCUMENT_TYPES, Document, DocumentKind, RenderedDocument
from printing.fonts import cjk_font
from printing.handover import handover_story
from printing.layout import build_a4, build_slip, page_info, styles_for
from printing.notices import rejection_story, supplement_story
from printing.receipt import a4_story, slip_story
from printing.undertaking import materials_story, undertaking_story

_STORIES: dict[DocumentKind, Callable] = {
    DocumentKind.RECEIPT: a4_story,
    DocumentKind.RECEIPT_SLIP: slip_story,
    DocumentKind.SUPPLEMENT_NOTICE: supplement_story,
    DocumentKind.REJECTION_NOTICE: rejection_story,
    DocumentKind.DEFERRAL_UNDERTAKING: undertaking_story,
    DocumentKind.MATERIALS_RECEIPT: materials_story,
    DocumentKind.HANDOVER_RECEIPT: handover_story,
}


def render(document: Document, kind: DocumentKind | str, *, font_path: Path | None = None) -> RenderedDocument:
    """Render ``document`` as ``kind`` (A4, or the 80 mm slip for ``receipt-slip``)."""
    kind = DocumentKind(kind)
    expected = DOCUMENT_TYPES[kind]
    if not isinstance(document, expected):
        raise TypeError(f"{kind.value} needs a {expected.__name__}, got {type(document).__name__}")
    warnings = Warnings()
    font = cjk_font(font_path)
    if font.warning:
        warnings.append(font.warning)
    styles = styles_for(font, slip=kind.thermal)
    story = _STORIES[kind](document, kind.title, styles, warnings)
    info = page_info(font, kind.title, document.case.document_no, document.reprint, slip=kind.thermal)
    pdf = (build_slip if kind.thermal else build_a4)(story, info)
    return RenderedDocument(kind=kind, pdf=pdf, pages=info.pages, warnings=tuple(warnings))
