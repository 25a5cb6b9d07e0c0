"""Fixtures for catalog and search tests: a context with the bundled sample catalog loaded."""
from __future__ import annotations

import copy
import json

import pytest

from desktop.services.catalog.search import MatterSearch
from desktop.services.catalog.service import SAMPLE_CATALOG, CatalogService


@pytest.fixture(scope="session")
def sample_data() -> dict:
    return json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))


@pytest.fixture
def catalog_doc(sample_data) -> dict:
    """A private, editable copy of the sample catalog document."""
    return copy.deepcopy(sample_data)


@pytest.fixture
def catalog(ctx) -> CatalogService:
    service = CatalogService(ctx)
    service.ensure_sample_loaded()
    return service


@pytest.fixture
def search(ctx, catalog) -> MatterSearch:
    return MatterSearch(ctx, window_id="W01")
