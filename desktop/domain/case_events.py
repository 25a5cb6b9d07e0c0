"""Cases as events: the vocabulary of what can happen to a case, and how a window's view is built.

A hall has many windows and a citizen returns to whichever is free, so a case is not owned by
the PC that accepted it. Every change is an append-only :class:`CaseEvent` — made at a window
(with a client UUID and an idempotency key) or by the platform — and the platform orders the
events of a case, giving each the case's next ``version``. A window's view of a case (what the
hall may see: masked parties, dates, materials, the result) is the fold of its events with
:func:`apply_event`, which is also the rule that refuses an event that no longer fits the case
(the citizen's supplement was already recorded at another window, the result already handed
over…). Nothing here touches a database: the services and the reference server call it.

The view is a plain dict (JSON-shaped) on purpose: a hall feed folds hundreds of thousands of
events, and the same dict goes into the local cache and into the printed paper's values.

Event ``data`` is uniform across kinds so that a newer platform's kinds can be carried by an
older client (they become history without changing the case):

* ``case``: the case fields the event sets (see :data:`CASE_FIELDS`); a birth event sets all;
* ``materials``: checklist rows the event changes, each ``{"seq": n, ...changed columns}``;
* ``note``: free text for the history line; ``handover``: who collected the result and how;
* anything else is kept verbatim for the kinds that need it (queue ticket, evaluation …).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.domain.hall_clock import parse_utc
from desktop.domain.lifecycle import IllegalTransition, Status, server_transition, window_transition


class EventKind(StrEnum):
    """What happened to a case. The value is the wire name and the stored ``case_event.kind``."""

    # Births: the first decision at a window makes the case known to the hall.
    ACCEPTED = "accepted"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REJECTED = "rejected"
    # At any window of the hall.
    COMPLETED_AT_WINDOW = "completed_at_window"  # 即办件当场办结
    SUPPLEMENT_RECEIVED = "supplement_received"  # 补齐材料: clock resumes, accepted under the original number
    DEFERRED_DELIVERED = "deferred_delivered"  # 容缺材料补交: the undertaking closes
    CORRECTED = "corrected"  # a correction of a submitted case (a new queued version)
    WITHDRAWN = "withdrawn"  # the applicant withdrew
    RESULT_READY = "result_ready"  # the result (licence, certificate) waits at the hall
    RESULT_HANDED_OVER = "result_handed_over"  # 出件: collected at a window or posted
    # By the platform (its status feed, the handling department).
    PLATFORM_TRANSFERRED = "platform_transferred"
    PLATFORM_COMPLETED = "platform_completed"
    PLATFORM_REJECTED = "platform_rejected"
    # Around the citizen (queue, 好差评, closed loop): history now, state when those arrive.
    TICKET_LINKED = "ticket_linked"  # 排队号 ↔ case
    EVALUATED = "evaluated"  # 好差评, 一次一评
    TRANSFERRED_TO_DEPARTMENT = "transferred_to_department"  # hand-over slip to the handling department
    CLOCK_STOPPED = "clock_stopped"  # 特别程序: the working-day clock stops
    CLOCK_RESUMED = "clock_resumed"
    CALLBACK_RECORDED = "callback_recorded"  # 回访
    RECTIFIED = "rectified"  # rectification of a bad evaluation


KIND_VALUES = frozenset(str(k) for k in EventKind)
BIRTH_KINDS = frozenset({EventKind.ACCEPTED, EventKind.SUPPLEMENT_REQUESTED, EventKind.REJECTED})
PLATFORM_KINDS = frozenset({EventKind.PLATFORM_TRANSFERRED, EventKind.PLATFORM_COMPLETED,
                            EventKind.PLATFORM_REJECTED})
# Kinds that only add a line to the history for now (the queue, evaluation and closed-loop work
# gives them their effect); unknown kinds from a newer platform behave the same way.
HISTORY_ONLY_KINDS = frozenset({EventKind.TICKET_LINKED, EventKind.EVALUATED, EventKind.TRANSFERRED_TO_DEPARTMENT,
                                EventKind.CLOCK_STOPPED, EventKind.CLOCK_RESUMED, EventKind.CALLBACK_RECORDED,
                                EventKind.RECTIFIED})

# The status each status-changing kind leads to.
TARGET_STATUS: dict[EventKind, Status] = {
    EventKind.ACCEPTED: Status.ACCEPTED,
    EventKind.SUPPLEMENT_REQUESTED: Status.SUPPLEMENT_REQUESTED,
    EventKind.REJECTED: Status.REJECTED,
    EventKind.COMPLETED_AT_WINDOW: Status.COMPLETED,
    EventKind.SUPPLEMENT_RECEIVED: Status.ACCEPTED,
    EventKind.PLATFORM_TRANSFERRED: Status.TRANSFERRED,
    EventKind.PLATFORM_COMPLETED: Status.COMPLETED,
    EventKind.PLATFORM_REJECTED: Status.REJECTED,
}

# What happened, in the words of "此件已于 10:42 在 W03 号窗口{phrase}".
PHRASES: dict[str, str] = {
    EventKind.ACCEPTED: "受理",
    EventKind.SUPPLEMENT_REQUESTED: "发出补正告知",
    EventKind.REJECTED: "作出不予受理决定",
    EventKind.COMPLETED_AT_WINDOW: "当场办结",
    EventKind.SUPPLEMENT_RECEIVED: "补齐材料",
    EventKind.DEFERRED_DELIVERED: "补交容缺材料",
    EventKind.CORRECTED: "更正办件信息",
    EventKind.WITHDRAWN: "办理撤回",
    EventKind.RESULT_READY: "登记办理结果待领取",
    EventKind.RESULT_HANDED_OVER: "交付办理结果",
    EventKind.PLATFORM_TRANSFERRED: "转办",
    EventKind.PLATFORM_COMPLETED: "办结",
    EventKind.PLATFORM_REJECTED: "退回",
    EventKind.TICKET_LINKED: "关联排队号",
    EventKind.EVALUATED: "收到好差评",
    EventKind.TRANSFERRED_TO_DEPARTMENT: "移交承办部门",
    EventKind.CLOCK_STOPPED: "暂停计时",
    EventKind.CLOCK_RESUMED: "恢复计时",
    EventKind.CALLBACK_RECORDED: "完成回访",
    EventKind.RECTIFIED: "完成整改",
}

# --- the case fields the hall sees ------------------------------------------------------

_DATE = "date"
_TIME = "datetime"
_TEXT = "text"
_INT = "int"
_BOOL = "bool"
_PARTY = "party"
_OPT_TEXT = "opt_text"

CASE_FIELDS: dict[str, str] = {
    "acceptance_no": _OPT_TEXT, "matter_code": _TEXT, "matter_version": _INT, "matter_name": _TEXT,
    "department": _TEXT, "immediate": _BOOL, "promised_days": _INT, "window_id": _TEXT, "clerk": _TEXT,
    "clerk_name": _TEXT, "status": _TEXT, "created_at": _TIME, "decided_at": _TIME, "accepted_at": _TIME,
    "completed_at": _TIME, "due_date": _DATE, "supplement_due": _DATE, "paused_working_days": _INT,
    "supplement_note": _TEXT, "rejection_reason": _TEXT, "applicant": _PARTY, "agent": _PARTY,
    "result_ready_at": _TIME, "handed_over_at": _TIME, "withdrawn_at": _TIME,
}
MATERIAL_FIELDS: dict[str, str] = {
    "name": _TEXT, "required": _BOOL, "form_expected": _TEXT, "copies_expected": _INT, "deferrable": _BOOL,
    "state": _TEXT, "provided_form": _TEXT, "provided_copies": _INT, "deferred_until": _DATE,
    "certificate_ref": _OPT_TEXT, "pages": "pages",
}
MATERIAL_STATES = frozenset({"pending", "provided", "missing", "deferred", "certificate"})
PARTY_FIELDS = ("kind", "name", "id_masked", "key")
_SHA = re.compile(r"[0-9a-f]{64}")
_UUID = re.compile(r"[0-9a-fA-F-]{8,36}")
_WINDOW = re.compile(r"[A-Z][A-Z0-9]{1,7}")


class MalformedEvent(ValueError):
    """An event that does not have the contract's shape: refused, never half-applied."""


