"""Small text helpers for templates: dates in the form citizens read, and safe paragraph markup."""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape


def cn_date(day: dt.date | None, empty: str = "—") -> str:
    """2026年11月25日 — the way dates are written on official notices."""
    if day is None:
        return empty
    return f"{day.year}年{day.month}月{day.day}日"


_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..31 as written in a date: 十, 十一, 二十, 二十九, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def cn_numeral_date(day: dt.date | None, empty: str = "") -> str:
    """二〇二六年十一月二十九日 — the date under the seal of an official paper (党政机关公文格式)."""
    if day is None:
        return empty
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def local_time(at: dt.datetime | None, empty: str = "—") -> str:
    """2026年11月25日 09:30 (already local wall-clock time)."""
    if at is None:
        return empty
    return f"{cn_date(at.date())} {at:%H:%M}"


def esc(text: str | None) -> str:
    """Escape for reportlab Paragraph markup: a matter called 'A&B<x>' must print as written."""
    return escape(text or "").replace("\n", "<br/>")
