"""Clerk-facing words for stored codes (statuses, material states, sync states) and local times.

Codes stay English in the database and the outbox; what the clerk reads is decided here once,
so the list, the detail dialog and the intake screen never disagree on a word.
"""
from __future__ import annotations

import datetime as dt

from desktop.domain.catalog_format import CERT_TYPES as CERT_TYPE_LABELS  # noqa: F401 - re-exported
from desktop.domain.checklist import STATE_LABELS as MATERIAL_STATE_LABELS  # noqa: F401 - re-exported
from desktop.domain.hall_clock import hall_clock
from desktop.domain.lifecycle import STATUS_LABELS as _STATUS
from printing.documents import DocumentKind

STATUS_LABELS = {str(code): text for code, text in _STATUS.items()}

FORM_LABELS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "": ""}

SYNC_LABELS = {
    "local": "未上报",
    "pending": "待上报",
    "synced": "已上报",
    "parked": "上报被退回",
}

EVENT_SOURCE_LABELS = {"window": "窗口", "server": "平台"}

# printed_document.kind -> the document's title, as printing names it
PRINT_KIND_LABELS = {kind.value: kind.title for kind in DocumentKind}


def label(table: dict[str, str], code: str | None) -> str:
    """The label for ``code``, or the code itself so an unknown value is still visible."""
    if code is None:
        return ""
    return table.get(code, code)


def local_time(value: dt.datetime | None, with_seconds: bool = False) -> str:
    """A stored naive-UTC timestamp on the hall's clock (not the PC's zone), e.g. 2026-11-25 09:41."""
    if value is None:
        return ""
    local = hall_clock().local(value)
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def local_date(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d")
