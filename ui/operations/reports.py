"""Operations of the reports page: the windows, a report, a drill-down, an export.

Role checks stay inside :class:`ReportService` (the CLI and the screen share them).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.domain.reports import ApplicationList, Drill, Report, ReportPeriod
    from desktop.services.reports.export import ExportResult


@dataclass(frozen=True)
class ReportWindows(Operation["list[str]"]):
    def perform(self, env: Env) -> list[str]:
        return env.services.reports.windows(env.require_user())


@dataclass(frozen=True)
class BuildReport(Operation["Report"]):
    period: ReportPeriod
    window_id: str | None

    def perform(self, env: Env) -> Report:
        # The hall report (issue 15): "all windows" is the whole hall with each window's freshness.
        scope = "hall" if self.window_id is None else "window"
        return env.services.hall_report.build(env.require_user(), self.period, scope=scope, window_id=self.window_id)


@dataclass(frozen=True)
class DrillDown(Operation["ApplicationList"]):
    period: ReportPeriod
    window_id: str | None
    drill: Drill

    def perform(self, env: Env) -> ApplicationList:
        return env.services.reports.applications(env.require_user(), self.period, self.window_id, self.drill)


@dataclass(frozen=True)
class ExportReport(Operation["ExportResult"]):
    """Write the report shown on screen (``report``), so the file and the screen agree; atomic."""

    lane = Lane.WRITE  # a full (unmasked) export is audited
    report: Report
    fmt: str
    path: Path
    full: bool

    def perform(self, env: Env) -> ExportResult:
        from desktop.services.reports.export import export_report

        r = self.report
        return export_report(env.services.reports, env.require_user(), r.period, r.window_id, self.fmt, self.path,
                             full=self.full, report=r)
