from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.calendar import WorkCalendar
from desktop.domain.checklist import (
    ChecklistError,
    MaterialRow,
    blocking_problems,
    check_certificate,
    check_deferral,
    latest_deferral_date,
    missing_materials,
)

CAL = WorkCalendar([dt.date(2026, 10, d) for d in range(1, 8)], [dt.date(2026, 10, 10)])
TODAY = dt.date(2026, 9, 30)


def rows():
    return [
        MaterialRow(1, "身份证", True, "provided", provided_copies=1),
        MaterialRow(2, "营业执照", True, "missing", cert_type="BL"),
        MaterialRow(3, "租赁合同", True, "pending", deferrable=True),
        MaterialRow(4, "照片", False, "missing"),
        MaterialRow(5, "申请表", True, "deferred", deferrable=True, deferred_until=dt.date(2026, 10, 8)),
    ]


def test_supplement_notice_lists_every_missing_required_material_in_order():
    assert [r.name for r in missing_materials(rows())] == ["营业执照", "租赁合同"]


def test_blocking_problems_name_missing_rows_and_short_copies():
    rs = rows() + [MaterialRow(6, "户口簿", True, "provided", copies_expected=2, provided_copies=1)]
    problems = blocking_problems(rs)
    assert problems[:2] == ["缺少必要材料“营业执照”", "缺少必要材料“租赁合同”"]
    assert "“户口簿”应提交 2 份，实收 1 份" in problems


def test_complete_checklist_has_no_problems():
    done = [MaterialRow(1, "身份证", True, "provided", provided_copies=1),
            MaterialRow(2, "营业执照", True, "certificate", cert_type="BL"), MaterialRow(3, "照片", False, "pending")]
    assert blocking_problems(done) == []


def test_latest_deferral_date_is_the_matters_due_date():
    assert latest_deferral_date(TODAY, 3, CAL) == dt.date(2026, 10, 10)


def test_deferral_within_the_promised_limit_is_allowed():
    check_deferral(rows()[2], dt.date(2026, 10, 10), today=TODAY, promised_days=3, calendar=CAL)


def test_deferral_beyond_the_promised_limit_is_refused():
    with pytest.raises(ChecklistError, match="不得晚于 2026-10-10"):
        check_deferral(rows()[2], dt.date(2026, 10, 12), today=TODAY, promised_days=3, calendar=CAL)


def test_deferral_only_where_the_row_allows_it_and_with_a_future_date():
    with pytest.raises(ChecklistError, match="不允许容缺"):
        check_deferral(rows()[1], dt.date(2026, 10, 8), today=TODAY, promised_days=3, calendar=CAL)
    with pytest.raises(ChecklistError, match="应晚于今天"):
        check_deferral(rows()[2], TODAY, today=TODAY, promised_days=3, calendar=CAL)
    with pytest.raises(ChecklistError, match="请填写"):
        check_deferral(rows()[2], None, today=TODAY, promised_days=3, calendar=CAL)


def test_certificate_only_where_a_type_is_named():
    check_certificate(rows()[1])
    with pytest.raises(ChecklistError, match="没有可替代的电子证照"):
        check_certificate(rows()[0])


def test_immediate_items_cannot_defer_anything():
    with pytest.raises(ChecklistError, match="即办件"):
        check_deferral(rows()[2], dt.date(2026, 10, 8), today=TODAY, promised_days=0, calendar=CAL)
