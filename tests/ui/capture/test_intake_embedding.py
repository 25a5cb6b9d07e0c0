"""The capture panel inside the real intake screen: the selected checklist row receives the pages."""
from __future__ import annotations

import pytest

from desktop.devices.capture.simulated import page_jpeg
from desktop.services.catalog.service import CatalogService
from tests.ui.intake.test_intake_keyboard import pick_matter
from ui.capture.panel import CapturePanel
from ui.intake.page import build_intake_page

pytestmark = pytest.mark.gui


@pytest.fixture
def intake_page(qtbot, ctx, clerk, make_workspace):
    CatalogService(ctx).ensure_sample_loaded()
    page = build_intake_page(make_workspace(clerk))  # the factory the main window uses
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    return page


def test_pages_imported_for_the_selected_checklist_row_show_in_the_checklist(qtbot, intake_page, tmp_path):
    panel = intake_page.findChild(CapturePanel)
    assert panel.parent() is not None and panel.isVisible()
    pick_matter(qtbot, intake_page, "sybx")
    intake_page.checklist.setFocus()
    intake_page.checklist.selectRow(1)
    second = intake_page.case.materials[1]
    assert panel.material_id == second.id and panel.title.text().startswith(second.name)
    files = []
    for n in (1, 2):
        files.append(tmp_path / f"{n}.jpg")
        files[-1].write_bytes(page_jpeg(n, size=(400, 566)))
    panel.import_paths(files)
    assert panel.strip.count() == 2
    assert intake_page.case.materials[1].pages == 2  # the page re-read the case after the import
    assert intake_page.checklist_model.material(1).pages == 2
    assert panel.material_id == second.id and intake_page.checklist.currentIndex().row() == 1  # still on row 2
    assert panel.message.text().startswith("已添加 2 页")

