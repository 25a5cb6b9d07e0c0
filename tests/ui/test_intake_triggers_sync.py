"""After a decision at the window the case is queued; the sync controller is asked to run soon."""
from __future__ import annotations

import pytest

from desktop.services.catalog.service import CatalogService
from desktop.services.intake.service import IntakeService
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui
APPLICANT = {"applicant": {"kind": "person", "name": "张秀英", "id_number": "11010519491231002X"}}


def accepted_case(ctx, clerk):
    CatalogService(ctx).ensure_sample_loaded()
    intake = IntakeService(ctx)
    view = intake.start_draft(clerk, "620100-GA-0001", APPLICANT)
    for m in view.materials:
        if m.required:
            intake.set_material(view.uuid, m.seq, "provided")
    return view.uuid, intake.accept(clerk, view.uuid)


def test_a_decision_at_the_window_makes_sync_due_at_once(qtbot, ctx, clerk):
    window = MainWindow(ctx, clerk)
    qtbot.addWidget(window)
    scheduler = window.page("sync").controller.scheduler
    scheduler.monotonic = lambda: 1000.0
    scheduler._next_at = 1060.0  # the next scheduled run is a minute away
    assert not scheduler.due()
    uuid, decision = accepted_case(ctx, clerk)
    window.page("intake").application_decided.emit(uuid, decision)
    assert scheduler.due()
