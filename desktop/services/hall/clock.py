"""The hall's clock for what the clerk reads (conflict messages, history lines, freshness).

A thin alias of the one clock (``desktop.domain.hall_clock``), so every time the hall screens and
messages show agrees with the receipts and the reports.
"""
from __future__ import annotations

import datetime as dt

from desktop.domain.hall_clock import hall_clock


def hall_time(utc: dt.datetime) -> dt.datetime:
    """Naive UTC → naive hall-local wall-clock time."""
    return hall_clock().local(utc)


def hall_today(now_utc: dt.datetime) -> dt.date:
    return hall_clock().date_of(now_utc)
