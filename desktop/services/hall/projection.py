"""The hall's events applied to the local cache: a window's view of every case built from its events.

Called by the hall feed puller for each page (in the page's transaction, with its cursor) and by
the on-demand fetch of one case. Each case's new events are folded onto its current view with
the domain rules (``desktop.domain.case_events.apply_event``); an event that does not fit —
malformed, a gap in the case's versions, a status the rules forbid — stops the page there:
:class:`FeedRefused` names it, and everything before it is written so the cursor can stop right
before it (nothing is skipped silently).

New cases are written with ``executemany`` (an initial feed brings a whole hall); cases already
here are updated column by column. This window's own case with a change not yet sent is not
overwritten (sync rule 5): the events are kept and the view is rebuilt once the change has been
answered (:func:`reproject`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from desktop.domain.canonical_json import canonical
from desktop.domain.case_events import (
    BIRTH_KINDS,
    PLATFORM_KINDS,
    TARGET_STATUS,
    CaseEvent,
    EventRefused,
    apply_event,
    new_state,
    parse_event,
)
from desktop.services.accounts.auth import HALL_ROLE
from desktop.services.hall.refusals import record_refusal
from desktop.services.hall.state import hall_extra, material_columns, parse_extra, row_columns, state_of
from desktop.store.hall_models import CaseEvent as EventRow
from desktop.store.models import Application, ApplicationEvent, ApplicationMaterial, User

A = cast(Table, Application.__table__)
M = cast(Table, ApplicationMaterial.__table__)
E = cast(Table, EventRow.__table__)
AE = cast(Table, ApplicationEvent.__table__)
U = cast(Table, User.__table__)
CHUNK = 900  # SQLite bound-parameter budget per IN list


class FeedRefused(Exception):
    """A feed item that is refused: ``index`` is its place in the page (items before it were applied)."""

    def __init__(self, index: int, case_uuid: str, event_uuid: str, reason: str) -> None:
        super().__init__(reason)
        self.index, self.case_uuid, self.event_uuid, self.reason = index, case_uuid, event_uuid, reason
        self.report = ApplyReport()  # what was applied before the refused item


@dataclass
class ApplyReport:
    cases_new: int = 0
    cases_updated: int = 0
    events: int = 0
    own_confirmed: int = 0
    deferred: int = 0
    tombstones: int = 0
    touched: set[str] = field(default_factory=set)  # case uuids whose view changed


@dataclass
class _Case:
    uuid: str
    app_id: int | None
    origin: str
    unsent: bool
    state: dict[str, Any]
    known_events: dict[str, tuple[int, int | None]]  # event uuid -> (row id, version)
    new_rows: list[dict[str, Any]] = field(default_factory=list)
    confirmed: list[tuple[int, CaseEvent]] = field(default_factory=list)
    status_moves: list[tuple[str, str, CaseEvent]] = field(default_factory=list)
    changed: bool = False
    deleted: bool = False


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def event_row(app_id: int, event: CaseEvent, *, now: dt.datetime, push_state: str = "received") -> dict[str, Any]:
    """A ``case_event`` row for an event that came from the hall."""
    text = canonical(event.wire())
    return {"event_uuid": event.event_uuid, "idempotency_key": f"ev-{event.event_uuid}", "application_id": app_id,
            "case_uuid": event.case_uuid, "kind": event.kind, "version": event.version,
            "base_version": event.base_version, "payload": text,
            "payload_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "window_id": event.window_id,
            "clerk": event.clerk, "at": event.at, "server_at": event.server_at, "origin": "hall", "carrier": "feed",
            "outbox_id": None, "push_state": push_state, "attempts": 0, "next_attempt_at": None, "last_error": "",
            "refusal": "", "refused_by": None, "seen_at": None, "created_at": now, "updated_at": now}


class HallProjector:
    """Applies pages of hall events inside one session (the caller's transaction)."""

    def __init__(self, s: Session, now: dt.datetime, *, defer_all: bool = False) -> None:
        self.s = s
        self.now = now
        self.defer_all = defer_all  # keep the events only; the caller rebuilds the view (reproject)
        self._users: dict[str, int] | None = None

    # --- clerks of other windows ----------------------------------------------------

    def user_id(self, clerk: str, clerk_name: str) -> int:
        """This PC's account of that username, or an inactive name-only row for a clerk of another window."""
        if self._users is None:
            self._users = {}
            for uid, username in self.s.execute(select(U.c.id, U.c.username)):
                self._users[username.lstrip("@") if username.startswith("@") else username] = uid
        clerk = clerk or "（未知）"
        uid = self._users.get(clerk)
        if uid is None:
            result = self.s.execute(insert(U).values(username=f"@{clerk}"[:64], display_name=clerk_name or clerk,
                                                     role=HALL_ROLE, password_hash="!", active=False,
                                                     failed_attempts=0, created_at=self.now))
            key = cast(CursorResult, result).inserted_primary_key
            assert key is not None
            uid = int(key[0])
            self._users[clerk] = uid
        return uid

    # --- a page ---------------------------------------------------------------------

    def apply(self, items: Sequence[tuple[str, Sequence[Any]]], *,
              tombstones: Mapping[int, str] | None = None) -> ApplyReport:
        """Apply ``(case_uuid, raw events)`` items in order; raises :class:`FeedRefused` at the first misfit
        after writing every item before it. ``tombstones`` marks the item indexes that delete their case."""
        report = ApplyReport()
        cases = self._load([uuid for uuid, _ in items])
        refused: FeedRefused | None = None
        for index, (uuid, raw_events) in enumerate(items):
            case = cases.get(uuid)
            if case is None:
                case = cases[uuid] = _Case(uuid, None, "hall", False, new_state(uuid), {})
            if tombstones and index in tombstones:
                case.deleted = True
                continue
            saved = (case.state, len(case.new_rows), len(case.confirmed), len(case.status_moves), case.changed,
                     report.events)
            try:
                self._fold(case, raw_events, report)
            except FeedRefused as exc:
                refused = FeedRefused(index, exc.case_uuid, exc.event_uuid, exc.reason)
                # This item is not taken at all; the items before it stand.
                case.state, rows, confirmed, moves, case.changed, report.events = saved
                del case.new_rows[rows:], case.confirmed[confirmed:], case.status_moves[moves:]
                break
        self._write(cases.values(), report)
        if refused is not None:
            refused.report = report
            raise refused
        return report

    def _load(self, uuids: Sequence[str]) -> dict[str, _Case]:
        wanted = list(dict.fromkeys(uuids))
        cases: dict[str, _Case] = {}
        rows: list[Any] = []
        for part in _chunks(wanted):
            rows += self.s.execute(select(A).where(A.c.uuid.in_(part))).mappings().all()
        if not rows:
            return cases
        ids = [r["id"] for r in rows]
        materials: dict[int, list[dict[str, Any]]] = {}
        events: dict[int, dict[str, tuple[int, int | None]]] = {}
        answering: set[int] = set()  # cases with an event of ours still to be answered
        for part in _chunks(ids):
            for m in self.s.execute(select(M).where(M.c.application_id.in_(part))).mappings():
                materials.setdefault(m["application_id"], []).append(dict(m))
            for eid, app_id, ev_uuid, version, state, origin in self.s.execute(
                    select(E.c.id, E.c.application_id, E.c.event_uuid, E.c.version, E.c.push_state, E.c.origin)
                    .where(E.c.application_id.in_(part))):
                events.setdefault(app_id, {})[ev_uuid] = (eid, version)
                if origin == "local" and state in ("pending", "sending") and version is None:
                    answering.add(app_id)
        for r in rows:
            state = state_of(r, sorted(materials.get(r["id"], []), key=lambda m: m["seq"]), applicant=None, agent=None)
            unsent = self.defer_all or r["id"] in answering
            cases[r["uuid"]] = _Case(r["uuid"], r["id"], r["origin"], unsent, state, events.get(r["id"], {}))
        return cases

    def _fold(self, case: _Case, raw_events: Sequence[Any], report: ApplyReport) -> None:
        for raw in raw_events:
            event_uuid = str(raw.get("event_uuid") or "") if isinstance(raw, Mapping) else ""
            try:
                event = parse_event(raw)
            except ValueError as exc:
                raise FeedRefused(-1, case.uuid, event_uuid, f"事件格式不正确：{exc}") from None
            if event.case_uuid != case.uuid:
                raise FeedRefused(-1, case.uuid, event.event_uuid, "事件所属办件与条目不一致")
            if isinstance(raw, Mapping) and isinstance(raw.get("refused"), Mapping):
                self._refused_record(case, event, raw["refused"])
                continue
            if event.version is None:
                raise FeedRefused(-1, case.uuid, event.event_uuid, "平台事件缺少版本号")
            have = int(case.state.get("version") or 0)
            known = case.known_events.get(event.event_uuid)
            if known is not None and known[1] is not None:
                if known[1] != event.version:
                    raise FeedRefused(-1, case.uuid, event.event_uuid,
                                      f"事件版本与本机记录不一致（本机第 {known[1]} 版，平台第 {event.version} 版）")
                if known[1] > have:  # ours, numbered when it was sent: the case has reached it now
                    case.state = {**case.state, "version": known[1]}
                    case.changed = case.changed or not case.unsent
                continue  # already applied (a replayed page, or a case fetched in full meanwhile)
            if event.version <= have:
                raise FeedRefused(-1, case.uuid, event.event_uuid,
                                  f"事件顺序不正确：办件已是第 {have} 版，又收到第 {event.version} 版")
            report.events += 1
            if known is not None:  # this window's own event, now numbered: the view already shows it
                case.confirmed.append((known[0], event))
                case.known_events[event.event_uuid] = (known[0], event.version)
                case.state = {**case.state, "version": event.version}
                report.own_confirmed += 1
                continue
            if case.unsent:
                # Sync rule 5: our change not yet answered stays on screen; rebuilt after its answer.
                case.new_rows.append(event_row(case.app_id or 0, event, now=self.now, push_state="deferred"))
                case.known_events[event.event_uuid] = (-1, event.version)
                case.state = {**case.state, "version": event.version}
                report.deferred += 1
                continue
            before = case.state.get("status")
            try:
                after = apply_event(case.state, event)
            except EventRefused as exc:
                raise FeedRefused(-1, case.uuid, event.event_uuid, str(exc)) from None
            case.new_rows.append(event_row(case.app_id or 0, event, now=self.now))
            case.known_events[event.event_uuid] = (-1, event.version)
            case.state = after
            case.changed = True
            if after.get("status") != before and event.kind in TARGET_STATUS:
                case.status_moves.append((str(before or "draft"), str(after["status"]), event))

    def _refused_record(self, case: _Case, event: CaseEvent, refused: Mapping[str, Any]) -> None:
        """An event a window made but another window's came first: kept for the supervisor, never folded."""
        if event.event_uuid in case.known_events:
            return  # our own (already refused here), or already kept
        row = event_row(case.app_id or 0, event, now=self.now, push_state="refused")
        row.update(refusal=str(refused.get("message") or ""), refused_by=str(refused.get("by") or "") or None,
                   last_error="conflict_reported")
        case.new_rows.append(row)
        case.known_events[event.event_uuid] = (-1, None)

    # --- writing --------------------------------------------------------------------

    def _write(self, all_cases: Iterable[_Case], report: ApplyReport) -> None:
        cases = list(all_cases)
        new = [c for c in cases if c.app_id is None and (c.new_rows or c.changed)]
        old = [c for c in cases if c.app_id is not None and (c.new_rows or c.confirmed or c.changed)]
        if new:
            self._insert_new(new, report)
        for case in old:
            self._update(case, report)
        event_rows = [{k: v for k, v in r.items() if k != "_item"} for c in new + old for r in c.new_rows]
        if event_rows:
            insert_rows(self.s, E, event_rows)
        moves = [self._status_row(c, frm, to, ev) for c in new + old for frm, to, ev in c.status_moves]
        if moves:
            insert_rows(self.s, AE, moves)
        report.touched.update(c.uuid for c in new + old if c.changed)
        for case in new + old:
            for row in case.new_rows:
                if row["push_state"] == "refused" and case.app_id:
                    record_refusal(self.s, self.s.get(Application, case.app_id), case_uuid=case.uuid,
                                   event_payload=row["payload"], refusal=row["refusal"], winner=None,
                                   case_version=case.state.get("version"), at=self.now)
        for case in cases:
            if case.deleted and case.app_id is not None and case.origin == "hall":
                self._forget(case.app_id)
                report.tombstones += 1
                report.touched.add(case.uuid)

    def _forget(self, app_id: int) -> None:
        """A case the platform removed: gone from the cache, unless this PC printed or recorded something on it."""
        from desktop.store.models import PrintedDocument

        kept = self.s.execute(select(PrintedDocument.id).where(PrintedDocument.application_id == app_id)
                              .limit(1)).first() or self.s.execute(
            select(E.c.id).where(E.c.application_id == app_id, E.c.origin == "local").limit(1)).first()
        if kept:
            self.s.execute(update(A).where(A.c.id == app_id).values(hall_detail="deleted", updated_at=self.now))
        else:
            self.s.execute(A.delete().where(A.c.id == app_id))

    def _status_row(self, case: _Case, frm: str, to: str, event: CaseEvent) -> dict[str, Any]:
        note = event.data.get("note") if isinstance(event.data.get("note"), str) else ""
        user = None if event.kind in PLATFORM_KINDS else self.user_id(event.clerk, event.clerk_name)
        where = "" if event.kind in PLATFORM_KINDS else f"{event.window_id} 号窗口"
        return {"application_id": case.app_id, "from_status": frm, "to_status": to, "at": event.at, "user_id": user,
                "source": "server" if event.kind in PLATFORM_KINDS else "hall",
                "note": " ".join(x for x in (where, event.phrase if event.kind not in BIRTH_KINDS else "", note) if x)}

    def _insert_new(self, cases: list[_Case], report: ApplyReport) -> None:
        next_id = (self.s.execute(select(func.max(A.c.id))).scalar() or 0) + 1
        apps, materials = [], []
        for case in cases:
            state = case.state
            if not state.get("status") or not state.get("matter_code"):
                # Only events the hall keeps as history reached us (no birth): nothing to show yet.
                case.changed = False
                case.new_rows = []
                continue
            case.app_id = next_id
            next_id += 1
            for row in case.new_rows:
                row["application_id"] = case.app_id
            apps.append(self._new_app_row(case))
            for seq, m in sorted((state.get("materials") or {}).items()):
                materials.append({"application_id": case.app_id, "seq": seq, "matter_material_id": None,
                                  "electronic_required": False, "cert_type": None, "notes": "",
                                  "certificate_available": False, **_material_defaults(),
                                  **material_columns(m, own=False)})
            report.cases_new += 1
        if apps:
            insert_rows(self.s, A, apps)
        if materials:
            insert_rows(self.s, M, materials)

    def _new_app_row(self, case: _Case) -> dict[str, Any]:
        state = case.state
        created = _time(state.get("created_at")) or self.now
        columns = row_columns(state, own=False)
        return {
            "id": case.app_id, "uuid": case.uuid, "official_no": None, "applicant_id": None, "agent_id": None,
            "clerk_id": self.user_id(str(state.get("clerk") or ""), str(state.get("clerk_name") or "")),
            "updated_at": _time(state.get("updated_at")) or created, "draft_json": "", "local_version": 0,
            "sync_state": "synced", "server_version": None, "server_status": state.get("status"),
            "server_updated_at": _time(state.get("updated_at")), "origin": "hall", "hall_detail": "summary",
            "applicant_key": None, "decided_at": None, "accepted_at": None, "completed_at": None, "due_date": None,
            "supplement_due": None, "paused_working_days": 0, "rejection_reason": "", "supplement_note": "",
            "result_ready_at": None, "handed_over_at": None, "withdrawn_at": None, "acceptance_no": None,
            **columns, "created_at": created, "hall_extra": hall_extra(state),
        }

    def _update(self, case: _Case, report: ApplyReport) -> None:
        assert case.app_id is not None
        for row in case.new_rows:
            row["application_id"] = case.app_id
        if case.confirmed:
            self.s.execute(update(E).where(E.c.id == bindparam("eid")).values(
                version=bindparam("v"), server_at=bindparam("sat"), push_state="done", updated_at=self.now),
                [{"eid": eid, "v": ev.version, "sat": ev.server_at} for eid, ev in case.confirmed])
        if not case.changed:
            if case.state.get("version"):
                self.s.execute(update(A).where(A.c.id == case.app_id).values(case_version=case.state["version"]))
            return
        own = case.origin == "window"
        values = row_columns(case.state, own=own)
        values["updated_at"] = self.now
        values["hall_extra"], full_name = _merge_extra(self.s, case.app_id, case.state, own=own)
        if not own:
            values["server_status"] = case.state.get("status")
            if full_name:
                values["applicant_name"] = full_name
        self.s.execute(update(A).where(A.c.id == case.app_id).values(**values))
        existing = {seq: mid for mid, seq in self.s.execute(
            select(M.c.id, M.c.seq).where(M.c.application_id == case.app_id))}
        for seq, m in sorted((case.state.get("materials") or {}).items()):
            columns = material_columns(m, own=own)
            if seq in existing:
                self.s.execute(update(M).where(M.c.id == existing[seq]).values(**columns))
            elif not own:
                self.s.execute(insert(M).values(application_id=case.app_id, seq=seq, matter_material_id=None,
                                                electronic_required=False, cert_type=None, notes="",
                                                certificate_available=False,
                                                **{**_material_defaults(), **columns}))
        report.cases_updated += 1


def insert_rows(s: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """``insert(table)`` of ``rows`` as one plain executemany per set of keys, with what Core would bind.

    Core's own executemany processes every parameter of every row generically (an initial hall
    feed writes hundreds of thousands of rows: seconds of it). Here the conversion is worked out
    once per table and key set: each column's SQLite bind processor (dates and times to text,
    booleans to 0/1) and, for a column the rows leave out, its Python-side default (scalar or
    callable, evaluated per row as Core does); a column with neither is left out, so the
    database's own default applies. tests/unit/hall/test_projection_bulk_rows.py pins the rows
    against Core's.
    """
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    dialect = s.get_bind().dialect
    for keys, group in groups.items():
        sql, plan = _insert_plan(table, keys, dialect)
        s.connection().exec_driver_sql(sql, [tuple(
            (convert(row[name]) if convert else row[name]) if given else
            (convert(default(None)) if convert else default(None)) if callable_default else
            (convert(default) if convert else default)
            for name, given, convert, default, callable_default in plan) for row in group])


_PLANS: dict[tuple[str, tuple[str, ...]], tuple[str, list[tuple[str, bool, Any, Any, bool]]]] = {}


def _insert_plan(table: Table, keys: tuple[str, ...], dialect: Any) -> tuple[str, list[tuple[str, bool, Any, Any, bool]]]:
    """The INSERT and, per column written, (name, given by the rows, bind processor, default, default is callable)."""
    cached = _PLANS.get((table.name, keys))
    if cached is not None:
        return cached
    given = set(keys)
    unknown = given - {c.name for c in table.c}
    if unknown:
        raise KeyError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    plan = []
    for column in table.c:
        default = column.default
        if column.name not in given and (default is None or not (default.is_scalar or default.is_callable)):
            continue
        convert = column.type.dialect_impl(dialect).bind_processor(dialect)
        if column.name in given:
            plan.append((column.name, True, convert, None, False))
        else:
            arg = default.arg  # type: ignore[union-attr]
            plan.append((column.name, False, convert, arg, bool(default.is_callable)))  # type: ignore[union-attr]
    names = ", ".join(f'"{name}"' for name, *_rest in plan)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(plan))})'
    _PLANS[(table.name, keys)] = (sql, plan)
    return sql, plan


