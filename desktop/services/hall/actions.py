"""Continuing a case at any window: the supplement, a deferred material's delivery, the hand-over.

Each action is ONE write transaction: it checks the case as this PC knows it with the domain's
event rules, changes the local view, records the case event (queued like an outbox row: a
client UUID, an idempotency key, the case version it is based on) and an audit row. It works
offline on a cached case; the platform later takes the event — or, if another window was first,
refuses it and the clerk is told what happened there (see ``sync/hall_push.py``).

A case accepted at this window keeps its own path for the supplement (the intake decision, whose
event rides in the case's outbox snapshot); the other actions are events of their own.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_events import (
    CaseEvent,
    EventKind,
    EventRefused,
    apply_event,
    conflict_message,
    iso_time,
    parse_event,
)
from desktop.domain.lifecycle import Status, label
from desktop.domain.masking import mask_id_number, mask_name
from desktop.services import audit
from desktop.services.accounts.auth import CurrentUser
from desktop.services.catalog.calendar import load_calendar
from desktop.services.context import AppContext
from desktop.services.hall.cases import load_case
from desktop.services.hall.clock import hall_time, hall_today
from desktop.services.hall.keys import key_for
from desktop.services.hall.recorder import record
from desktop.services.hall.state import case_state, diff, parse_extra
from desktop.services.hall.views import ActionResult
from desktop.services.intake.errors import IntakeError
from desktop.store.hall_models import CaseEvent as EventRow
from desktop.store.models import Application, ApplicationEvent

SUPPLEMENT_PAPERS = ("receipt", "materials-receipt")
DELIVERY_PAPERS = ("materials-receipt",)
HANDOVER_PAPERS = ("handover-receipt",)


class HallActionRefused(IntakeError):
    """An action the case no longer allows; the message says why in the clerk's words."""


@dataclass(frozen=True)
class Handover:
    """Who collected the result and how (the ID number comes from the card reader and is never stored in full)."""

    collector: str  # applicant | agent
    name: str
    id_number: str = field(repr=False)
    method: str = "window"  # window | post
    courier: str = ""
    tracking_no: str = ""
    authorised: bool = False  # an agent's written authorisation (授权委托书) was checked
    id_kind: str = "person"


