"""PDF, CSV and XLSX of one report open with ordinary readers and carry the same totals."""
from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.domain.reports import ReportPeriod
from desktop.services.accounts.auth import PermissionDenied
from desktop.services.reports.export import ExportError, export_report

DAY = ReportPeriod.day(dt.date(2026, 11, 25))


@pytest.fixture
def seeded(hall):
    hall.app(created="2026-11-25 09:05", applicant="欧阳建国", phone="13987654321")
    hall.app(created="2026-11-25 10:00", status="rejected", matter="M2", matter_name="社保登记", department="人社局")
    hall.app(created="2026-11-25 11:30", status="completed", immediate=True)
    hall.app(created="2026-11-10 10:00", due=dt.date(2026, 11, 20))  # overdue, another day
    return hall


def _csv_rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark to read Chinese"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _summary_value(rows, label):
    return next(r[1] for r in rows if r and r[0] == label)


def test_three_formats_carry_the_same_totals(service, supervisor, seeded, tmp_path):
    for fmt in ("pdf", "csv", "xlsx"):
        export_report(service, supervisor, DAY, None, fmt, tmp_path / f"r.{fmt}")

    rows = _csv_rows(tmp_path / "r.csv")
    assert _summary_value(rows, "办件总数") == "3"
    assert _summary_value(rows, "不予受理") == "1" and _summary_value(rows, "即办办结") == "1"
    assert _summary_value(rows, "已超期（截至 2026-11-25）") == "1"

    wb = load_workbook(tmp_path / "r.xlsx")
    try:
        summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True) if r[0]}
        assert summary["办件总数"] == 3 and summary["不予受理"] == 1 and summary["即办办结"] == 1
        detail = list(wb["明细"].iter_rows(values_only=True))
        assert len(detail) == 1 + 3
        assert wb["明细"].freeze_panes == "A2" and wb["汇总"].freeze_panes == "A3"
        assert wb["明细"].column_dimensions["C"].width > 10
    finally:
        wb.close()

    reader = PdfReader(tmp_path / "r.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "3办件总数" in compact  # the tile: number over its label
    assert f"第1页/共{len(reader.pages)}页" in compact
    assert "生成人：赵主管" in compact
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_exports_mask_personal_data_by_default(service, supervisor, seeded, tmp_path):
    export_report(service, supervisor, DAY, None, "csv", tmp_path / "r.csv")
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "欧**国" in text and "139****4321" in text
    assert "欧阳建国" not in text and "13987654321" not in text


def test_full_export_is_admin_only_and_audited(ctx, service, supervisor, admin, seeded, tmp_path):
    with pytest.raises(PermissionDenied):
        export_report(service, supervisor, DAY, None, "xlsx", tmp_path / "x.xlsx", full=True)
    assert not (tmp_path / "x.xlsx").exists()
    export_report(service, admin, DAY, None, "xlsx", tmp_path / "full.xlsx", full=True)
    wb = load_workbook(tmp_path / "full.xlsx")
    try:
        names = [r[4] for r in wb["明细"].iter_rows(min_row=2, values_only=True)]
    finally:
        wb.close()
    assert "欧阳建国" in names
    conn = sqlite3.connect(ctx.config.db_path)
    try:
        events = conn.execute("SELECT actor, target, detail FROM audit_event WHERE action='report.export_full'").fetchall()
    finally:
        conn.close()
    assert events == [("root", "2026-11-25", '{"purpose": "xlsx", "window": "*"}')]


def test_empty_day_exports_cleanly_in_every_format(service, supervisor, seeded, tmp_path):
    empty = ReportPeriod.day(dt.date(2026, 11, 22))
    for fmt in ("pdf", "csv", "xlsx"):
        result = export_report(service, supervisor, empty, None, fmt, tmp_path / f"e.{fmt}")
        assert result.report.is_empty and result.size > 0
    assert _summary_value(_csv_rows(tmp_path / "e.csv"), "办件总数") == "0"
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "e.pdf").pages).replace(" ", "")
    assert "本期间没有办件" in text


def test_unwritable_target_is_refused_before_computing(service, supervisor, seeded, tmp_path):
    with pytest.raises(ExportError, match="不存在"):
        export_report(service, supervisor, DAY, None, "pdf", tmp_path / "no" / "such" / "r.pdf")
    with pytest.raises(ExportError, match="目录"):
        export_report(service, supervisor, DAY, None, "pdf", tmp_path)


def test_pdf_cuts_an_overlong_cell_with_an_ellipsis_instead_of_overflowing(service, supervisor, hall, tmp_path):
    long_name = "关于" + "某某" * 60 + "的登记事项"
    hall.app(created="2026-11-25 09:00", matter="M9", matter_name=long_name)
    export_report(service, supervisor, DAY, None, "pdf", tmp_path / "long.pdf")
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "long.pdf").pages).replace(" ", "")
    assert "关于某某某某" in text and "…" in text
    assert long_name not in text
