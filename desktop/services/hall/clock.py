"""The hall's clock for what the clerk reads: times in the hall's time zone, storage in UTC.

One place for the conversion, so the conflict message ("此件已于 10:42 …"), the history lines
and the report's freshness ("W07 最后同步 09:12") agree with the receipts and the reports.
"""
from __future__ import annotations

import datetime as dt

from desktop.domain.reports import utc_to_local


def hall_time(utc: dt.datetime) -> dt.datetime:
    """Naive UTC → naive hall-local wall-clock time."""
    return utc_to_local(utc)


def hall_today(now_utc: dt.datetime) -> dt.date:
    return utc_to_local(now_utc).date()