class EventRefused(Exception):
    """A well-formed event that does not fit the case as it stands; the message is for the clerk."""


@dataclass(frozen=True)
class CaseEvent:
    """One event as the platform and the windows exchange it (``data`` already type-checked)."""

    event_uuid: str
    case_uuid: str
    kind: str  # an EventKind value, or an unknown kind from a newer platform
    at: dt.datetime  # naive UTC, when it happened at the window (or on the platform)
    window_id: str = ""  # "" for platform events
    clerk: str = ""
    clerk_name: str = ""
    version: int | None = None  # the case version the platform gave it (None until confirmed)
    base_version: int | None = None  # the case version the window saw when it made the event
    data: Mapping[str, Any] = field(default_factory=dict)
    platform: Mapping[str, Any] = field(default_factory=dict)  # what the platform adds: official_no, applicant_key
    server_at: dt.datetime | None = None

    @property
    def known(self) -> bool:
        return self.kind in KIND_VALUES

    @property
    def phrase(self) -> str:
        return PHRASES.get(self.kind, f"记录事件“{self.kind}”")

    @property
    def by_platform(self) -> bool:
        return self.kind in PLATFORM_KINDS or not self.window_id

    def wire(self) -> dict[str, Any]:
        """The event as JSON (what a window posts and the feed carries)."""
        out: dict[str, Any] = {"event_uuid": self.event_uuid, "case_uuid": self.case_uuid, "kind": self.kind,
                               "at": iso_time(self.at), "window_id": self.window_id, "clerk": self.clerk,
                               "clerk_name": self.clerk_name, "base_version": self.base_version,
                               "data": dict(self.data)}
        if self.version is not None:
            out["version"] = self.version
        if self.platform:
            out["platform"] = dict(self.platform)
        if self.server_at is not None:
            out["server_at"] = iso_time(self.server_at)
        return out


