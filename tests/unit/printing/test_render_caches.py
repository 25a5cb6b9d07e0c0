"""What papers keep between renders (parsed paragraphs, line breaks, QR codes, font subsets)
changes how fast they print, never a byte of what they print."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import segno
from reportlab.platypus import Paragraph

from printing import drawn, layout, paragraphs
from printing.blocks import qr_operators
from printing.documents import DocumentKind, IssueInfo
from printing.fonts import cjk_font
from printing.render import render
from tests.unit.printing import samples

ISSUE = IssueInfo(issuing_body="示例市水务局", issued_on=dt.date(2026, 11, 25),
                  legal_basis="《中华人民共和国行政许可法》第三十二条", consequence="逾期未补交的，将依规定终止办理。",
                  verify_code="a1b2c3d4e5", verify_payload="OW1|5f0c9a8e|示例水许受〔2026〕7号|a1b2c3d4e5")

PAPERS = [
    (samples.receipt(), DocumentKind.RECEIPT),
    (dataclasses.replace(samples.receipt(n_materials=30), issue=ISSUE, reprint=samples.REPRINT), DocumentKind.RECEIPT),
    (dataclasses.replace(samples.receipt(), issue=ISSUE), DocumentKind.RECEIPT_SLIP),
    (dataclasses.replace(samples.supplement(), issue=ISSUE), DocumentKind.SUPPLEMENT_NOTICE),
    (samples.rejection(), DocumentKind.REJECTION_NOTICE),
    (dataclasses.replace(samples.undertaking(), issue=ISSUE), DocumentKind.DEFERRAL_UNDERTAKING),
    (samples.materials_receipt(), DocumentKind.MATERIALS_RECEIPT),
]


@pytest.mark.parametrize(("document", "kind"), PAPERS, ids=[kind.value for _, kind in PAPERS])
def test_a_paper_is_the_same_bytes_with_cached_paragraphs_as_with_plain_ones(document, kind, monkeypatch):
    paragraphs.clear()
    cold = render(document, kind).pdf
    warm = render(document, kind).pdf  # everything now comes from the caches
    monkeypatch.setattr(layout, "CachedParagraph", Paragraph)
    plain = render(document, kind).pdf
    assert cold == warm == plain


def test_a_paper_rendered_among_others_is_unchanged_by_what_they_left_in_the_caches():
    paragraphs.clear()
    alone = render(samples.receipt(n_materials=12), DocumentKind.RECEIPT).pdf
    for document, kind in PAPERS:
        render(document, kind)
    assert render(samples.receipt(n_materials=12), DocumentKind.RECEIPT).pdf == alone


def _filled_modules(ops: str, size: float, modules: int) -> set[tuple[int, int]]:
    cell = size / modules
    dark = set()
    for x, y, w, h in re.findall(r"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f\*", ops):
        row = round((size - float(y)) / cell) - 1
        first, width = round(float(x) / cell), round(float(w) / cell)
        assert round(float(h) / cell) == 1
        dark |= {(row, col) for col in range(first, first + width)}
    return dark


def test_the_qr_code_fills_exactly_its_dark_modules_inside_a_quiet_zone():
    data = "https://zwfw.example.gov.cn/query?no=W03-20261125-0007"
    matrix = segno.make(data, error="m", micro=False).matrix
    size = 24 * 72 / 25.4
    border = 2
    dark = _filled_modules(qr_operators(data, size), size, len(matrix) + 2 * border)
    expected = {(r + border, c + border) for r, row in enumerate(matrix) for c, v in enumerate(row) if v}
    assert dark == expected


def test_a_font_subset_is_cut_once_for_the_same_characters():
    face = cjk_font().name
    from reportlab.pdfbase import pdfmetrics

    subsets = pdfmetrics.getFont(face).face._subset
    render(samples.supplement(), DocumentKind.SUPPLEMENT_NOTICE)
    before = subsets.cache_info()
    render(samples.supplement(), DocumentKind.SUPPLEMENT_NOTICE)
    after = subsets.cache_info()
    assert after.misses == before.misses and after.hits > before.hits


def test_a_cached_paragraph_breaks_its_lines_for_the_width_it_is_given():
    styles = layout.styles_for(cjk_font())
    markup = samples.LONG_MATTER
    for width in (120, 300, 120, 480):
        cached = paragraphs.CachedParagraph(markup, styles.body)
        plain = Paragraph(markup, styles.body)
        assert cached.wrap(width, 1000) == plain.wrap(width, 1000)
        assert len(cached.blPara.lines) == len(plain.blPara.lines) > 1


def _pdf_of(flowables, paragraph_class) -> bytes:
    import io

    from reportlab.platypus import SimpleDocTemplate

    out = io.BytesIO()
    SimpleDocTemplate(out, invariant=1).build([paragraph_class(markup, style) for markup, style in flowables])
    return out.getvalue()


def test_a_drawn_paragraph_is_encoded_for_each_document_it_is_drawn_into():
    """The same paragraph after different text: its characters get other codes in the font subsets
    (and the Latin run another subset), and the replayed drawing must use this document's codes."""
    paragraphs.clear()
    styles = layout.styles_for(cjk_font())
    para = (layout.mixed_markup(f"受理编号 W03-20261125-0007，{samples.LONG_MATTER}", styles.font), styles.body)
    before = [(layout.mixed_markup(text, styles.font), styles.small)
              for text in ("示例市政务服务中心 Example", "申请人：张三丰（代理人：李四）")]
    for story in ([para], [*before, para], [para, *before], [before[1], para, before[0], para]):
        assert _pdf_of(story, paragraphs.CachedParagraph) == _pdf_of(story, Paragraph)
    assert len(drawn._drawn) == 3  # drawn once each, then replayed from the templates


def test_a_kept_table_is_replayed_for_each_document_and_split_over_pages_as_reportlab_does(monkeypatch):
    """The materials table after other text (its characters get other codes), and long enough
    to continue on a second page with its header row repeated, prints as reportlab's own."""
    from printing import blocks

    paragraphs.clear()
    papers = [(samples.receipt(n_materials=30), DocumentKind.RECEIPT),
              (samples.receipt(n_materials=12, document_no="W03-20261125-0099"), DocumentKind.RECEIPT),
              (samples.materials_receipt(n_materials=30), DocumentKind.MATERIALS_RECEIPT),
              (samples.receipt(n_materials=30), DocumentKind.RECEIPT)]
    kept = [render(document, kind).pdf for document, kind in papers]
    assert any(len(key) == 11 for key in drawn._drawn._items)  # tables were kept, and replayed above
    monkeypatch.setattr(blocks, "CachedTable", blocks.Table)
    monkeypatch.setattr(layout, "CachedParagraph", Paragraph)
    assert kept == [render(document, kind).pdf for document, kind in papers]
