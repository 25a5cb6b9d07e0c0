"""The case lifecycle (办件状态) as an explicit state machine.

A case's status is what the citizen is told and what the central platform counts. A status
that changes silently — a rejected case "accepted" by a double click, an accepted case sent
back to draft — breaks the promise printed on a receipt, so every change goes through
:func:`window_transition` or :func:`server_transition`, and an illegal one raises
:class:`IllegalTransition` with a message for the clerk. Nothing is ever a silent no-op.

Two sources change a status, with different rules:

* the window (this counter): draft → accepted | supplement_requested | rejected;
  supplement_requested → accepted | rejected (the citizen came back, or did not);
  accepted → completed only for immediate items (即办件), handled at the counter;
* the central platform, authoritative once a case was submitted: it transfers (转办),
  completes (办结) or rejects accepted cases, and may reject a case whose supplement never came;
  see :func:`server_transition`. Every platform report passes :func:`judge_platform_status`,
  which refuses what the machine forbids and turns a clash with an unsent local change into a
  conflict for the supervisor (``desktop/services/conflicts.py``).
"""
from __future__ import annotations

from enum import StrEnum

from desktop.domain.errors import UserError


class Status(StrEnum):
    DRAFT = "draft"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    ACCEPTED = "accepted"
    TRANSFERRED = "transferred"
    COMPLETED = "completed"
    REJECTED = "rejected"


STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "草稿",
    Status.SUPPLEMENT_REQUESTED: "待补正",
    Status.ACCEPTED: "已受理",
    Status.TRANSFERRED: "已转办",
    Status.COMPLETED: "已办结",
    Status.REJECTED: "不予受理",
}

# Cases a clerk can still work on at the counter (resume, decide).
OPEN_STATUSES: frozenset[Status] = frozenset({Status.DRAFT, Status.SUPPLEMENT_REQUESTED})
# Cases that went to the platform: the outbox carries them.
SUBMITTED_STATUSES: frozenset[Status] = frozenset({Status.ACCEPTED, Status.TRANSFERRED, Status.COMPLETED})
TERMINAL_STATUSES: frozenset[Status] = frozenset({Status.COMPLETED, Status.REJECTED})

_WINDOW: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.ACCEPTED, Status.SUPPLEMENT_REQUESTED, Status.REJECTED}),
    Status.SUPPLEMENT_REQUESTED: frozenset({Status.ACCEPTED, Status.REJECTED}),
    Status.ACCEPTED: frozenset({Status.COMPLETED}),  # immediate items only, checked below
}

_SERVER: dict[Status, frozenset[Status]] = {
    # A case awaiting supplement was sent to the platform with its notice; the platform may close
    # it as not accepted (the deadline passed) — never accept it for the window.
    Status.SUPPLEMENT_REQUESTED: frozenset({Status.REJECTED}),
    Status.ACCEPTED: frozenset({Status.TRANSFERRED, Status.COMPLETED, Status.REJECTED}),
    Status.TRANSFERRED: frozenset({Status.COMPLETED, Status.REJECTED}),
}


class IllegalTransition(UserError):
    """A status change the rules do not allow; the message is for the clerk."""

    def __init__(self, current: Status | str, target: Status | str, message: str) -> None:
        super().__init__(message)
        self.current = str(current)
        self.target = str(target)


def label(status: Status | str) -> str:
    """The clerk's word for a status (unknown values are shown as they are)."""
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return str(status)


def _parse(status: Status | str, role: str) -> Status:
    try:
        return Status(status)
    except ValueError:
        raise IllegalTransition(status, status, f"未知的办件状态“{status}”（{role}）") from None


def window_transition(current: Status | str, target: Status | str, *, immediate: bool = False) -> Status:
    """Validate a change made at the counter and return the new status.

    ``immediate`` says whether the case's matter is an immediate item (即办件): only those
    may be completed at the window.
    """
    cur, tgt = _parse(current, "当前状态"), _parse(target, "目标状态")
    if cur == Status.SUPPLEMENT_REQUESTED and tgt == Status.SUPPLEMENT_REQUESTED:
        raise IllegalTransition(cur, tgt, "已发出一次性告知，不能再次要求补正")
    if cur == tgt:
        raise IllegalTransition(cur, tgt, f"办件已是“{label(cur)}”状态，不能重复操作")
    if tgt not in _WINDOW.get(cur, frozenset()):
        raise IllegalTransition(cur, tgt, f"办件当前为“{label(cur)}”，不能在窗口改为“{label(tgt)}”")
    if cur == Status.ACCEPTED and tgt == Status.COMPLETED and not immediate:
        raise IllegalTransition(cur, tgt, "只有即办件可以在窗口当场办结")
    return tgt


