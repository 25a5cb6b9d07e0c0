"""Recounting due dates when the calendar changes: each changed case is a new, queued version.

A due date counted through a year without official data used Monday–Friday. When the year's
arrangement arrives (imported by IT or sent by the platform), every open case is counted again
with the same rule the decision used (:func:`desktop.domain.calendar.promised_due_date`); a case
whose date moves gets, in the caller's transaction, the new date, an ``application_event`` of
kind ``corrected`` (old and new date, why) and the next outbox version (sync rule 3). The papers
already issued stay as they were handed over.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.domain.calendar import WorkCalendar, promised_due_date
from desktop.domain.lifecycle import Status
from desktop.services.context import AppContext
from desktop.services.outbox import enqueue_application
from desktop.store.models import Application, ApplicationEvent, ApplicationMaterial

RECOUNTED_STATUSES = (str(Status.ACCEPTED), str(Status.TRANSFERRED))


@dataclass(frozen=True)
class Recount:
    uuid: str
    label: str  # acceptance number
    old_due: dt.date
    new_due: dt.date
    version: int


def recount_open_cases(ctx: AppContext, s: Session, calendar: WorkCalendar, *, reason: str,
                       actor: str) -> list[Recount]:
    """Count every open case's due date again with ``calendar``; queue the ones that moved."""
    clock = ctx.hall_clock
    notified = dict(s.execute(
        select(ApplicationEvent.application_id, func.max(ApplicationEvent.at))
        .join(Application, Application.id == ApplicationEvent.application_id)
        .where(ApplicationEvent.to_status == str(Status.SUPPLEMENT_REQUESTED),
               Application.status.in_(RECOUNTED_STATUSES))
        .group_by(ApplicationEvent.application_id)).tuples().all())
    candidates = s.execute(select(Application.id, Application.accepted_at, Application.promised_days,
                                  Application.due_date)
                           .where(Application.status.in_(RECOUNTED_STATUSES), Application.due_date.is_not(None),
                                  Application.promised_days > 0, Application.accepted_at.is_not(None))).all()
    moved: dict[int, tuple[dt.date, dt.date, int]] = {}
    for app_id, accepted_at, promised, due in candidates:
        notice = notified.get(app_id)
        new_due, paused = promised_due_date(calendar, clock.date_of(accepted_at), promised,
                                            clock.date_of(notice) if notice and notice < accepted_at else None)
        if new_due != due:
            moved[app_id] = (due, new_due, paused)
    if not moved:
        return []
    now = ctx.now()
    out: list[Recount] = []
    apps = s.scalars(select(Application).where(Application.id.in_(moved)).order_by(Application.id).options(
        selectinload(Application.materials).selectinload(ApplicationMaterial.attachments),
        selectinload(Application.applicant), selectinload(Application.agent))).all()
    for app in apps:
        old, new, paused = moved[app.id]
        base = app.local_version
        app.due_date, app.paused_working_days, app.updated_at = new, paused, now
        event = ApplicationEvent(application_id=app.id, from_status=app.status, to_status=app.status, at=now,
                                 user_id=None, source="window", kind="corrected",
                                 note=f"{reason}：承诺办结日期 {old.isoformat()} → {new.isoformat()}")
        s.add(event)
        row = enqueue_application(s, app, ctx.config.hall.region_code, now=now)
        event.detail = json.dumps({"reason": reason, "actor": actor, "base_version": base, "version": row.version,
                                   "changes": {"due_date": [old.isoformat(), new.isoformat()]}},
                                  ensure_ascii=False, sort_keys=True)
        out.append(Recount(uuid=app.uuid, label=app.acceptance_no or app.uuid, old_due=old, new_due=new,
                           version=row.version))
    return out
