"""Supervisor reports: the daily (or any-range) report, its drill-downs and its exports."""
from __future__ import annotations

from desktop.services.reports.service import ReportService

__all__ = ["ReportService"]
