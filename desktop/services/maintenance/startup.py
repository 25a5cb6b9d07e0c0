"""What a counter needs in its local store before the first clerk signs in.

Run at every start (GUI and demo); each step is idempotent and cheap once done: the bundled
working-day calendar and, on an empty catalog, the bundled sample catalog (a real hall replaces
it by `onewindow catalog import` or the central platform's catalog pull).
"""
from __future__ import annotations

import logging

from desktop.services.catalog.calendar import CalendarService
from desktop.services.catalog.service import CatalogService
from desktop.services.context import AppContext

log = logging.getLogger("onewindow.startup")


def prepare_local_data(ctx: AppContext) -> list[str]:
    """Load what is missing; returns human-readable notes of what was done (empty when nothing)."""
    notes = []
    CalendarService(ctx).ensure_bundled_loaded()
    summary = CatalogService(ctx).ensure_sample_loaded()
    if summary is not None and summary.wrote_anything:
        notes.append(f"已载入示例事项目录：{summary.describe()}")
        log.info("sample catalog loaded: %s", summary.describe())
    return notes
