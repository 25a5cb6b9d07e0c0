"""The report as an Excel workbook: a summary sheet (every section) and a detail sheet.

Header rows are bold and frozen, column widths follow the content (CJK characters count
double), and counts are numeric cells so a supervisor can sum and chart them. The workbook
is written in openpyxl's streaming (write-only) mode: a busy day's detail sheet has
thousands of rows, and the in-memory mode spent most of its time building cell objects.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.domain.reports import ApplicationList, Report
from printing.report_sections import Section, detail_section, sections

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
MAX_WIDTH = 60


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fit_columns(ws: WriteOnlyWorksheet, rows: list[list]) -> None:
    """Set widths before any row is streamed (write-only sheets cannot change them afterwards)."""
    widths: dict[int, int] = {}
    for values in rows:
        for col, value in enumerate(values, start=1):
            widths[col] = max(widths.get(col, 0), _width(value))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, max(8, width + 2))


def _styled(ws: WriteOnlyWorksheet, values: list, font: Font, fill: PatternFill | None = None) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = font
        if fill is not None:
            cell.fill = fill
        cells.append(cell)
    return cells


def _summary_sheet(wb: Workbook, report: Report) -> None:
    ws = wb.create_sheet("汇总")
    parts: list[Section] = sections(report)
    body = [row for part in parts for row in [part.header, *part.rows]]
    _fit_columns(ws, [r for r in body if len(r) > 1] + [[p.title[:20]] for p in parts])
    ws.freeze_panes = "A3"
    ws.append(_styled(ws, [f"{report.hall_name} 业务报表 {report.period.label()}"], TITLE))
    for part in parts:
        if part.key != "summary":
            ws.append([])
            ws.append(_styled(ws, [part.title], TITLE))
        ws.append(_styled(ws, part.header, BOLD, HEADER_FILL))
        for row in part.rows or ([] if part.key == "summary" else [["（无）"]]):
            ws.append(row)


def _detail_sheet(wb: Workbook, detail: ApplicationList) -> None:
    part = detail_section(detail)
    ws = wb.create_sheet("明细")
    _fit_columns(ws, [part.header, *part.rows])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(part.header))}{len(part.rows) + 1}"
    ws.append(_styled(ws, part.header, BOLD, HEADER_FILL))
    for row in part.rows:
        ws.append(row)
    if detail.truncated:
        ws.append([])
        ws.append(_styled(ws, [part.title], BOLD))


def render_xlsx(report: Report, detail: ApplicationList | None = None) -> bytes:
    wb = Workbook(write_only=True)
    _summary_sheet(wb, report)
    if detail is not None:
        _detail_sheet(wb, detail)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
