"""Report test fixtures: a hand-built hall whose expected numbers are obvious (see hall.py)."""
from __future__ import annotations

import pytest

from desktop.services.accounts.auth import CurrentUser
from desktop.services.reports import ReportService
from tests.unit.reports.hall import NOW_UTC, Hall


@pytest.fixture
def hall(ctx) -> Hall:
    ctx.clock = lambda: NOW_UTC
    h = Hall(ctx)
    h.user("li", "clerk", "李窗口")
    h.user("wang", "clerk", "王窗口")
    return h


@pytest.fixture
def supervisor(hall) -> CurrentUser:
    return hall.user("boss", "supervisor", "赵主管")


@pytest.fixture
def admin(hall) -> CurrentUser:
    return hall.user("root", "admin", "系统管理员")


@pytest.fixture
def service(ctx, hall) -> ReportService:
    return ReportService(ctx)
