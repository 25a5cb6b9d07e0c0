"""Every custom Qt model of the app passes Qt's own model checks (pytest-qt's qtmodeltester).

The applications list, which fetches more rows as it scrolls, is checked in
tests/ui/applications/test_applications_list.py.
"""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.reports import ApplicationLine, BucketCounts, DueItem, GroupRow
from desktop.services.applications.read_models import MaterialView
from ui.intake.checklist_model import ChecklistModel
from ui.reports.models import ApplicationLinesModel, DueModel, GroupModel

pytestmark = pytest.mark.gui


def material(seq: int, state: str = "pending", **changes) -> MaterialView:
    values = dict(id=seq, seq=seq, name=f"材料{seq}", required=seq < 3, form_expected="copy", copies_expected=1,
                  deferrable=True, electronic_required=seq == 2, cert_type="ID_CARD" if seq == 1 else None, notes="",
                  state=state, provided_form="copy", provided_copies=1, deferred_until=None, certificate_ref=None,
                  certificate_available=seq == 1)
    values.update(changes)
    return MaterialView(**values)


def test_the_checklist_model(qtmodeltester):
    model = ChecklistModel()
    model.set_materials([material(1, "provided"), material(2, "deferred", deferred_until=dt.date(2026, 12, 1)),
                         material(3, "certificate", certificate_ref="ID_CARD"), material(4, "missing")])
    qtmodeltester.check(model, force_py=True)
    model.update_material(material(4, "provided"))
    qtmodeltester.check(model, force_py=True)


def test_the_report_models(qtmodeltester):
    counts = BucketCounts(accepted=3, rejected=1)
    groups = GroupModel("matter", "事项")
    groups.set_rows([GroupRow("620100-GA-0001", "户口迁移", counts), GroupRow("620100-RS-0006", "失业保险金申领", counts)])
    qtmodeltester.check(groups, force_py=True)
    due = DueModel("超期工作日")
    due.set_rows([DueItem(1, "620100-W03-20261125-0007", "户口迁移", "张*", "李受理", "W03", dt.date(2026, 11, 27), 2)])
    qtmodeltester.check(due, force_py=True)
    lines = ApplicationLinesModel()
    lines.set_rows([ApplicationLine(1, "", "620100-GA-0001", "户口迁移", "公安局", "张*", "1101**********002X", "",
                                    "李受理", "W03", "accepted", False, dt.datetime(2026, 11, 25, 1), None, None, "local")])
    qtmodeltester.check(lines, force_py=True)
