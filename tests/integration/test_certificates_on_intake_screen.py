"""The intake screen looks up the applicant's e-certificates in the background and uses one with E."""
from __future__ import annotations

import pytest

from desktop.config import load_config
from desktop.services.accounts.auth import AuthService
from desktop.services.catalog.service import CatalogService
from desktop.services.context import AppContext
from sync.enrol import enroll
from sync.token_store import INSECURE_FILE_ENV
from ui.composition import Workspace, session_services
from ui.intake.page import build_intake_page
from ui.qt import Qt
from ui.tasks import SynchronousPool, use_pools

pytestmark = [pytest.mark.integration, pytest.mark.gui]
HOLDER = "620102198503120419"  # 张建国: seeded with an ID card and a household register


@pytest.fixture
def hall(data_dir, central, monkeypatch, tmp_path):
    monkeypatch.setenv(INSECURE_FILE_ENV, str(tmp_path / "token"))
    ctx = AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False,
                                      overrides={"server": {"url": central.url}, "devices": {"id_reader": "none"}}))
    CatalogService(ctx).ensure_sample_loaded()
    enroll(ctx, central.url, central.enrol_code)
    yield ctx
    ctx.close()


def test_typing_the_applicant_offers_certificates_and_e_uses_one(qtbot, hall):
    clerk = AuthService(hall).create_user("amy", "clerk2026", "clerk")
    with use_pools(SynchronousPool()):
        ws = Workspace(hall, clerk, session_services(hall))
        page = build_intake_page(ws)
        qtbot.addWidget(page)
        page.show()
        qtbot.keyClicks(page.picker.box, "620100-GA-0001")
        qtbot.keyClick(page.picker.box, Qt.Key.Key_Down)
        qtbot.keyClick(page.picker.results, Qt.Key.Key_Return)
        qtbot.keyClicks(page.applicant.id_number, HOLDER)
        assert "E-certificates available" in page.certificates.label.text()  # English: the tests' default
        rows = page.checklist_model.materials()
        row = next(i for i, m in enumerate(rows) if m.cert_type == "HOUSEHOLD_REGISTER")
        assert page.checklist_model.material(row).certificate_available
        page.checklist.setFocus()
        page.checklist.selectRow(row)
        qtbot.keyClick(page.checklist, Qt.Key.Key_E)
        used = page.checklist_model.material(row)
        assert used.state == "certificate" and used.certificate_ref and HOLDER not in used.certificate_ref
        page.close()
