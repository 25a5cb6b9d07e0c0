"""An e-certificate (电子证照) stands in for a paper: looked up on the reference platform over loopback HTTP,
used with E on the checklist row, and shown on the receipt — on the real window, by keys."""
from __future__ import annotations

import pytest

from desktop.config import save_local_settings
from sync.enrol import enroll
from sync.token_store import INSECURE_FILE_ENV
from tests.e2e.steps import (
    decide,
    hand_over_papers,
    intake,
    look_at_the_store,
    phone_then_materials,
    pick_matter,
    read_card,
    receive,
)
from tests.integration.central import start_central_server
from ui.qt import Qt

pytestmark = [pytest.mark.gui, pytest.mark.integration]


@pytest.fixture
def enrolled(counter_store, tmp_path, monkeypatch):
    """This counter enrolled with a reference platform that holds 张建国's certificates."""
    monkeypatch.setenv(INSECURE_FILE_ENV, str(tmp_path / "device-token"))  # no OS keyring on the test box
    central = start_central_server(tmp_path / "central.sqlite3")
    try:
        counter_store.config = save_local_settings(counter_store.config, {"server": {"url": central.url}})
        enroll(counter_store, central.url, central.enrol_code)
        yield central
    finally:
        central.stop()


def test_the_household_register_comes_from_the_platform_with_e(enrolled, start_counter, record_keys):
    counter = start_counter()
    d, page = counter.driver, intake(counter)
    pick_matter(d, page, "hkqy")
    read_card(d, page)  # 张建国: his certificates are looked up as soon as the number is confirmed
    d.until(lambda: page.certificates.result is not None and page.certificates.result.offered,
            what="the platform's certificates")
    phone_then_materials(d, page)
    receive(d, page, 2)  # 申请表, 居民身份证 on paper
    row = page.checklist.currentIndex().row()
    assert page.checklist_model.material(row).cert_type == "HOUSEHOLD_REGISTER"
    d.press(Qt.Key.Key_E)
    d.until(lambda: page.checklist_model.material(row).state == "certificate", what="the certificate used")
    d.press(Qt.Key.Key_Down)
    receive(d, page, 1)  # 迁入地户口簿 on paper
    decide(d, page)
    (receipt,) = hand_over_papers(d, counter, expected=1)
    record_keys(d, "E on the row instead of the paper")

    assert page.decision.acceptance_no in receipt
    with look_at_the_store(counter) as services:
        stored = services.intake.get_application(page.decision.uuid)
    used = stored.materials[row]
    assert used.state == "certificate" and used.certificate_ref and "620102198503120419" not in used.certificate_ref
    assert stored.status == "accepted"
