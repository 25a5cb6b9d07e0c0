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
  completes (办结) or rejects accepted cases; see :func:`server_transition`.
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


def can_window_transition(current: Status | str, target: Status | str, *, immediate: bool = False) -> bool:
    """For enabling buttons: would :func:`window_transition` accept this change?"""
    try:
        window_transition(current, target, immediate=immediate)
    except IllegalTransition:
        return False
    return True
