"""Intake screen fixtures: the sample catalog loaded, a shown and active intake page."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.catalog.service import CatalogService
from ui.intake.page import IntakePage


@pytest.fixture
def catalog(ctx):
    # A fixed hall morning (10:00 on 25 November 2026): due dates stay inside the years the bundled
    # calendar knows, whatever the real date, so no acceptance asks to confirm a Monday–Friday count.
    ctx.clock = lambda: dt.datetime(2026, 11, 25, 2, 0)
    CatalogService(ctx).ensure_sample_loaded()
    return ctx


@pytest.fixture
def make_page(qtbot, catalog, clerk, make_workspace):
    """``make_page(id_reader=…)``: a shown, active intake page of a clerk's session with these devices."""

    def make(**overrides) -> IntakePage:
        page = IntakePage(make_workspace(clerk, **overrides))
        qtbot.addWidget(page)
        page.resize(1280, 800)
        with qtbot.waitActive(page):
            page.show()
            page.activateWindow()
        return page

    return make


@pytest.fixture
def page(make_page):
    return make_page()