def server_transition(current: Status | str, target: Status | str) -> Status:
    """Validate a status reported by the central platform and return it.

    The platform only reports on cases it has (accepted or later). A report of the status
    the case already has is not a change (pulls repeat) — callers compare before calling;
    here it raises, like every other non-change, so a bug in the puller is visible.
    """
    cur, tgt = _parse(current, "当前状态"), _parse(target, "平台状态")
    if tgt not in _SERVER.get(cur, frozenset()):
        raise IllegalTransition(cur, tgt, f"平台报告的状态“{label(tgt)}”不能接在当前状态“{label(cur)}”之后")
    return tgt


class PlatformVerdict(StrEnum):
    """What to do with a status the platform reports for one of our cases (see :func:`judge_platform_status`)."""

    APPLY = "apply"  # a legal change: apply it (event, status)
    SAME = "same"  # the case already has this status: note the server fields only
    REFUSED = "refused"  # the state machine forbids it: never applied, listed for the supervisor
    CONFLICT = "conflict"  # it meets an unsent local change (sync rule 5): both versions kept, supervisor decides


def judge_platform_status(current: Status | str, reported: Status | str, *,
                          unsent_local_change: bool) -> tuple[PlatformVerdict, str]:
    """The one seam through which a platform status reaches a case; returns (verdict, reason for the supervisor).

    Why a conflict rather than "local wins": a change the window made offline (say, accepting a
    case after the citizen brought the missing papers) and a decision the platform made meanwhile
    (rejecting it because the supplement deadline passed) are both real; silently keeping either
    hides the other from the person who must answer the citizen. A refused change is never
    applied: a platform that sends a decided case back to draft would let the clerk decide it
    again and issue a second acceptance number while the citizen holds the first.
    """
    if str(reported) == str(current):
        return PlatformVerdict.SAME, ""
    if unsent_local_change:
        return PlatformVerdict.CONFLICT, (f"平台报告“{label(reported)}”时，本窗口对该办件的修改（“{label(current)}”）"
                                          "尚未上传：两个版本都已保留，请主管决定采用哪一个。")
    try:
        server_transition(current, reported)
    except IllegalTransition as exc:
        return PlatformVerdict.REFUSED, str(exc)
    return PlatformVerdict.APPLY, ""


def can_window_transition(current: Status | str, target: Status | str, *, immediate: bool = False) -> bool:
    """For enabling buttons: would :func:`window_transition` accept this change?"""
    try:
        window_transition(current, target, immediate=immediate)
    except IllegalTransition:
        return False
    return True


# --- the other state vocabularies (values are the strings stored since revision 0001) -------


class MaterialState(StrEnum):
    """A checklist row: what the citizen brought for one required material."""

    PENDING = "pending"
    PROVIDED = "provided"
    MISSING = "missing"
    DEFERRED = "deferred"  # 容缺: accepted now, brought later
    CERTIFICATE = "certificate"  # an e-certificate stands in for the paper


class MaterialForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"


class PartyKind(StrEnum):
    PERSON = "person"  # 公民身份号码
    ORG = "org"  # 统一社会信用代码


class SyncState(StrEnum):
    """An application's link with the platform."""

    LOCAL = "local"  # nothing to send (a draft)
    PENDING = "pending"  # a frozen change waits in the outbox
    SYNCED = "synced"
    PARKED = "parked"  # refused by the platform, or held by a conflict: a person must act


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # never left so after a crash: start-up puts it back to pending
    DONE = "done"
    PARKED = "parked"  # refused by the platform: the clerk fixes the cause and retries
    HELD = "held"  # held by an open conflict: only the supervisor's resolution releases it (not `sync retry`)
    WITHDRAWN = "withdrawn"  # a supervisor took the platform's version in a conflict; kept, never sent


class ConflictState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class ConflictKind(StrEnum):
    PLATFORM_REFUSED = "platform_refused"  # the platform reported a change the state machine forbids
    PLATFORM_CONFLICT = "platform_conflict"  # the platform decided while a local change was unsent
    HALL_EVENT = "hall_event"  # another window's event lost "first valid event wins" (HALL stream)


class Resolution(StrEnum):
    KEEP_LOCAL = "keep_local"  # send the window's version (the platform's stays recorded)
    TAKE_REMOTE = "take_remote"  # apply the platform's/other window's version; ours is withdrawn, kept
    ACKNOWLEDGED = "acknowledged"  # a refused change: seen, never applied
