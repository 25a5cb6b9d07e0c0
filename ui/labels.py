"""Clerk-facing words for stored codes (statuses, material states, sync states) and local times.

Codes stay English in the database and the outbox; what the clerk reads is decided here once,
so the list, the detail dialog and the intake screen never disagree on a word. The words are
English source strings translated in the "Labels" context (Simplified Chinese by default); a
code this table does not know is shown in the core's own Chinese label, or as the code itself,
so an unknown value is still visible. Printed papers do not use these: a paper is Chinese
whatever the screen's language (``printing/``).
"""
from __future__ import annotations

import datetime as dt

from desktop.domain.catalog_format import CERT_TYPES
from desktop.domain.checklist import STATE_LABELS
from desktop.domain.hall_clock import hall_clock
from desktop.domain.lifecycle import label as status_in_chinese
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

STATUS_LABELS = {
    "draft": QT_TRANSLATE_NOOP("Labels", "draft"),
    "supplement_requested": QT_TRANSLATE_NOOP("Labels", "waiting for supplement"),
    "accepted": QT_TRANSLATE_NOOP("Labels", "accepted"),
    "transferred": QT_TRANSLATE_NOOP("Labels", "transferred"),
    "completed": QT_TRANSLATE_NOOP("Labels", "completed"),
    "rejected": QT_TRANSLATE_NOOP("Labels", "not accepted"),
}

MATERIAL_STATE_LABELS = {
    "pending": QT_TRANSLATE_NOOP("Labels", "not checked"),
    "provided": QT_TRANSLATE_NOOP("Labels", "received"),
    "missing": QT_TRANSLATE_NOOP("Labels", "missing"),
    "deferred": QT_TRANSLATE_NOOP("Labels", "deferred"),
    "certificate": QT_TRANSLATE_NOOP("Labels", "e-certificate"),
}

FORM_LABELS = {
    "original": QT_TRANSLATE_NOOP("Labels", "original"),
    "copy": QT_TRANSLATE_NOOP("Labels", "copy"),
    "original_and_copy": QT_TRANSLATE_NOOP("Labels", "original and copy"),
    "": "",
}

SYNC_LABELS = {
    "local": QT_TRANSLATE_NOOP("Labels", "not sent"),
    "pending": QT_TRANSLATE_NOOP("Labels", "waiting to send"),
    "synced": QT_TRANSLATE_NOOP("Labels", "sent"),
    "parked": QT_TRANSLATE_NOOP("Labels", "refused by the platform"),
}

EVENT_SOURCE_LABELS = {
    "window": QT_TRANSLATE_NOOP("Labels", "window"),
    "server": QT_TRANSLATE_NOOP("Labels", "platform"),
}

# printed_document.kind -> the document's name on screen (the paper itself carries printing's Chinese title)
PRINT_KIND_LABELS = {
    "receipt": QT_TRANSLATE_NOOP("Labels", "acceptance notice"),
    "receipt-slip": QT_TRANSLATE_NOOP("Labels", "acceptance slip (80 mm)"),
    "supplement-notice": QT_TRANSLATE_NOOP("Labels", "one-time supplement notice"),
    "rejection-notice": QT_TRANSLATE_NOOP("Labels", "notice of non-acceptance"),
    "deferral-undertaking": QT_TRANSLATE_NOOP("Labels", "deferral undertaking"),
    "materials-receipt": QT_TRANSLATE_NOOP("Labels", "materials receipt"),
}

CERT_TYPE_LABELS = {
    "ID_CARD": QT_TRANSLATE_NOOP("Labels", "resident ID card"),
    "HOUSEHOLD_REGISTER": QT_TRANSLATE_NOOP("Labels", "household register"),
    "RESIDENCE_PERMIT": QT_TRANSLATE_NOOP("Labels", "residence permit"),
    "BIRTH_MEDICAL_CERT": QT_TRANSLATE_NOOP("Labels", "birth certificate"),
    "MARRIAGE_CERT": QT_TRANSLATE_NOOP("Labels", "marriage certificate"),
    "DIVORCE_CERT": QT_TRANSLATE_NOOP("Labels", "divorce certificate"),
    "DEATH_CERT": QT_TRANSLATE_NOOP("Labels", "death certificate"),
    "BUSINESS_LICENSE": QT_TRANSLATE_NOOP("Labels", "business licence"),
    "FOOD_BUSINESS_LICENSE": QT_TRANSLATE_NOOP("Labels", "food business licence"),
    "REAL_ESTATE_CERT": QT_TRANSLATE_NOOP("Labels", "real estate certificate"),
    "SOCIAL_SECURITY_CARD": QT_TRANSLATE_NOOP("Labels", "social security card"),
    "DRIVING_LICENSE": QT_TRANSLATE_NOOP("Labels", "driving licence"),
    "VEHICLE_LICENSE": QT_TRANSLATE_NOOP("Labels", "vehicle licence"),
    "DISABILITY_CERT": QT_TRANSLATE_NOOP("Labels", "disability certificate"),
    "DEGREE_CERT": QT_TRANSLATE_NOOP("Labels", "diploma"),
    "PRACTICING_CERT": QT_TRANSLATE_NOOP("Labels", "professional qualification certificate"),
}

# What the core says when this table has no word for a code (a platform status, a new type).
_CORE_WORDS = {id(STATUS_LABELS): status_in_chinese, id(MATERIAL_STATE_LABELS): STATE_LABELS.get,
               id(CERT_TYPE_LABELS): CERT_TYPES.get}


def label(table: dict[str, str], code: str | None) -> str:
    """The clerk's word for ``code`` in the UI's language; the core's word or the code when unknown."""
    if code is None:
        return ""
    if code in table:
        return QCoreApplication.translate("Labels", table[code]) if table[code] else ""
    core = _CORE_WORDS.get(id(table))
    return (core(code) if core is not None else None) or code


def local_time(value: dt.datetime | None, with_seconds: bool = False) -> str:
    """A stored naive-UTC timestamp on the hall's clock (not the PC's zone), e.g. 2026-11-25 09:41."""
    if value is None:
        return ""
    local = hall_clock().local(value)
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def local_date(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d")