def _material_defaults() -> dict[str, Any]:
    return {"name": "", "required": True, "form_expected": "copy", "copies_expected": 1, "deferrable": False,
            "state": "pending", "provided_form": "", "provided_copies": 0, "deferred_until": None,
            "certificate_ref": None}


LOCAL_EXTRAS = ("full_name", "handover_name")  # kept on this PC only, never from the hall


def _merge_extra(s: Session, app_id: int, state: Mapping[str, Any], *, own: bool = False) -> tuple[str, str]:
    """The hall extras after the events; a case keeps what only this PC knows (full names for the papers).

    A window's own case takes only the hand-over from the hall: its parties are its own rows.
    """
    old = parse_extra(s.execute(select(A.c.hall_extra).where(A.c.id == app_id)).scalar())
    if own:
        new = dict(old)
        if state.get("handover"):
            new["handover"] = state["handover"]
    else:
        new = json.loads(hall_extra(state))
        new.update({k: old[k] for k in LOCAL_EXTRAS if old.get(k)})
    return json.dumps(new, ensure_ascii=False, sort_keys=True), str(old.get("full_name") or "")


def _time(value: Any) -> dt.datetime | None:
    from desktop.domain.case_events import parse_time

    return parse_time(value) if value else None


# --- rebuilding one case from its events ---------------------------------------------


