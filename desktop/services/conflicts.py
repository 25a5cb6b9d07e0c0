"""Conflicts: versions of a case the app never chooses between by itself; the supervisor does.

Recorded by the platform seam (``sync/status_pull.py``) and, later, by the hall's case events:
:func:`record` is called inside the transaction that met the conflict, keeps both versions
verbatim, and is idempotent on ``(kind, remote_key)``. A ``platform_conflict`` holds the case's
unsent outbox rows (parked with the conflict's number) until :func:`resolve` decides:

* ``keep_local`` — the window's version is sent (its rows go back to pending);
* ``take_remote`` — the other version is applied through the state machine; the window's rows
  are withdrawn (kept, never sent) and its version stays in the conflict record;
* ``acknowledged`` — for a refused platform change: seen, and still never applied.

Every resolution is audited with the supervisor's name. The role check is inside the service.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import UserError
from desktop.domain.lifecycle import (
    ConflictKind,
    ConflictState,
    IllegalTransition,
    OutboxState,
    Resolution,
    Status,
    SyncState,
    label,
    server_transition,
)
from desktop.services import audit
from desktop.store.models import Application, ApplicationEvent, CaseConflict, Outbox, utcnow

UNSENT = (OutboxState.PENDING, OutboxState.SENDING, OutboxState.PARKED, OutboxState.HELD)


class ConflictError(UserError):
    """A resolution that cannot be made; the message is for the supervisor."""


@dataclass(frozen=True)
class ConflictView:
    id: int
    case_uuid: str
    acceptance_no: str
    matter_name: str
    kind: str
    source: str
    local_status: str
    remote_status: str
    reason: str
    detected_at: Any
    state: str
    resolution: str
    resolved_by: str
    local_payload: str
    remote_payload: str

    @property
    def kind_label(self) -> str:
        return {ConflictKind.PLATFORM_REFUSED: "平台状态被拒绝", ConflictKind.PLATFORM_CONFLICT: "与平台决定冲突",
                ConflictKind.HALL_EVENT: "其他窗口的操作"}.get(ConflictKind(self.kind), self.kind)

    def choices(self) -> tuple[Resolution, ...]:
        if self.state != ConflictState.OPEN:
            return ()
        if self.kind in (ConflictKind.PLATFORM_REFUSED, ConflictKind.HALL_EVENT):
            # A hall event that lost stays lost (the platform kept the first valid one): seen, never applied.
            return (Resolution.ACKNOWLEDGED,)
        return (Resolution.KEEP_LOCAL, Resolution.TAKE_REMOTE)


RESOLUTION_LABELS = {Resolution.KEEP_LOCAL: "采用本窗口版本", Resolution.TAKE_REMOTE: "采用平台/对方版本",
                     Resolution.ACKNOWLEDGED: "已知悉（不采用该版本）"}


def record(s: Session, *, app: Application | None, case_uuid: str, kind: ConflictKind, remote_key: str,
           remote_status: str, remote_version: int | None, remote_payload: dict[str, Any], reason: str,
           source: str = "platform", local_payload: str | None = None, at=None) -> CaseConflict | None:
    """Record one conflict in the caller's transaction; None when this one was already recorded."""
    existing = s.scalar(select(CaseConflict).where(CaseConflict.kind == str(kind),
                                                   CaseConflict.remote_key == remote_key))
    if existing is not None:
        return None
    if local_payload is None and app is not None:
        local_payload = s.scalar(select(Outbox.payload).where(Outbox.application_id == app.id)
                                 .order_by(Outbox.version.desc()).limit(1)) or ""
    row = CaseConflict(application_id=app.id if app else None, case_uuid=case_uuid, kind=str(kind), source=source,
                       remote_key=remote_key, local_status=app.status if app else "",
                       local_version=app.local_version if app else None, local_payload=local_payload or "",
                       remote_status=remote_status, remote_version=remote_version,
                       remote_payload=json.dumps(remote_payload, ensure_ascii=False, sort_keys=True, default=str),
                       reason=reason, detected_at=at or utcnow(), state=str(ConflictState.OPEN))
    s.add(row)
    s.flush()
    if app is not None and kind == ConflictKind.PLATFORM_CONFLICT:
        _hold_unsent(s, app, row)
    audit.record(s, source, f"conflict.{kind}", app.acceptance_no or case_uuid if app else case_uuid,
                 {"uuid": case_uuid, "conflict": row.id, "local": row.local_status, "remote": remote_status},
                 at=row.detected_at)
    return row


