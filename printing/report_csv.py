"""The report as CSV: UTF-8 with a byte-order mark, so Excel on a counter PC opens the Chinese intact.

One file holds every section one after another (title line, header, rows, blank line), the
detail last — the shape a supervisor can open, read and filter without a template.
"""
from __future__ import annotations

import csv
import io

from desktop.domain.reports import ApplicationList, Report
from printing.report_sections import detail_section, sections


def render_csv(report: Report, detail: ApplicationList | None = None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    parts = sections(report) + ([detail_section(detail)] if detail is not None else [])
    for section in parts:
        writer.writerow([f"【{section.title}】"])
        writer.writerow(section.header)
        writer.writerows(section.rows)
        if not section.rows and section.key != "summary":
            writer.writerow(["（无）"])
        writer.writerow([])
    return buffer.getvalue().encode("utf-8-sig")
