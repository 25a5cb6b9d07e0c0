"""The detail of one application: the full picture, with personal data masked."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.applications.detail import load_detail
from desktop.services.intake.errors import ApplicationNotFound
from tests.unit.applications.factory import add_applicant, add_application, add_user


def test_detail_masks_id_number_and_phone(ctx):
    with ctx.db.transaction() as s:
        clerk = add_user(s)
        zhang = add_applicant(s, "张三", "11010519491231002X")
        app = add_application(s, clerk=clerk, applicant=zhang, created_at=dt.datetime(2026, 11, 20, 2))
    detail = load_detail(ctx, app.id)
    assert detail.applicant.id_masked == "1101**********002X"
    assert detail.applicant.phone_masked == "138****5678"
    assert "11010519491231002X" not in repr(detail)
    assert detail.clerk == "王小明"


def test_missing_application_is_a_clear_error(ctx):
    with pytest.raises(ApplicationNotFound, match="未找到"):
        load_detail(ctx, 12345)
