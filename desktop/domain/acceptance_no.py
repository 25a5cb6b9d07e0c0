"""The human-readable acceptance number (受理编号) printed on the receipt: 620100-W03-20261125-0007.

It says where (region, window), when (the local day) and which (the window's daily sequence),
so a citizen phoning the hall can be found without their ID number. It is NOT the sync
identity (that is the application's UUID): two counters restored from old backups could in
theory produce the same number, while a UUID never collides.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desktop.domain.errors import UserError

_PATTERN = re.compile(r"(\d{6})-([A-Z][A-Z0-9]{1,7})-(\d{8})-(\d{4,6})")


class AcceptanceNoError(UserError, ValueError):
    """The text is not an acceptance number; the message says what is expected."""


@dataclass(frozen=True)
class AcceptanceNo:
    region: str
    window: str
    day: dt.date
    seq: int

    def __str__(self) -> str:
        return format_acceptance_no(self.region, self.window, self.day, self.seq)


def format_acceptance_no(region: str, window: str, day: dt.date, seq: int) -> str:
    """``region-window-YYYYMMDD-seq``; the sequence has at least four digits (widens past 9999)."""
    if not re.fullmatch(r"\d{6}", region):
        raise AcceptanceNoError(f"行政区划代码应为6位数字：{region}")
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", window):
        raise AcceptanceNoError(f"窗口编号格式不正确：{window}")
    if not 1 <= seq <= 999_999:
        raise AcceptanceNoError(f"当日流水号超出范围：{seq}")
    return f"{region}-{window}-{day:%Y%m%d}-{seq:04d}"


def parse_acceptance_no(text: str) -> AcceptanceNo:
    """Parse a number typed by a clerk (spaces trimmed, lower case accepted)."""
    value = (text or "").strip().upper()
    match = _PATTERN.fullmatch(value)
    if not match:
        raise AcceptanceNoError(f"受理编号格式应为 行政区划-窗口-日期-流水号，例如 620100-W03-20261125-0007：{value}")
    region, window, day_text, seq_text = match.groups()
    try:
        day = dt.datetime.strptime(day_text, "%Y%m%d").date()
    except ValueError as exc:
        raise AcceptanceNoError(f"受理编号中的日期 {day_text} 无效") from exc
    seq = int(seq_text)
    if seq == 0:
        raise AcceptanceNoError("受理编号中的流水号不能为0")
    return AcceptanceNo(region, window, day, seq)


def looks_like_acceptance_no(text: str) -> bool:
    """Cheap test for the search box: route the query to a number lookup instead of a name search."""
    return bool(_PATTERN.fullmatch((text or "").strip().upper()))