def versioned_events(s: Session, app_id: int) -> list[CaseEvent]:
    """The case's events the platform numbered, in its order (refused ones never are)."""
    rows = s.execute(select(E.c.payload, E.c.version, E.c.server_at).where(
        E.c.application_id == app_id, E.c.version.is_not(None)).order_by(E.c.version)).all()
    events = []
    for payload, version, server_at in rows:
        event = parse_event(json.loads(payload))
        events.append(CaseEvent(**{**event.__dict__, "version": version,
                                   "server_at": server_at or event.server_at}))
    return events


def live_local_events(s: Session, app_id: int) -> list[tuple[int, CaseEvent]]:
    """This window's events of the case not yet numbered by the platform (still to be answered)."""
    rows = s.execute(select(E.c.id, E.c.payload).where(
        E.c.application_id == app_id, E.c.version.is_(None), E.c.origin == "local",
        E.c.push_state.in_(("pending", "sending", "done"))).order_by(E.c.id)).all()
    return [(rid, parse_event(json.loads(payload))) for rid, payload in rows]


def reproject(s: Session, app: Application, now: dt.datetime) -> bool:
    """Rebuild a case's view from its numbered events, then this window's unanswered ones on top.

    Used once a change of ours was answered (taken or refused) for a case the hall changed in the
    meantime. Returns False when the history here is incomplete (the view is left as it is).
    """
    events = versioned_events(s, app.id)
    if not events or events[0].version != 1:
        return False
    state: dict[str, Any] | None = None
    before = app.status
    for event in events:
        state = apply_event(state, event)
    assert state is not None
    for _rid, mine in live_local_events(s, app.id):
        try:
            state = apply_event(state, mine, check_version=False)
        except EventRefused:
            continue  # answered soon: refused with plain words by the event pusher
    own = app.origin == "window"
    values = row_columns(state, own=own)
    values["updated_at"] = now
    values["hall_extra"], full_name = _merge_extra(s, app.id, state, own=own)
    if not own and full_name:
        values["applicant_name"] = full_name
    s.execute(update(A).where(A.c.id == app.id).values(**values))
    for seq, m in (state.get("materials") or {}).items():
        s.execute(update(M).where(M.c.application_id == app.id, M.c.seq == seq)
                  .values(**material_columns(m, own=own)))
    s.execute(update(E).where(E.c.application_id == app.id, E.c.push_state == "deferred")
              .values(push_state="received", updated_at=now))
    if state.get("status") != before:
        last = events[-1]
        s.add(ApplicationEvent(application_id=app.id, from_status=before, to_status=str(state["status"]),
                               at=last.server_at or last.at, source="hall",
                               note=f"按中心平台记录更新（{last.window_id or '平台'} {last.phrase}）"))
    s.expire(app)
    return True
