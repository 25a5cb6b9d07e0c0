"""QtCharts bar charts for the Reports screen: intake by hour and by matter; a bar click drills down."""
from __future__ import annotations

from desktop.domain.reports import Drill, Report
from ui.qt import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QColor,
    QCoreApplication,
    QHorizontalBarSeries,
    QPainter,
    Qt,
    QValueAxis,
    Signal,
)

BAR = QColor("#2F6DB5")
MATTERS_SHOWN = 5  # the rows that fit the chart's ~120 px at 1280×720 with every label readable
LABEL_CHARS = 8  # what fits beside a bar at 1280×720 without Qt eliding the whole label to "..."


def matter_labels(names: list[str]) -> list[str]:
    """Short, numbered axis labels, busiest first: "1. 国有建设用地使…" (the table below lists them in full).

    Numbered so that two matters whose names start alike stay two labels: Qt's category axis drops
    a repeated category, which left bars without a label, or with the label of another matter.
    """
    return [f"{rank}. {name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + '…'}"
            for rank, name in enumerate(names, start=1)]


def _axis_top(value: int) -> int:
    return max(1, value + max(1, value // 8))


class ReportChart(QChartView):
    """One bar chart; ``drill`` is emitted with the drill-down of the clicked bar."""

    drill = Signal(object)

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self._drills: list[Drill] = []

    def _reset(self) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _clicked(self, index: int) -> None:
        if 0 <= index < len(self._drills):
            self.drill.emit(self._drills[index])

    def bar_values(self) -> list[int]:
        series = self.chart().series()
        if not series:
            return []
        bar_set = series[0].barSets()[0]
        return [int(bar_set.at(i)) for i in range(bar_set.count())]


def _counting_axis(axis, highest: int) -> None:
    """An axis of whole applications: integer ticks only (a day with 2 cases read "0 0 1 1 2" before)."""
    top = _axis_top(highest)
    axis.setRange(0, top)
    axis.applyNiceNumbers()
    top = int(axis.max())
    if top <= 10:
        axis.setTickCount(top + 1)  # one tick per application: every label is a distinct whole number
    axis.setLabelFormat("%d")


class HourChart(ReportChart):
    """Applications by local hour of the first draft; hall hours 07–19 plus any hour with data."""

    def show_report(self, report: Report) -> None:
        chart = self._reset()
        hours = [h for h in range(24) if 7 <= h <= 19 or report.by_hour[h]]
        bars = QBarSet(QCoreApplication.translate("ReportCharts", "Applications"))
        bars.setColor(BAR)
        bars.append([float(report.by_hour[h]) for h in hours])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        bars.clicked.connect(self._clicked)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([f"{h:02d}" for h in hours])
        y = QValueAxis()
        _counting_axis(y, max(report.by_hour))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self._drills = [Drill("hour", str(h)) for h in hours]


class MatterChart(ReportChart):
    """The busiest matters, longest bar on top."""

    def show_report(self, report: Report) -> None:
        chart = self._reset()
        busiest = list(report.by_matter[:MATTERS_SHOWN])
        labels = matter_labels([g.label for g in busiest])[::-1]
        top = busiest[::-1]  # Qt draws the first category at the bottom
        bars = QBarSet(QCoreApplication.translate("ReportCharts", "Applications"))
        bars.setColor(BAR)
        bars.append([float(g.counts.total) for g in top])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        bars.clicked.connect(self._clicked)
        chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append(labels or [""])
        x = QValueAxis()
        _counting_axis(x, max((g.counts.total for g in top), default=0))
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        series.attachAxis(y)
        self._drills = [Drill("matter", g.key) for g in top]
