"""A case event that lost "first valid event wins", recorded where the supervisor looks: the conflict record.

The losing window records it when the platform answers; every other PC of the hall records it
when the hall feed brings the platform's copy (the supervisor's PC included). The record keeps
both versions verbatim — the event that was not taken, and the one that came first — and can
only be acknowledged: the platform kept the first valid event, and nothing is re-applied.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.lifecycle import ConflictKind
from desktop.services import conflicts
from desktop.store.models import Application


def record_refusal(s: Session, app: Application | None, *, case_uuid: str, event_payload: str, refusal: str,
                   winner: dict[str, Any] | None, case_version: int | None, at=None) -> None:
    """One conflict record for a refused event (idempotent on the event's UUID)."""
    mine = json.loads(event_payload) if event_payload else {}
    window = str(mine.get("window_id") or "")
    conflicts.record(s, app=app, case_uuid=case_uuid, kind=ConflictKind.HALL_EVENT,
                     remote_key=f"hall-event:{mine.get('event_uuid', '')}",
                     remote_status=app.status if app is not None else "", remote_version=case_version,
                     remote_payload=winner or {}, reason=f"{window} 号窗口的操作未被采用：{refusal}",
                     source=f"window:{window}" if window else "hall", local_payload=event_payload, at=at)
