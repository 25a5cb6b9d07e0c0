"""Page machinery shared by every template: styles, page numbers, the reprint banner, A4 and slip builds.

Page numbers read "第 1 页 / 共 2 页", so a citizen holding loose sheets knows none is missing;
the total is only known after layout, so pages are kept until the end and numbered on save.
Output is built with reportlab's ``invariant`` mode: the same document gives the same bytes,
which is what ``printed_document.pdf_sha256`` records.
"""
from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from printing.documents import Reprint
from printing.fonts import FontChoice, draw_text, mixed_markup
from printing.paragraphs import CachedParagraph
from printing.text import local_time

SLIP_WIDTH = 80 * mm
SLIP_MARGIN = 4 * mm  # 80 mm paper has a ~72 mm printable line
A4_MARGIN = 18 * mm
FRAME_PADDING = 6  # points: reportlab's default frame padding on every side
RED = colors.Color(0.78, 0.05, 0.05)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one font and paper; CJK word wrap everywhere so long names never clip."""

    font: FontChoice
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    title: ParagraphStyle
    hall: ParagraphStyle
    right: ParagraphStyle
    centered: ParagraphStyle

    def para(self, markup: str, style: ParagraphStyle | None = None) -> CachedParagraph:
        """A paragraph whose Latin runs are switched to the Latin font (the CJK font has none)."""
        return CachedParagraph(mixed_markup(markup, self.font), style or self.body)


@functools.cache
def styles_for(font: FontChoice, slip: bool = False) -> Styles:
    size = 8.5 if slip else 10.5
    base = ParagraphStyle("body", fontName=font.name, fontSize=size, leading=size * 1.45, wordWrap="CJK")
    return Styles(
        font=font,
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=size - 1.5, leading=(size - 1.5) * 1.4),
        cell=ParagraphStyle("cell", parent=base, fontSize=size - 1, leading=(size - 1) * 1.35),
        cell_head=ParagraphStyle("cell_head", parent=base, fontSize=size - 1, leading=(size - 1) * 1.35,
                                 alignment=TA_CENTER),
        title=ParagraphStyle("title", parent=base, fontSize=size + (4 if slip else 7.5),
                             leading=(size + (4 if slip else 7.5)) * 1.3, alignment=TA_CENTER,
                             spaceBefore=2 * mm, spaceAfter=3 * mm),
        hall=ParagraphStyle("hall", parent=base, fontSize=size + (1.5 if slip else 3),
                            leading=(size + (1.5 if slip else 3)) * 1.3, alignment=TA_CENTER),
        right=ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        centered=ParagraphStyle("centered", parent=base, alignment=TA_CENTER),
    )


@dataclass
class PageInfo:
    """What the footer and banner print on every page."""

    font: FontChoice
    title: str
    document_no: str
    reprint: Reprint | None
    slip: bool = False
    pages: int = field(default=0)


class _NumberedCanvas(rl_canvas.Canvas):
    """Holds pages back until ``save`` so each can say how many there are in all."""

    def __init__(self, *args, info: PageInfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._info = info
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        self._info.pages = total
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            _decorate(self, self._info, number, total)
            super().showPage()
        super().save()


def _decorate(c: rl_canvas.Canvas, info: PageInfo, number: int, total: int) -> None:
    width, height = c._pagesize
    margin = SLIP_MARGIN if info.slip else A4_MARGIN
    size = 7 if info.slip else 8.5
    c.saveState()
    c.setFillColor(colors.black)
    if not info.slip:
        footer_y = 10 * mm
        draw_text(c, margin, footer_y, f"{info.title}  编号：{info.document_no}", size, info.font)
        draw_text(c, width - margin, footer_y, f"第 {number} 页 / 共 {total} 页", size, info.font, "right")
    if info.reprint is not None:
        stamp = f"补打（原打印时间：{local_time(info.reprint.original_printed_at)}）"
        top = height - (3.5 * mm if info.slip else 9 * mm)
        c.setFillColor(RED)
        big = size + (1 if info.slip else 1.5)
        if info.slip:
            draw_text(c, width / 2, top, stamp, big, info.font, "centre")
        else:
            draw_text(c, width - margin, top, stamp, big, info.font, "right")
    c.restoreState()


def build_a4(story: Sequence[Flowable], info: PageInfo) -> bytes:
    """Lay out ``story`` on A4 with margins that leave room for the banner and the page footer."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=A4_MARGIN, rightMargin=A4_MARGIN,
                            topMargin=14 * mm, bottomMargin=16 * mm, title=info.title,
                            author="OneWindow", invariant=1)
    doc.build(list(story), canvasmaker=functools.partial(_NumberedCanvas, info=info))
    return buffer.getvalue()


def build_slip(story: Sequence[Flowable], info: PageInfo) -> bytes:
    """One 80 mm page exactly as long as its content: thermal paper is a roll, not sheets."""
    width = SLIP_WIDTH - 2 * SLIP_MARGIN - 2 * FRAME_PADDING
    top = 7 * mm if info.reprint else SLIP_MARGIN
    content = sum(_height(f, width) for f in story)
    # Frame padding above and below, plus slack for rounding: the cutter needs a tail anyway.
    height = content + top + SLIP_MARGIN + 2 * FRAME_PADDING + 6 * mm
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(SLIP_WIDTH, height), leftMargin=SLIP_MARGIN,
                            rightMargin=SLIP_MARGIN, topMargin=top, bottomMargin=SLIP_MARGIN,
                            title=info.title, author="OneWindow", invariant=1)
    doc.build(list(story), canvasmaker=functools.partial(_NumberedCanvas, info=info))
    return buffer.getvalue()


def _height(flowable: Flowable, width: float) -> float:
    _, h = flowable.wrap(width, 100_000)
    return h + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def page_info(font: FontChoice, title: str, document_no: str, reprint: Reprint | None, *,
              slip: bool = False) -> PageInfo:
    return PageInfo(font=font, title=title, document_no=document_no, reprint=reprint, slip=slip)
