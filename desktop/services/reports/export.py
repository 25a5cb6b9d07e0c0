"""Write a report to a file as PDF, CSV or XLSX — the one path both the screen and the CLI use.

The file is written to a temporary name beside the target and moved into place, so a full
disk or a crash never leaves half a report where a scheduled job expects a whole one.
Personal data is masked unless an admin asks for a full export (audited by the service).
"""
from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.reports import Report, ReportError, ReportPeriod
from desktop.services.accounts.auth import CurrentUser
from desktop.services.reports.service import ReportService

log = logging.getLogger("onewindow.reports")
FORMATS = ("pdf", "csv", "xlsx")


class ExportError(ReportError):
    """The report could not be written; the message says why, for the person who asked."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    report: Report
    size: int


def render(report: Report, fmt: str, detail=None) -> bytes:
    if fmt == "pdf":
        from printing.report_pdf import render_pdf

        return render_pdf(report)
    if fmt == "csv":
        from printing.report_csv import render_csv

        return render_csv(report, detail)
    if fmt == "xlsx":
        from printing.report_xlsx import render_xlsx

        return render_xlsx(report, detail)
    raise ExportError(f"不支持的导出格式 {fmt!r}，可选 {' / '.join(FORMATS)}")


def check_writable(path: Path) -> None:
    """Fail before the (possibly long) computation when the target cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ExportError(f"{path} 是一个目录，请给出文件名")
    if not parent.is_dir():
        raise ExportError(f"目录 {parent} 不存在")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"没有写入 {path} 的权限")


def write_atomically(path: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or Path("."))
    except OSError as exc:
        raise ExportError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"无法写入 {path}：{exc.strerror or exc}") from exc


def export_report(service: ReportService, user: CurrentUser, period: ReportPeriod, window_id: str | None,
                  fmt: str, path: Path, *, full: bool = False, report: Report | None = None) -> ExportResult:
    """Compute (or reuse ``report``) and write it; CSV/XLSX carry the detail of every application."""
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式 {fmt!r}，可选 {' / '.join(FORMATS)}")
    path = Path(path)
    check_writable(path)
    report = report or service.build(user, period, window_id)
    detail = None if fmt == "pdf" else service.detail(user, period, window_id, full=full, purpose=fmt)
    data = render(report, fmt, detail)
    write_atomically(path, data)
    log.info("report %s exported as %s (%d bytes, full=%s)", period.label(), fmt, len(data), full)
    return ExportResult(path, report, len(data))
