"""Minimal writers used only while the owning services are absent from this build.

The catalog service (``desktop.services.catalog.apply_matters``) and the calendar service
(``desktop.services.calendar_service.CalendarService.replace_year``) own those tables; sync calls
them when they are importable. These fallbacks keep sync working in a build without them, with
the same observable effect on the rows sync is responsible for (catalog rows, calendar days).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.store.models import CalendarDay, Matter, MatterMaterial, utcnow

_MATTER_FIELDS = ("name", "department", "kind", "promised_days", "legal_days", "fee_cents", "fee_note", "immediate")


def apply_matters_minimal(session: Session, items: list[dict[str, Any]], tombstones: list[str]) -> None:
    now = utcnow()
    for item in items:
        matter = session.execute(select(Matter).where(Matter.code == item["code"])).scalar_one_or_none()
        if matter is None:
            matter = Matter(code=item["code"], version=1, source="server")
            session.add(matter)
        elif matter.deleted:
            matter.deleted = False
        for key in _MATTER_FIELDS:
            if key in item:
                setattr(matter, key, item[key])
        matter.search_text = " ".join(str(item.get(k, "")) for k in ("code", "name", "department")).lower()
        matter.source, matter.updated_at = "server", now
        wanted = item.get("materials") or []
        existing = {m.seq: m for m in matter.materials}
        for seq, spec in enumerate(wanted, start=1):
            row = existing.pop(seq, None)
            if row is None:
                row = MatterMaterial(seq=seq)
                matter.materials.append(row)
            for key, value in spec.items():
                setattr(row, key, value)
        for leftover in existing.values():
            matter.materials.remove(leftover)
    for code in tombstones:
        matter = session.execute(select(Matter).where(Matter.code == code)).scalar_one_or_none()
        if matter is not None:
            matter.deleted, matter.updated_at = True, now
    session.flush()


def replace_calendar_year_minimal(session: Session, year: int, holidays: list[dt.date],
                                  workdays: list[dt.date]) -> None:
    session.execute(delete(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1),
                                              CalendarDay.day <= dt.date(year, 12, 31)))
    session.add_all([CalendarDay(day=d, kind="holiday", source="server") for d in sorted(set(holidays))])
    session.add_all([CalendarDay(day=d, kind="workday", source="server") for d in sorted(set(workdays))])
