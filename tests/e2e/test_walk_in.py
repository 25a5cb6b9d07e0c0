"""A typical walk-in at the counter, start to receipt, by keys only — and its variants 即办 and 容缺.

The typical walk-in (issue 13): the matter by pinyin initials, the ID card read with F4, four
materials of which one page is photographed, accept, the receipt printed — at most 25 keys, not
counting the phone digits the citizen dictates.
"""
from __future__ import annotations

import pytest

from tests.e2e.driver import CTRL, SHIFT
from tests.e2e.printers import A4, THERMAL
from tests.e2e.steps import (
    decide,
    hand_over_papers,
    household_move_ready,
    intake,
    look_at_the_store,
    phone_then_materials,
    photograph,
    pick_matter,
    read_card,
    receive,
)
from ui.qt import Qt

pytestmark = pytest.mark.gui
WALK_IN_BUDGET = 25


def test_typical_walk_in_accepted_with_a_photographed_page_and_the_receipt_printed(start_counter, record_keys):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    pick_matter(d, page, "hkqy")  # 户口迁移（市内迁移）: four required materials
    read_card(d, page)
    phone_then_materials(d, page)
    receive(d, page, 3)
    photograph(d, page)  # the fourth: one page, received by the capture itself
    decide(d, page)
    texts = hand_over_papers(d, counter, expected=1)
    record_keys(d, "matter, F4, phone, 3 materials, 1 photographed, accept, receipt")
    assert d.keys <= WALK_IN_BUDGET, d.log

    decision = page.decision
    assert decision.status == "accepted"
    assert decision.acceptance_no in texts[0] and "张建国" in texts[0] and "受理" in texts[0]
    assert counter.tray.jobs[-1][0] == A4
    with look_at_the_store(counter) as services:
        stored = services.intake.get_application(decision.uuid)
        prints = services.prints.history(services.documents.find(decision.uuid).id)
    assert stored.status == "accepted" and stored.applicant.name == "张建国"
    assert stored.applicant.phone == "13912345678"
    required = [m for m in stored.materials if m.required]
    assert len(required) == 4 and all(m.state == "provided" for m in required)
    assert [m.pages for m in required] == [0, 0, 0, 1]
    assert [p.kind.value for p in prints] == ["receipt"] and prints[0].outcome == "printed"


def test_immediate_item_completed_at_the_window_with_slip_and_materials_receipt(start_counter, record_keys):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    household_move_ready(d, page)  # an immediate item (即办件)
    decide(d, page, Qt.Key.Key_Return, CTRL | SHIFT)  # 即办
    papers = d.dialog("papersDialog")
    for row in range(papers.papers.count()):  # tick the 80 mm slip and the 材料接收凭证 too
        papers.papers.setCurrentRow(row)
        if papers.papers.currentItem().checkState() != Qt.CheckState.Checked:
            d.press(Qt.Key.Key_Space)
    texts = hand_over_papers(d, counter, expected=3)
    record_keys(d, "即办, receipt + 80 mm slip + materials receipt")

    assert page.decision.status == "completed"
    assert [printer for printer, _path in counter.tray.jobs] == [A4, THERMAL, A4]
    slip, materials = texts[1], texts[2]
    assert page.decision.acceptance_no in slip and "补打" not in slip
    assert "材料接收凭证" in materials and "户口迁移申请表" in materials
    with look_at_the_store(counter) as services:
        assert services.intake.get_application(page.decision.uuid).status == "completed"


def test_deferred_material_accepted_with_the_applicants_undertaking(start_counter, record_keys):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    pick_matter(d, page, "lsjz")  # 临时救助: 困难情况证明 may be brought later (容缺)
    read_card(d, page)
    phone_then_materials(d, page)
    receive(d, page, 2)
    deferred_name = page.checklist_model.material(2).name
    d.press(Qt.Key.Key_D)
    d.dialog("deferralDialog")
    d.press(Qt.Key.Key_Return)  # the latest date allowed is proposed
    d.until(lambda: page.checklist_model.material(2).state == "deferred", what="the material deferred")
    decide(d, page)
    texts = hand_over_papers(d, counter, expected=2)  # the receipt and the 容缺受理承诺书
    record_keys(d, "容缺: D, Enter; receipt + undertaking")

    receipt, undertaking = texts
    assert page.decision.acceptance_no in receipt
    assert "容缺受理承诺书" in undertaking and deferred_name in undertaking and "张建国" in undertaking
    with look_at_the_store(counter) as services:
        stored = services.intake.get_application(page.decision.uuid)
    row = next(m for m in stored.materials if m.name == deferred_name)
    assert stored.status == "accepted" and row.state == "deferred" and row.deferred_until is not None