# --- wire values ------------------------------------------------------------------------


def iso_time(value: dt.datetime | None) -> str | None:
    """Naive UTC → 'YYYY-MM-DDTHH:MM:SSZ' (the contract's time format)."""
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def parse_time(value: Any, what: str = "时间") -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedEvent(f"{what}不是文本")
    try:
        return parse_utc(value)
    except ValueError:
        raise MalformedEvent(f"{what}格式不正确：{value[:40]}") from None


def _check_value(kind: str, value: Any, where: str) -> Any:
    if value is None:
        return None
    if kind in (_TEXT, _OPT_TEXT):
        if not isinstance(value, str):
            raise MalformedEvent(f"{where} 应为文本")
        return value
    if kind == _INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise MalformedEvent(f"{where} 应为整数")
        return value
    if kind == _BOOL:
        if not isinstance(value, bool):
            raise MalformedEvent(f"{where} 应为真/假")
        return value
    if kind == _DATE:
        if not isinstance(value, str):
            raise MalformedEvent(f"{where} 应为日期")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise MalformedEvent(f"{where} 日期格式不正确") from None
        return value
    if kind == _TIME:
        parse_time(value, where)
        return value
    if kind == _PARTY:
        if not isinstance(value, Mapping):
            raise MalformedEvent(f"{where} 应为对象")
        return {k: str(value.get(k) or "") for k in PARTY_FIELDS if value.get(k) is not None}
    if kind == "pages":
        if not isinstance(value, list):
            raise MalformedEvent(f"{where} 应为列表")
        pages = []
        for page in value:
            if not isinstance(page, Mapping) or not isinstance(page.get("sha256"), str) \
                    or not _SHA.fullmatch(page["sha256"]):
                raise MalformedEvent(f"{where} 中的页面引用不正确")
            pages.append({"sha256": page["sha256"], "mime": str(page.get("mime") or ""),
                          "size": int(page.get("size") or 0), "page_no": int(page.get("page_no") or 0)})
        return pages
    raise MalformedEvent(f"{where}: unknown field type {kind}")


