"""The resume list names each case once: a draft says it has no number yet, not "draft" twice."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.applications.read_models import CaseSummary

pytestmark = pytest.mark.gui


def _case(**kw) -> CaseSummary:
    at = dt.datetime(2026, 11, 29, 2, 30)
    base = dict(uuid="u1", acceptance_no=None, status="draft", matter_name="个体工商户变更登记",
                applicant_name="陈静怡", applicant_id_masked="6201**********1055", window_id="W01",
                created_at=at, updated_at=at, supplement_due=None)
    return CaseSummary(**{**base, **kw})


def test_a_draft_line_says_draft_once(qapp):
    from ui.intake.dialogs import case_text

    line = case_text(_case())
    assert line.count("draft") + line.count("草稿") == 1, line
    assert "no number yet" in line or "未编号" in line


def test_a_supplement_line_shows_its_number_and_due_date(qapp):
    from ui.intake.dialogs import case_text

    line = case_text(_case(acceptance_no="620100-W01-20261129-0001", status="supplement_requested",
                           supplement_due=dt.date(2026, 12, 4)))
    assert line.startswith("620100-W01-20261129-0001") and "2026-12-04" in line
