"""The supervisor's report as an A4-landscape PDF: tiles, two charts, the breakdown tables.

Every page carries the hall, the period, who generated it and when (Beijing time) and
"第 x 页 / 共 y 页" — a printed report is filed and must say what it is on its own.
No database access here: it renders a :class:`desktop.domain.reports.Report`.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.domain.reports import Report, format_duration, format_rate, utc_to_local
from printing.fonts import FontChoice, cjk_font, draw_text, font_runs, mixed_markup
from printing.report_charts import hour_chart, matter_chart
from printing.report_sections import TOTAL_LABEL, Section, sections

PAGE = landscape(A4)
MARGIN = 14 * mm
HEAD = colors.HexColor("#DDE7F3")
LINE = colors.HexColor("#9AA8BC")
TILE_BG = colors.HexColor("#F3F6FA")


def _styles(font: str) -> dict[str, ParagraphStyle]:
    """Paragraph styles in the CJK font; Latin runs switch font inside the markup (see ``_p``)."""
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=24, spaceAfter=2),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=10, leading=14, textColor=colors.HexColor("#444444")),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
        "tile_n": ParagraphStyle("tile_n", fontName=font, fontSize=16, leading=20, alignment=1),
        "tile_l": ParagraphStyle("tile_l", fontName=font, fontSize=8, leading=10, alignment=1,
                                 textColor=colors.HexColor("#555555")),
        "empty": ParagraphStyle("empty", fontName=font, fontSize=12, leading=16, textColor=colors.HexColor("#A33")),
    }


def _p(text: object, style: ParagraphStyle, font: FontChoice) -> Paragraph:
    return Paragraph(mixed_markup(escape(str(text)), font), style)


class Cell(Flowable):
    """One line of table text in mixed fonts, cut with '…' to its column.

    A table of a busy day has a thousand cells; a Paragraph per cell (markup parsing, line
    breaking) made the PDF several times slower than this direct drawing.
    """

    def __init__(self, text: object, font: FontChoice, size: float = 8, align: str = "left") -> None:
        super().__init__()
        self.text, self.font, self.size, self.align = str(text), font, size, align
        self._width = 0.0

    def _measure(self, text: str) -> float:
        return _text_width(text, self.font, self.size)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self.size * 1.3

    def draw(self) -> None:
        text = self.text
        if self._measure(text) > self._width:
            while text and self._measure(text + "…") > self._width:
                text = text[:-1]
            text += "…"
        x = self._width if self.align == "right" else 0
        draw_text(self.canv, x, self.size * 0.25, text, self.size, self.font, self.align)


def _tiles(report: Report, st: dict[str, ParagraphStyle], font: FontChoice) -> Table:
    tiles = [(TOTAL_LABEL, report.total)] + [(label, n) for _, label, n in report.totals.items()] + [
        ("补正率", format_rate(report.supplement_rate)), ("时长中位数", format_duration(report.median_seconds)),
        ("时长 90% 分位", format_duration(report.p90_seconds)), ("已超期", report.overdue_count),
        (f"{report.due_soon_days}个工作日内到期", report.due_soon_count),
        ("待上报 / 被退回", f"{report.sync.app_pending} / {report.sync.app_parked}"),
    ]
    cells = [[_p(v, st["tile_n"], font), _p(label, st["tile_l"], font)] for label, v in tiles]
    per_row = 7
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    width = (PAGE[0] - 2 * MARGIN) / per_row
    table = Table([[c for c in row] for row in rows], colWidths=[width] * per_row)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), TILE_BG), ("BOX", (0, 0), (-1, -1), 0.5, LINE),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.white), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def _section_table(section: Section, st: dict[str, ParagraphStyle], font: FontChoice) -> Table:
    body = section.rows or [["（无）"] + [""] * (len(section.header) - 1)]
    data = [[Cell(h, font) for h in section.header]]
    data += [[Cell(v, font, align="right" if isinstance(v, int) else "left") for v in row] for row in body]
    widths = [_column_width(section, i, font) for i in range(len(section.header))]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEAD), ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _text_width(text: object, font: FontChoice, size: float = 8) -> float:
    return sum(stringWidth(run, name, size) for name, run in font_runs(str(text), font))


def _column_width(section: Section, col: int, font: FontChoice) -> float:
    """Wide enough for the longest value (measured in the fonts that will draw it), within limits."""
    values = [section.header[col]] + [row[col] for row in section.rows]
    longest = max(_text_width(v, font) for v in values)
    return min(90 * mm, max(12 * mm, longest + 14))


def _numbered_canvas(report: Report, font: FontChoice):
    footer = (f"{report.hall_name}  业务报表 {report.period.label()}  窗口：{report.window_label}    "
              f"生成时间：{report.generated_at_local:%Y-%m-%d %H:%M}（北京时间）  生成人：{report.generated_by}")

    class NumberedCanvas(pdfcanvas.Canvas):
        """Defers each page until the end so the footer can say 共 y 页."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFillColor(colors.HexColor("#555555"))
                draw_text(self, MARGIN, 8 * mm, footer, 8, font)
                draw_text(self, PAGE[0] - MARGIN, 8 * mm, f"第 {number} 页 / 共 {total} 页", 8, font, "right")
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(report: Report) -> bytes:
    font = cjk_font()
    st = _styles(font.name)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                            bottomMargin=16 * mm, title=f"业务报表 {report.period.label()}",
                            author=report.generated_by, subject=report.window_label)
    story: list = [
        _p(f"{report.hall_name} 业务{'日' if report.period.is_single_day else ''}报表", st["title"], font),
        _p(f"报表期间：{report.period.label()}（北京时间）　窗口：{report.window_label}　"
           f"超期统计截至：{report.as_of.isoformat()}", st["sub"], font),
        Spacer(1, 4 * mm),
    ]
    if report.is_empty:
        story += [_p("本期间没有办件。以下为空报表，超期与上报状态仍按当前数据统计。", st["empty"], font),
                  Spacer(1, 3 * mm)]
    story += [_tiles(report, st, font), Spacer(1, 4 * mm)]
    half = (PAGE[0] - 2 * MARGIN) / 2
    charts = Table([[hour_chart(report, font, half - 6, 190), matter_chart(report, font, half - 6, 190)]],
                   colWidths=[half, half])
    charts.setStyle(TableStyle([("BOX", (0, 0), (0, 0), 0.4, LINE), ("BOX", (1, 0), (1, 0), 0.4, LINE)]))
    story.append(charts)
    for section in sections(report):
        if section.key in ("summary", "by_hour"):
            continue
        story.append(KeepTogether([_p(section.title, st["h2"], font), _section_table(section, st, font)])
                     if len(section.rows) < 25 else _p(section.title, st["h2"], font))
        if len(section.rows) >= 25:
            story.append(_section_table(section, st, font))
    sync = report.sync
    story += [_p("上报状态（生成时快照）", st["h2"], font), _section_table(Section(
        "sync", "", ["未进入上报队列", "待上报", "被退回", "待发送记录", "发送中", "被退回记录", "最早待发送"],
        [[sync.app_local, sync.app_pending, sync.app_parked, sync.outbox_pending,
          sync.outbox_sending, sync.outbox_parked,
          f"{utc_to_local(sync.oldest_pending_at):%Y-%m-%d %H:%M}" if sync.oldest_pending_at else "—"]]), st, font)]
    doc.build(story, canvasmaker=_numbered_canvas(report, font))
    return out.getvalue()