class HallActions:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- the supplement (补齐材料) ---------------------------------------------------------

    def record_supplement(self, clerk: CurrentUser, uuid: str, *, seqs: Sequence[int] | None = None,
                          note: str = "") -> ActionResult:
        """The citizen brought what the 一次性告知书 listed: the clock resumes, the case is accepted
        under its ORIGINAL acceptance number."""
        with self.ctx.db.session() as s:
            own = load_case(s, uuid).origin == "window"
        if own:
            return self._own_supplement(clerk, uuid, seqs)
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            app = load_case(s, uuid)
            self._require(s, app, app.status == Status.SUPPLEMENT_REQUESTED, "补齐材料")
            before = case_state(app)
            wanted = set(seqs) if seqs else {m.seq for m in app.materials if m.required
                                            and m.state in ("missing", "pending")}
            for m in app.materials:
                if m.seq in wanted:
                    m.state, m.provided_form, m.provided_copies = "provided", m.form_expected, m.copies_expected
            still = [m.name for m in app.materials if m.required and m.state in ("missing", "pending")]
            if still:
                raise HallActionRefused(f"还缺少材料：{'、'.join(still)}，补齐后才能受理")
            calendar = load_calendar(s)
            start = hall_time(app.decided_at).date() if app.decided_at else hall_today(now)
            paused = max(0, calendar.working_days_between(start, hall_today(now)))
            app.status, app.accepted_at, app.decided_at = str(Status.ACCEPTED), now, now
            app.due_date = calendar.add_working_days(start, (app.promised_days or 0) + paused)
            app.paused_working_days, app.updated_at = paused, now
            data = diff(before, case_state(app))
            data["materials"] = [dict(r) for _seq, r in sorted(case_state(app)["materials"].items())]
            if note.strip():
                data["note"] = note.strip()
            event = self._event(s, app, clerk, EventKind.SUPPLEMENT_RECEIVED, data, before, now)
            s.add(ApplicationEvent(application_id=app.id, from_status=str(Status.SUPPLEMENT_REQUESTED),
                                   to_status=str(Status.ACCEPTED), at=now, user_id=clerk.id, source="window",
                                   note=f"{self.window} 号窗口补齐材料（原受理编号 {app.acceptance_no or '—'}）"))
            audit.record(s, clerk.username, "hall.supplement", app.acceptance_no or app.uuid,
                         {"uuid": app.uuid, "window": app.window_id, "due_date": app.due_date,
                          "paused_days": paused}, at=now)
            return self._result(app, event, SUPPLEMENT_PAPERS)

    def _own_supplement(self, clerk: CurrentUser, uuid: str, seqs: Sequence[int] | None) -> ActionResult:
        from desktop.services.intake.service import IntakeService

        intake = IntakeService(self.ctx)
        view = intake.get_application(uuid)
        wanted = set(seqs) if seqs else {m.seq for m in view.missing_materials}
        for seq in sorted(wanted):
            intake.set_material(uuid, seq, "provided")
        decision = intake.accept(clerk, uuid)
        with self.ctx.db.session() as s:
            app = load_case(s, uuid)
            last = s.execute(select(EventRow.event_uuid).where(EventRow.application_id == app.id)
                             .order_by(EventRow.id.desc())).scalar() or ""
        return ActionResult(uuid=uuid, kind=str(EventKind.SUPPLEMENT_RECEIVED), event_uuid=last,
                            status=decision.status, acceptance_no=decision.acceptance_no or "",
                            papers=SUPPLEMENT_PAPERS, queued=True)

    # --- a deferred material delivered (容缺补交) --------------------------------------------

    def record_deferred_delivery(self, clerk: CurrentUser, uuid: str, seqs: Sequence[int]) -> ActionResult:
        """The promised material arrived: the undertaking for it closes."""
        if not seqs:
            raise HallActionRefused("请选择补交的容缺材料")
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            app = load_case(s, uuid)
            self._require(s, app, app.status in (Status.ACCEPTED, Status.TRANSFERRED, Status.COMPLETED), "补交容缺材料")
            before = case_state(app)
            rows = {m.seq: m for m in app.materials}
            for seq in seqs:
                row = rows.get(seq)
                if row is None:
                    raise HallActionRefused(f"材料清单中没有第 {seq} 项")
                if row.state != "deferred":
                    self._require(s, app, False, f"补交“{row.name}”")
                row.state, row.provided_form, row.provided_copies = "provided", row.form_expected, row.copies_expected
                row.deferred_until = None
            app.updated_at = now
            after = case_state(app)
            data = {"case": {}, "materials": [dict(after["materials"][seq]) for seq in sorted(seqs)]}
            event = self._event(s, app, clerk, EventKind.DEFERRED_DELIVERED, data, before, now)
            names = "、".join(rows[seq].name for seq in sorted(seqs))
            s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status=app.status, at=now,
                                   user_id=clerk.id, source="window", note=f"{self.window} 号窗口补交容缺材料：{names}"))
            audit.record(s, clerk.username, "hall.deferred_delivered", app.acceptance_no or app.uuid,
                         {"uuid": app.uuid, "materials": sorted(seqs)}, at=now)
            return self._result(app, event, DELIVERY_PAPERS)

    # --- the hand-over of the result (出件/领证) -----------------------------------------

    def record_handover(self, clerk: CurrentUser, uuid: str, handover: Handover) -> ActionResult:
        """Who collected the result (ID read from the card) and how: at the window or by post."""
        name = (handover.name or "").strip()
        if not name or not handover.id_number:
            raise HallActionRefused("请读取领取人的身份证")
        if handover.collector not in ("applicant", "agent"):
            raise HallActionRefused("请选择领取人：申请人本人或委托代理人")
        if handover.method == "post" and not (handover.courier.strip() and handover.tracking_no.strip()):
            raise HallActionRefused("邮寄送达需填写快递公司和运单号")
        if handover.collector == "agent" and not handover.authorised:
            raise HallActionRefused("代领须查验申请人的授权委托书")
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            app = load_case(s, uuid)
            self._require(s, app, app.status == Status.COMPLETED and app.handed_over_at is None, "交付办理结果")
            card_key = key_for(s, handover.id_kind, handover.id_number)
            if handover.collector == "applicant" and not self._is_applicant(app, card_key, handover.id_number):
                raise HallActionRefused("读取的身份证与申请人不符。如为他人代领，请选择“委托代理人”并查验授权委托书")
            before = case_state(app)
            app.handed_over_at, app.updated_at = now, now
            detail = {"collector": handover.collector, "name": mask_name(name),
                      "id_masked": mask_id_number(handover.id_number), "key": card_key or "",
                      "method": handover.method, "courier": handover.courier.strip(),
                      "tracking_no": handover.tracking_no.strip(), "window_id": self.window,
                      "at": iso_time(now)}
            extra = parse_extra(app.hall_extra)
            extra["handover"] = detail
            extra["handover_name"] = name  # the full name stays on this PC, for the 领取回执 only
            app.hall_extra = json.dumps(extra, ensure_ascii=False, sort_keys=True)
            data = {"case": {"handed_over_at": iso_time(now)}, "handover": detail}
            event = self._event(s, app, clerk, EventKind.RESULT_HANDED_OVER, data, before, now)
            how = f"邮寄（{detail['courier']} {detail['tracking_no']}）" if handover.method == "post" else "窗口领取"
            s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status=app.status, at=now,
                                   user_id=clerk.id, source="window",
                                   note=f"{self.window} 号窗口交付办理结果：{how}"))
            audit.record(s, clerk.username, "hall.handover", app.acceptance_no or app.uuid,
                         {"uuid": app.uuid, "collector": handover.collector, "method": handover.method}, at=now)
            return self._result(app, event, HANDOVER_PAPERS)

    @staticmethod
    def _is_applicant(app: Application, card_key: str | None, number: str) -> bool:
        if app.applicant is not None:
            return app.applicant.id_number.strip().upper() == number.strip().upper()
        return bool(card_key and app.applicant_key and card_key == app.applicant_key)

    # --- shared -----------------------------------------------------------------------

    @property
    def window(self) -> str:
        return self.ctx.config.hall.window_id

    def _event(self, s: Session, app: Application, clerk: CurrentUser, kind: EventKind, data: dict,
               before: dict, now: dt.datetime) -> EventRow:
        row = record(s, app, kind, data, clerk=clerk.username, clerk_name=clerk.display_name or clerk.username,
                     window_id=self.window, at=now, carrier="direct")
        try:  # the same rule the platform applies: never queue an event the case refuses
            apply_event(before, parse_event(json.loads(row.payload)), check_version=False)
        except EventRefused as exc:
            raise HallActionRefused(str(exc)) from None
        if app.origin == "hall":
            app.sync_state = "pending"
        return row

    def _require(self, s: Session, app: Application, ok: bool, what: str) -> None:
        """Refuse with what happened to the case, the way the other window's clerk would say it."""
        if ok:
            return
        rows = s.execute(select(EventRow.payload, EventRow.server_at, EventRow.at).where(
            EventRow.application_id == app.id, EventRow.push_state.in_(("received", "done", "deferred")))
            .order_by(EventRow.version.desc().nulls_last(), EventRow.id.desc()).limit(1)).first()
        if rows is not None:
            last: CaseEvent = parse_event(json.loads(rows.payload))
            moment = rows.server_at or rows.at
            told = conflict_message(last, hall_time(moment), hall_today(self.ctx.now()))
            raise HallActionRefused(f"{told}，当前为“{label(app.status)}”，不能{what}")
        raise HallActionRefused(f"办件当前为“{label(app.status)}”，不能{what}")

    def _result(self, app: Application, event: EventRow, papers: tuple[str, ...]) -> ActionResult:
        return ActionResult(uuid=app.uuid, kind=event.kind, event_uuid=event.event_uuid, status=app.status,
                            acceptance_no=app.acceptance_no or "", papers=papers, queued=True)