def _hold_unsent(s: Session, app: Application, conflict: CaseConflict) -> None:
    note = f"与中心平台的决定冲突，等待主管处理（冲突 #{conflict.id}）"
    for row in s.scalars(select(Outbox).where(Outbox.application_id == app.id, Outbox.state.in_(UNSENT))):
        row.state, row.parked_reason = str(OutboxState.HELD), note
    app.sync_state = str(SyncState.PARKED)


def _view(row: CaseConflict, app: Application | None) -> ConflictView:
    return ConflictView(row.id, row.case_uuid, (app.acceptance_no or "") if app else "",
                        app.matter_name if app else "", row.kind, row.source, row.local_status, row.remote_status,
                        row.reason, row.detected_at, row.state, row.resolution, row.resolved_by,
                        row.local_payload, row.remote_payload)


class ConflictService:
    def __init__(self, ctx) -> None:
        self.ctx = ctx

    def list(self, *, open_only: bool = True) -> list[ConflictView]:
        with self.ctx.db.session() as s:
            query = select(CaseConflict, Application).outerjoin(Application,
                                                                Application.id == CaseConflict.application_id)
            if open_only:
                query = query.where(CaseConflict.state == str(ConflictState.OPEN))
            return [_view(c, a) for c, a in s.execute(query.order_by(CaseConflict.detected_at, CaseConflict.id))]

    def open_count(self) -> int:
        return len(self.list())

    def resolve(self, conflict_id: int, resolution: Resolution | str, supervisor, note: str = "") -> ConflictView:
        """Apply the supervisor's choice (see the module docstring) in one transaction."""
        supervisor.require("supervisor", "处理冲突")
        choice = Resolution(resolution)
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            row = s.get(CaseConflict, conflict_id)
            if row is None:
                raise ConflictError(f"没有编号为 {conflict_id} 的冲突。")
            app = s.get(Application, row.application_id) if row.application_id else None
            view = _view(row, app)
            if choice not in view.choices():
                raise ConflictError(f"冲突 #{conflict_id} 不能“{RESOLUTION_LABELS[choice]}”"
                                    f"（{'已处理' if row.state != ConflictState.OPEN else '不适用于此类冲突'}）。")
            if app is not None and choice == Resolution.KEEP_LOCAL:
                self._release(s, app)
            elif app is not None and choice == Resolution.TAKE_REMOTE:
                self._take_remote(s, app, row, now)
            row.state, row.resolution = str(ConflictState.RESOLVED), str(choice)
            row.resolved_by, row.resolved_at, row.resolution_note = supervisor.username, now, note.strip()
            audit.record(s, supervisor.username, "conflict.resolve", view.acceptance_no or row.case_uuid,
                         {"conflict": row.id, "resolution": str(choice), "uuid": row.case_uuid}, at=now)
            s.flush()
            return _view(row, app)

    @staticmethod
    def _release(s: Session, app: Application) -> None:
        held = s.scalars(select(Outbox).where(Outbox.application_id == app.id,
                                              Outbox.state == str(OutboxState.HELD))).all()
        for row in held:
            row.state, row.parked_reason, row.next_attempt_at = str(OutboxState.PENDING), "", None
        if held:
            app.sync_state = str(SyncState.PENDING)

    @staticmethod
    def _take_remote(s: Session, app: Application, row: CaseConflict, now) -> None:
        target = row.remote_status
        if target and target != app.status:
            try:
                server_transition(app.status, target)
            except IllegalTransition as exc:
                raise ConflictError(f"不能采用对方版本：{exc}。请选择采用本窗口版本，或联系平台更正。") from None
            s.add(ApplicationEvent(application_id=app.id, from_status=app.status, to_status=target, at=now,
                                   source="server", note=f"主管处理冲突 #{row.id}：采用平台版本"))
            app.status = target
            if target == Status.COMPLETED:
                app.completed_at = app.completed_at or now
            if target == Status.REJECTED and not app.rejection_reason.strip():
                remote = json.loads(row.remote_payload or "{}")
                app.rejection_reason = str(remote.get("note") or "") or "中心平台作出不予受理决定"
        for outbox in s.scalars(select(Outbox).where(Outbox.application_id == app.id, Outbox.state.in_(UNSENT))):
            outbox.state = str(OutboxState.WITHDRAWN)
            outbox.parked_reason = f"主管采用了平台版本（冲突 #{row.id}），本窗口的修改保留在冲突记录中，不再上传"
        app.sync_state = str(SyncState.SYNCED)


def describe(view: ConflictView) -> str:
    """One line for the CLI and the log."""
    who = view.acceptance_no or view.case_uuid[:8]
    return (f"[#{view.id}] {view.kind_label} {who} {view.matter_name}：本窗口“{label(view.local_status)}”，"
            f"对方“{label(view.remote_status) if view.remote_status else '-'}” — {view.reason}")
