"""After a decision at the window the case is queued; the sync controller is asked to run soon."""
from __future__ import annotations

import pytest

from desktop.services.catalog.service import CatalogService
from desktop.services.intake.service import IntakeService
from ui.main_window import MainWindow
from ui.operations.intake import Accept

pytestmark = pytest.mark.gui
APPLICANT = {"applicant": {"kind": "person", "name": "张秀英", "id_number": "11010519491231002X"}}


def accepted_case(ctx, clerk) -> str:
    """A draft ready for acceptance (the acceptance itself is the operation under test)."""
    CatalogService(ctx).ensure_sample_loaded()
    intake = IntakeService(ctx)
    view = intake.start_draft(clerk, "620100-GA-0001", APPLICANT)
    for m in view.materials:
        if m.required:
            intake.set_material(view.uuid, m.seq, "provided")
    return view.uuid


def test_a_decision_at_the_window_makes_sync_due_at_once(qtbot, ctx, clerk, make_workspace):
    ws = make_workspace(clerk)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    scheduler = ws.sync.scheduler
    scheduler.monotonic = lambda: 1000.0
    scheduler._next_at = 1060.0  # the next scheduled run is a minute away
    assert not scheduler.due()
    with qtbot.waitSignal(ws.sync.summary_ready, timeout=5000):  # a run follows at once
        ws.ops.run(Accept(accepted_case(ctx, clerk)))  # the intake screen's operation announces the decision
