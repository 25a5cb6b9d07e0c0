"""The report as an Excel workbook: a summary sheet (every section) and a detail sheet.

Header rows are bold and frozen, column widths follow the content (CJK characters count
double), and counts are numeric cells so a supervisor can sum and chart them.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.reports import ApplicationList, Report
from printing.report_sections import detail_section, sections

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
MAX_WIDTH = 60


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fit_columns(ws: Worksheet, widths: dict[int, int]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, max(8, width + 2))


def _header(ws: Worksheet, row: int, header: list[str], widths: dict[int, int]) -> None:
    for col, text in enumerate(header, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        widths[col] = max(widths.get(col, 0), _width(text))


def _rows(ws: Worksheet, start: int, rows: list[list], widths: dict[int, int]) -> int:
    row = start
    for values in rows:
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
            widths[col] = max(widths.get(col, 0), _width(value))
        row += 1
    return row


def render_xlsx(report: Report, detail: ApplicationList | None = None) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    widths: dict[int, int] = {}
    summary.cell(row=1, column=1, value=f"{report.hall_name} 业务报表 {report.period.label()}").font = TITLE
    _header(summary, 2, ["指标", "数值"], widths)
    summary.freeze_panes = "A3"
    row = 3
    for section in sections(report):
        if section.key != "summary":
            row += 1
            summary.cell(row=row, column=1, value=section.title).font = TITLE
            row += 1
            _header(summary, row, section.header, widths)
            row += 1
        body = section.rows if section.rows or section.key == "summary" else [["（无）"]]
        row = _rows(summary, row, body, widths)
    _fit_columns(summary, widths)

    if detail is not None:
        part = detail_section(detail)
        ws = wb.create_sheet("明细")
        dwidths: dict[int, int] = {}
        _header(ws, 1, part.header, dwidths)
        ws.freeze_panes = "A2"
        end = _rows(ws, 2, part.rows, dwidths)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(part.header))}{max(1, end - 1)}"
        if detail.truncated:
            ws.cell(row=end + 1, column=1, value=part.title).font = BOLD
        _fit_columns(ws, dwidths)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