def check_data(data: Any) -> dict[str, Any]:
    """Type-check an event's ``data`` (the parts the fold reads); extra keys are kept as they are."""
    if not isinstance(data, Mapping):
        raise MalformedEvent("事件内容（data）应为对象")
    out = dict(data)
    case = data.get("case", {})
    if not isinstance(case, Mapping):
        raise MalformedEvent("事件内容中的 case 应为对象")
    out["case"] = {name: _check_value(CASE_FIELDS[name], value, f"case.{name}")
                   for name, value in case.items() if name in CASE_FIELDS}
    materials = data.get("materials", [])
    if not isinstance(materials, list):
        raise MalformedEvent("事件内容中的 materials 应为列表")
    checked = []
    for row in materials:
        if not isinstance(row, Mapping) or isinstance(row.get("seq"), bool) or not isinstance(row.get("seq"), int):
            raise MalformedEvent("材料变更缺少序号（seq）")
        item = {"seq": row["seq"]}
        item.update({name: _check_value(MATERIAL_FIELDS[name], value, f"materials[{row['seq']}].{name}")
                     for name, value in row.items() if name in MATERIAL_FIELDS})
        if "state" in item and item["state"] not in MATERIAL_STATES:
            raise MalformedEvent(f"材料状态“{item['state']}”未知")
        checked.append(item)
    out["materials"] = checked
    if "note" in data and not isinstance(data["note"], str):
        raise MalformedEvent("事件说明（note）应为文本")
    return out


