"""Small text helpers for templates: dates in the form citizens read, and safe paragraph markup."""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape


def cn_date(day: dt.date | None, empty: str = "—") -> str:
    """2026年11月25日 — the way dates are written on official notices."""
    if day is None:
        return empty
    return f"{day.year}年{day.month}月{day.day}日"


def local_time(at: dt.datetime | None, empty: str = "—") -> str:
    """2026年11月25日 09:30 (already local wall-clock time)."""
    if at is None:
        return empty
    return f"{cn_date(at.date())} {at:%H:%M}"


def esc(text: str | None) -> str:
    """Escape for reportlab Paragraph markup: a matter called 'A&B<x>' must print as written."""
    return escape(text or "").replace("\n", "<br/>")
