"""Intake screen fixtures: the sample catalog loaded, a shown and active intake page."""
from __future__ import annotations

import pytest

from desktop.services.catalog.service import CatalogService
from ui.intake.page import IntakePage


@pytest.fixture
def catalog(ctx):
    CatalogService(ctx).ensure_sample_loaded()
    return ctx


@pytest.fixture
def page(qtbot, catalog, clerk):
    page = IntakePage(catalog, clerk)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    return page