def parse_event(obj: Any) -> CaseEvent:
    """A :class:`CaseEvent` from its JSON form, or :class:`MalformedEvent` saying what is wrong."""
    if not isinstance(obj, Mapping):
        raise MalformedEvent("事件不是对象")
    for name in ("event_uuid", "case_uuid", "kind"):
        if not isinstance(obj.get(name), str) or not obj.get(name):
            raise MalformedEvent(f"事件缺少 {name}")
    if not _UUID.fullmatch(obj["event_uuid"]) or not _UUID.fullmatch(obj["case_uuid"]):
        raise MalformedEvent("事件编号格式不正确")
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", obj["kind"]):
        raise MalformedEvent(f"事件类型“{str(obj['kind'])[:40]}”格式不正确")
    at = parse_time(obj.get("at"), "事件时间")
    if at is None:
        raise MalformedEvent("事件缺少发生时间")
    version, base = obj.get("version"), obj.get("base_version")
    for name, value in (("version", version), ("base_version", base)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise MalformedEvent(f"事件的 {name} 应为非负整数")
    if version is not None and version < 1:
        raise MalformedEvent("事件的版本号应从 1 开始")
    window = obj.get("window_id") or ""
    if window and (not isinstance(window, str) or not _WINDOW.fullmatch(window)):
        raise MalformedEvent("事件的窗口编号格式不正确")
    platform = obj.get("platform") or {}
    if not isinstance(platform, Mapping):
        raise MalformedEvent("事件的 platform 应为对象")
    return CaseEvent(event_uuid=obj["event_uuid"], case_uuid=obj["case_uuid"], kind=obj["kind"], at=at,
                     window_id=window, clerk=str(obj.get("clerk") or ""), clerk_name=str(obj.get("clerk_name") or ""),
                     version=version, base_version=base, data=check_data(obj.get("data") or {}),
                     platform={k: str(v) for k, v in platform.items() if isinstance(v, str | int)},
                     server_at=parse_time(obj.get("server_at"), "平台时间"))


# --- the fold ---------------------------------------------------------------------------


def new_state(case_uuid: str) -> dict[str, Any]:
    """The view of a case no event has touched yet."""
    return {"uuid": case_uuid, "version": 0, "materials": {}, "history_from": 1}


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise EventRefused(message)


def _status_change(state: Mapping[str, Any], kind: EventKind) -> Status | None:
    """Validate the status change the kind makes (or None for kinds that keep the status)."""
    target = TARGET_STATUS.get(kind)
    if target is None:
        return None
    current = state.get("status")
    try:
        if kind in BIRTH_KINDS and not current:
            return target
        if kind in PLATFORM_KINDS:
            if current == target:
                return None  # the platform repeats what the status feed already said
            return server_transition(str(current), target)
        return window_transition(str(current or Status.DRAFT), target, immediate=bool(state.get("immediate")))
    except IllegalTransition as exc:
        raise EventRefused(str(exc)) from None


def _check_kind_rules(state: Mapping[str, Any], event: CaseEvent, kind: EventKind) -> None:
    status = state.get("status")
    materials: Mapping[int, Mapping[str, Any]] = state.get("materials") or {}
    patches = event.data.get("materials") or []
    if kind in BIRTH_KINDS:
        _require(not status or kind is EventKind.REJECTED, "该办件已在大厅登记过，不能重复受理")
    if kind is not EventKind.CORRECTED and kind not in PLATFORM_KINDS:
        _require(not state.get("withdrawn_at"), "申请人已撤回该办件")
    if kind is EventKind.SUPPLEMENT_RECEIVED:
        for patch in patches:
            _require(patch["seq"] in materials, f"材料清单中没有第 {patch['seq']} 项")
    elif kind is EventKind.DEFERRED_DELIVERED:
        _require(status in (Status.ACCEPTED, Status.TRANSFERRED, Status.COMPLETED), "只有已受理的办件才能补交容缺材料")
        _require(bool(patches), "没有指明补交的是哪一项材料")
        for patch in patches:
            row = materials.get(patch["seq"])
            _require(row is not None, f"材料清单中没有第 {patch['seq']} 项")
            assert row is not None
            _require(row.get("state") == "deferred", f"“{row.get('name', patch['seq'])}”不是待补交的容缺材料")
    elif kind is EventKind.RESULT_READY:
        _require(status in (Status.TRANSFERRED, Status.COMPLETED), "办件尚未办结，不能登记待领取")
        _require(not state.get("handed_over_at"), "办理结果已交付")
    elif kind is EventKind.RESULT_HANDED_OVER:
        _require(status == Status.COMPLETED, "办件尚未办结，不能交付办理结果")
        _require(not state.get("handed_over_at"), "办理结果已交付，不能重复交付")
    elif kind is EventKind.WITHDRAWN:
        _require(status in (Status.SUPPLEMENT_REQUESTED, Status.ACCEPTED, Status.TRANSFERRED),
                 "该办件已办结或不予受理，不能撤回")
    elif kind is EventKind.CORRECTED:
        _require(status != Status.REJECTED, "不予受理的办件不能更正")


def apply_event(state: Mapping[str, Any] | None, event: CaseEvent, *, check_version: bool = True) -> dict[str, Any]:
    """The view after ``event``; raises :class:`EventRefused` if the event does not fit the case.

    ``state`` is not changed. With ``check_version`` a confirmed event must be the case's next
    version (a gap or a repeat is an out-of-order feed, refused like any misfit); a window's own
    unconfirmed event (``version`` None) is checked against the rules only.
    """
    current: dict[str, Any] = dict(state) if state is not None else new_state(event.case_uuid)
    if event.case_uuid != current["uuid"]:
        raise EventRefused("事件不属于该办件")
    have = int(current.get("version") or 0)
    if check_version and event.version is not None:
        if have == 0 and event.version > 1 and current.get("status") is None:
            current["history_from"] = event.version  # the first event we see of an older case
        elif event.version != have + 1:
            raise EventRefused(f"事件顺序不连续：办件当前为第 {have} 版，收到第 {event.version} 版")
    known = event.known
    kind = EventKind(event.kind) if known else None
    if kind is not None and kind not in HISTORY_ONLY_KINDS:
        _check_kind_rules(current, event, kind)
        status = _status_change(current, kind)
        patch = dict(event.data.get("case") or {})
        if status is not None:
            if patch.get("status") not in (None, str(status)):
                raise EventRefused(f"事件声明的状态“{patch['status']}”与其类型不符")
            patch["status"] = str(status)
        else:
            patch.pop("status", None)
        current.update(patch)
        if event.data.get("materials"):
            rows = {seq: dict(row) for seq, row in (current.get("materials") or {}).items()}
            for change in event.data["materials"]:
                row = rows.setdefault(change["seq"], {"seq": change["seq"]})
                row.update({k: v for k, v in change.items() if k != "seq"})
            current["materials"] = rows
        if kind is EventKind.RESULT_HANDED_OVER and isinstance(event.data.get("handover"), Mapping):
            current["handover"] = dict(event.data["handover"])
            current.setdefault("handed_over_at", iso_time(event.at))
    for name in ("official_no", "applicant_key"):
        if event.platform.get(name):
            current[name] = event.platform[name]
    if event.version is not None:
        current["version"] = event.version
    current["updated_at"] = iso_time(event.server_at or event.at)
    return current


def fold(events: list[CaseEvent], state: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The view built from a case's events in platform order."""
    if not events and state is None:
        raise ValueError("no events to fold")
    current = dict(state) if state is not None else new_state(events[0].case_uuid)
    for event in events:
        current = apply_event(current, event)
    return current


# --- plain words ------------------------------------------------------------------------


def describe(event: CaseEvent, local_time: dt.datetime) -> str:
    """A history line: '11月28日 10:42 W03 号窗口 王小丽 补齐材料'."""
    who = "中心平台" if event.by_platform else f"{event.window_id} 号窗口" + (
        f" {event.clerk_name or event.clerk}" if (event.clerk_name or event.clerk) else "")
    note = event.data.get("note") if isinstance(event.data.get("note"), str) else ""
    return f"{local_time:%m月%d日 %H:%M} {who} {event.phrase}" + (f"（{note}）" if note else "")


def conflict_message(winner: CaseEvent, local_time: dt.datetime, today: dt.date) -> str:
    """What the losing window is told: '此件已于 10:42 在 W03 号窗口补齐材料'."""
    when = f"{local_time:%H:%M}" if local_time.date() == today else f"{local_time:%Y-%m-%d %H:%M}"
    where = "由中心平台" if winner.by_platform else f"在 {winner.window_id} 号窗口"
    return f"此件已于 {when} {where}{winner.phrase}"


def first_conflicting(current_events: list[CaseEvent], base_version: int | None,
                      mine: CaseEvent) -> CaseEvent | None:
    """Among the events after ``base_version``, the first one that makes ``mine`` no longer fit.

    Used when the platform answers a stale version: replaying the case up to each intervening
    event tells which of them the window should be told about.
    """
    ordered = sorted((e for e in current_events if e.version is not None), key=lambda e: e.version or 0)
    state: dict[str, Any] | None = None
    for event in ordered:
        state = apply_event(state, event, check_version=False)
        if base_version is not None and (event.version or 0) <= base_version:
            continue
        try:
            apply_event(state, mine, check_version=False)
        except EventRefused:
            return event
    return None
