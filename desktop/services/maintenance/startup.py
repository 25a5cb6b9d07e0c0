"""What a counter needs in its local store before the first clerk signs in.

The one start-up path: the GUI (on the write thread, behind the sign-in dialog), the demo and
every CLI command that opens the store (``desktop/commands/_common.py:opened_context``) call it
after the store is opened and migrated, so a store created by ``users add`` or ``db upgrade``
is the same as one the GUI created. Each step is idempotent and cheap once done: the bundled
working-day calendar, on an empty catalog the bundled sample catalog (a real hall replaces it
by ``onewindow catalog import`` or the central platform's catalog pull), and a check of the
official-form file, so a mistake in it is reported now rather than at the first print.
"""
from __future__ import annotations

import logging

from desktop.services.catalog.calendar import CalendarService
from desktop.services.catalog.service import CatalogService
from desktop.services.context import AppContext
from desktop.services.papers.official_form import load_official_form

log = logging.getLogger("onewindow.startup")


def prepare_local_data(ctx: AppContext, *, sample_catalog: bool = True) -> list[str]:
    """Load what is missing; returns human-readable notes of what was done (empty when nothing).

    ``sample_catalog=False`` for a command that is about to import the hall's own catalog (the
    sample would otherwise land in a new store first and stay beside the real matters).
    """
    notes = []
    load_official_form(ctx.config)  # raises OfficialFormInvalid naming the file and key
    CalendarService(ctx).ensure_bundled_loaded()
    summary = CatalogService(ctx).ensure_sample_loaded() if sample_catalog else None
    if summary is not None and summary.wrote_anything:
        notes.append(f"已载入示例事项目录：{summary.describe()}")
        log.info("sample catalog loaded: %s", summary.describe())
    return notes
