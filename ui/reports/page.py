"""Reports (supervisors and admins): pick a day or a range and a window, read the numbers, drill
down, export.

The numbers come from the same :class:`ReportService` the `onewindow report` CLI uses, computed
off the UI thread (``ui/operations/reports.py``); exports write the report shown on screen, so
the file and the screen agree.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.domain.reports import (
    BUCKETS,
    Drill,
    Report,
    ReportPeriod,
    format_duration,
    format_rate,
)
from ui.composition import Workspace
from ui.messages import show_error, show_info
from ui.operations.reports import BuildReport, DrillDown, ExportReport, ReportWindows
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QModelIndex,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from ui.reports.charts import MATTERS_SHOWN, HourChart, MatterChart
from ui.reports.drilldown import DrillDownDialog
from ui.reports.models import DueModel, GroupModel
from ui.tables import read_only_rows

TILE_STYLE = ("QPushButton { background: #F3F6FA; border: 1px solid #C9D3E0; border-radius: 6px; padding: 6px;"
              " font-size: 13px; color: #1F2D3D; } QPushButton:hover { border-color: #2F6DB5; }"
              " QPushButton:disabled { color: #1F2D3D; }")
EXPORT_FILTERS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)", "csv": "CSV (*.csv)"}


class ReportsPage(QWidget):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        ws.user.require("supervisor", "查看业务报表")  # i18n: data (part of the core's Chinese refusal)  # the page is hidden from clerks; refuse anyway
        self.setObjectName("reportsPage")
        self.ws, self.user, self.ops = ws, ws.user, ws.ops
        self.report: Report | None = None
        self.choose_path = self._ask_path  # tests replace this to skip the file dialog
        self._build_controls()
        self._build_tiles()
        self._build_body()
        layout = QVBoxLayout(self)
        layout.addLayout(self.controls)
        layout.addWidget(self.caption)
        layout.addWidget(self.coverage)
        layout.addLayout(self.tiles)
        layout.addWidget(self.splitter, 1)
        self.ops.run(ReportWindows(), owner=self, on_done=self._set_windows)
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _build_controls(self) -> None:
        today = self.ws.today()
        self.date_from = self._date_edit("reportFrom", today)
        self.date_to = self._date_edit("reportTo", today)
        self.window_box = QComboBox()
        self.window_box.setObjectName("reportWindow")
        self.window_box.addItem(self.tr("All windows"), None)
        self.generate = QPushButton(self.tr("Show report"))
        self.generate.setObjectName("reportGenerate")
        self.generate.setDefault(True)
        self.generate.clicked.connect(self.refresh)
        today_button = QPushButton(self.tr("Today"))
        today_button.setObjectName("reportToday")
        today_button.clicked.connect(self._today)
        self.full_export = QCheckBox(self.tr("Full export (unmasked, recorded in the audit log)"))
        self.full_export.setObjectName("reportFullExport")
        self.full_export.setVisible(self.user.has_role("admin"))
        self.export_buttons = {}
        # Two rows: what to show, then what to export — one row is wider than a 1280-pixel screen in English.
        choose, export = QHBoxLayout(), QHBoxLayout()
        for widget in (QLabel(self.tr("From")), self.date_from, QLabel(self.tr("to")), self.date_to, today_button,
                       QLabel(self.tr("Window")), self.window_box, self.generate):
            choose.addWidget(widget)
        choose.addStretch(1)
        for fmt, label, key in (("pdf", self.tr("Export PDF (Ctrl+P)"), "Ctrl+P"),
                                ("xlsx", self.tr("Export Excel (Ctrl+E)"), "Ctrl+E"),
                                ("csv", self.tr("Export CSV (Ctrl+T)"), "Ctrl+T")):
            button = QPushButton(label)
            button.setObjectName(f"reportExport_{fmt}")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
            shortcut = QShortcut(QKeySequence(key), self, activated=button.click)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.export_buttons[fmt] = button
            export.addWidget(button)
        export.addWidget(self.full_export)
        export.addStretch(1)
        self.controls = QVBoxLayout()
        self.controls.addLayout(choose)
        self.controls.addLayout(export)
        self.caption = QLabel()
        self.caption.setObjectName("reportCaption")
        self.coverage = QLabel()  # the hall report: how fresh each window is, and whether it is partial
        self.coverage.setObjectName("reportCoverage")
        self.coverage.setWordWrap(True)
        self.coverage.hide()

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _build_tiles(self) -> None:
        self.tiles = QGridLayout()
        self.tile_buttons: dict[str, QPushButton] = {}
        specs = [("total", Drill("all"))] + [(b, Drill("bucket", b)) for b in BUCKETS] + [
            ("immediate", Drill("immediate")), ("supplement_rate", Drill("supplemented")), ("median", None),
            ("p90", None), ("overdue", Drill("overdue")), ("due_soon", Drill("due_soon")),
            ("sync", Drill("sync", "pending"))]
        for i, (key, drill) in enumerate(specs):
            button = QPushButton("—")
            button.setObjectName(f"tile_{key}")
            button.setStyleSheet(TILE_STYLE)
            button.setMinimumHeight(54)
            button.setEnabled(drill is not None)
            if drill is not None:
                button.clicked.connect(lambda _=False, d=drill: self.drill_down(d))
            self.tile_buttons[key] = button
            self.tiles.addWidget(button, i // 7, i % 7)

    def _build_body(self) -> None:
        self.hour_chart = HourChart(self.tr("Intake by hour (Beijing time)"))
        self.hour_chart.setObjectName("hourChart")
        self.matter_chart = MatterChart(self.tr("Intake by matter (top %1)").replace("%1", str(MATTERS_SHOWN)))
        self.matter_chart.setObjectName("matterChart")
        for chart in (self.hour_chart, self.matter_chart):
            chart.drill.connect(self.drill_down)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.hour_chart)
        charts.addWidget(self.matter_chart)
        self.models = {"matter": GroupModel("matter", self.tr("Matter")),
                       "department": GroupModel("department", self.tr("Department")),
                       "clerk": GroupModel("clerk", self.tr("Clerk")),
                       "window": GroupModel("window", self.tr("Window"))}
        self.due_models = {"overdue": DueModel(self.tr("Working days overdue")),
                           "due_soon": DueModel(self.tr("Working days left"))}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        titles = {"matter": self.tr("By matter"), "department": self.tr("By department"),
                  "clerk": self.tr("By clerk"), "window": self.tr("By window"), "overdue": self.tr("Overdue"),
                  "due_soon": self.tr("Due soon")}
        self.tables: dict[str, QTableView] = {}
        for key, model in {**self.models, **self.due_models}.items():
            table = QTableView()
            table.setObjectName(f"reportTable_{key}")
            table.setModel(model)
            read_only_rows(table, single=False)
            table.setAlternatingRowColors(True)
            table.verticalHeader().hide()
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0 if key in self.models else 1, QHeaderView.ResizeMode.Stretch)
            if key in self.models and key != "window":
                table.doubleClicked.connect(lambda index, k=key: self._table_drill(k, index))
            self.tables[key] = table
            self.tabs.addTab(table, titles[key])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(charts)
        self.splitter.addWidget(self.tabs)
        self.splitter.setSizes([260, 300])

    # --- inputs -------------------------------------------------------------------------

    def _set_windows(self, windows: list[str]) -> None:
        for window in windows:
            self.window_box.addItem(window, window)

    def _today(self) -> None:
        today = self.ws.today()
        for edit in (self.date_from, self.date_to):
            edit.setDate(QDate(today.year, today.month, today.day))
        self.refresh()

    def period(self) -> ReportPeriod:
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        return ReportPeriod(start, end)

    def window_id(self) -> str | None:
        return self.window_box.currentData()

    # --- actions ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the report for the chosen period and window in the background."""
        period, window = self.period(), self.window_id()
        self.generate.setEnabled(False)
        self.caption.setText(self.tr("Computing…"))
        self.ops.run(BuildReport(period, window), owner=self, on_done=self.show_report, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.generate.setEnabled(True)
        self.caption.setText("")
        show_error(self, error)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.generate.setEnabled(True)
        for button in self.export_buttons.values():
            button.setEnabled(True)
        caption = self.tr("%1   %2   %3 application(s)   made at %4").replace("%1", report.period.label()) \
            .replace("%2", report.window_label).replace("%3", str(report.total)) \
            .replace("%4", f"{report.generated_at_local:%H:%M:%S}")
        if report.is_empty:
            caption += "   " + self.tr("No applications in this period.")
        self.caption.setText(caption)
        tiles = {"total": (report.total, self.tr("Applications"))}
        tiles.update({b: (n, label) for b, label, n in report.totals.items()})
        tiles.update({
            "immediate": (f"{report.immediate} / {report.promised}", self.tr("Immediate / promised")),
            "supplement_rate": (format_rate(report.supplement_rate),
                                self.tr("Supplement rate (%1)").replace("%1", str(report.supplemented))),
            "median": (format_duration(report.median_seconds), self.tr("Median to decision")),
            "p90": (format_duration(report.p90_seconds), self.tr("90% decided within")),
            "overdue": (report.overdue_count, self.tr("Overdue")),
            "due_soon": (report.due_soon_count,
                         self.tr("Due in %1 working days").replace("%1", str(report.due_soon_days))),
            "sync": (f"{report.sync.app_pending} / {report.sync.app_parked}", self.tr("To send / refused")),
        })
        for key, (value, label) in tiles.items():
            self.tile_buttons[key].setText(f"{value}\n{label}")
        self.hour_chart.show_report(report)
        self.matter_chart.show_report(report)
        self.models["matter"].set_rows(report.by_matter)
        self.models["department"].set_rows(report.by_department)
        self.models["clerk"].set_rows(report.by_clerk)
        self.models["window"].set_rows(report.by_window)
        self._show_coverage(report)
        self.due_models["overdue"].set_rows(report.overdue)
        self.due_models["due_soon"].set_rows(report.due_soon)

    def _show_coverage(self, report: Report) -> None:
        coverage = report.coverage
        if coverage is None:
            self.coverage.hide()
            return
        today = report.generated_at_local.date()
        lines = [coverage.note]
        if coverage.scope == "hall" and coverage.windows:
            lines.append("；".join(w.text(today) + (self.tr(" (this PC)") if w.own else "") for w in coverage.windows))
        self.coverage.setText("\n".join(lines))
        color = "#B3261E" if coverage.partial else "#35506B"
        self.coverage.setStyleSheet(f"QLabel {{ color: {color}; padding: 2px 4px; }}")
        self.coverage.setProperty("partial", coverage.partial)
        self.coverage.show()

    def _table_drill(self, key: str, index: QModelIndex) -> None:
        self.drill_down(self.models[key].drill_at(index.row()))

    def drill_down(self, drill: Drill) -> None:
        """Open the list of applications behind a number of the report on screen."""
        if self.report is None:
            return
        period, window = self.report.period, self.report.window_id
        context = f"{period.label()} {self.report.window_label}"
        self.ops.run(DrillDown(period, window, drill), owner=self,
                     on_done=lambda listing: self._show_drill(listing, context))

    def _show_drill(self, listing, context: str) -> None:
        self.drill_dialog = DrillDownDialog(listing, context, self)
        self.drill_dialog.open()

    def _ask_path(self, fmt: str, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), suggested, EXPORT_FILTERS[fmt])
        return path

    def export(self, fmt: str) -> None:
        report = self.report
        if report is None:
            return
        suffix = report.period.start.isoformat() + ("" if report.period.is_single_day else
                                                     f"_{report.period.end.isoformat()}")
        name = self.tr("report_%1_%2").replace("%1", suffix).replace("%2", report.window_id or self.tr("all-windows"))
        chosen = self.choose_path(fmt, f"{name}.{fmt}")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        full = self.full_export.isChecked() and self.user.has_role("admin")
        self.ops.run(ExportReport(report, fmt, path, full), owner=self,
                     on_done=lambda result: show_info(self, self.tr("Report saved to %1").replace(
                         "%1", str(result.path))))
