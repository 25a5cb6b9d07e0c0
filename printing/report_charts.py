"""Vector bar charts for the report PDF (reportlab.graphics): intake by hour and by matter.

Drawn as reportlab Drawings so they print sharp at any size and embed the same CJK font as
the tables.
"""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.domain.reports import Report
from printing.fonts import FontChoice, font_runs

BAR = colors.HexColor("#2F6DB5")
GRID = colors.HexColor("#D0D7E2")
MATTERS_SHOWN = 8


def _nice_max(value: int) -> int:
    """An axis top a little above the data, on a round step, and at least 1 (empty days)."""
    if value <= 5:
        return max(1, value + 1)
    step = 10 ** (len(str(value)) - 1)
    step = step // 2 if value / step < 3 else step
    return (value // step + 1) * step


def mixed_string(d: Drawing, x: float, y: float, text: str, size: float, font: FontChoice, anchor: str = "start",
                 color=colors.black) -> None:
    """Add ``text`` as one String per font run (CJK font lacks Latin glyphs), anchored like a String."""
    runs = font_runs(text, font)
    width = sum(stringWidth(run, name, size) for name, run in runs)
    x -= {"start": 0, "end": width, "middle": width / 2}[anchor]
    for name, run in runs:
        d.add(String(x, y, run, fontName=name, fontSize=size, fillColor=color))
        x += stringWidth(run, name, size)


def _title(d: Drawing, text: str, font: FontChoice, width: float, height: float) -> None:
    mixed_string(d, width / 2, height - 14, text, 11, font, "middle")


def _empty(d: Drawing, font: FontChoice, width: float, height: float) -> None:
    mixed_string(d, width / 2, height / 2, "本期无办件", 10, font, "middle", colors.grey)


def _axis_fonts(chart, font: FontChoice) -> None:
    latin = font.latin or font.name  # axis numbers and hours are digits: the Latin companion draws them
    chart.categoryAxis.labels.fontName = latin
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = latin
    chart.valueAxis.labels.fontSize = 7
    chart.barLabels.fontName = latin
    chart.barLabels.fontSize = 6


def hour_chart(report: Report, font: FontChoice, width: float = 380, height: float = 200) -> Drawing:
    """Applications by local hour; shows 07-19 (hall hours) plus any hour that has data."""
    d = Drawing(width, height)
    _title(d, "按受理时段（北京时间）", font, width, height)
    hours = [h for h in range(24) if 7 <= h <= 19 or report.by_hour[h]]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 28, width - 50, height - 58
    chart.data = [[report.by_hour[h] for h in hours]]
    chart.categoryAxis.categoryNames = [f"{h:02d}" for h in hours]
    _axis_fonts(chart, font)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max(report.by_hour))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""
    chart.barLabels.nudge = 6
    d.add(chart)
    if report.is_empty:
        _empty(d, font, width, height)
    return d


def matter_chart(report: Report, font: FontChoice, width: float = 380, height: float = 200) -> Drawing:
    """The busiest matters (top eight), longest bar on top."""
    d = Drawing(width, height)
    _title(d, f"按事项（前 {MATTERS_SHOWN} 项）", font, width, height)
    top = list(report.by_matter[:MATTERS_SHOWN])
    if not top:
        _empty(d, font, width, height)
        return d
    top.reverse()  # reportlab draws the first category at the bottom
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 130, 20, width - 150, height - 48
    chart.data = [[g.counts.total for g in top]]
    chart.categoryAxis.categoryNames = ["" for _ in top]  # drawn below in mixed fonts
    _axis_fonts(chart, font)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max(g.counts.total for g in top))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    step = chart.height / len(top)
    for i, g in enumerate(top):
        mixed_string(d, chart.x - 4, chart.y + (i + 0.5) * step - 2.5, _short(g.label, 14), 7, font, "end")
    return d


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
