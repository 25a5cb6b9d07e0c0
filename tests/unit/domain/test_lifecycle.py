"""The case state machine: allowed paths, and refusals with a reason."""
from __future__ import annotations

import pytest

from desktop.domain.lifecycle import (
    IllegalTransition,
    Status,
    can_window_transition,
    label,
    server_transition,
    window_transition,
)

S = Status


@pytest.mark.parametrize(("cur", "tgt"), [
    (S.DRAFT, S.ACCEPTED), (S.DRAFT, S.SUPPLEMENT_REQUESTED), (S.DRAFT, S.REJECTED),
    (S.SUPPLEMENT_REQUESTED, S.ACCEPTED), (S.SUPPLEMENT_REQUESTED, S.REJECTED),
])
def test_window_paths_of_the_architecture_are_allowed(cur, tgt):
    assert window_transition(cur, tgt) == tgt


def test_only_immediate_items_complete_at_the_window():
    assert window_transition("accepted", "completed", immediate=True) == S.COMPLETED
    with pytest.raises(IllegalTransition, match="只有即办件"):
        window_transition("accepted", "completed", immediate=False)


@pytest.mark.parametrize(("cur", "tgt"), [
    (S.ACCEPTED, S.DRAFT), (S.REJECTED, S.ACCEPTED), (S.COMPLETED, S.ACCEPTED), (S.DRAFT, S.COMPLETED),
    (S.DRAFT, S.TRANSFERRED), (S.ACCEPTED, S.REJECTED), (S.TRANSFERRED, S.COMPLETED),
])
def test_illegal_window_transitions_raise_with_a_chinese_message(cur, tgt):
    with pytest.raises(IllegalTransition) as err:
        window_transition(cur, tgt, immediate=True)
    assert label(cur) in str(err.value) and label(tgt) in str(err.value)
    assert not can_window_transition(cur, tgt, immediate=True)


def test_repeating_a_decision_is_not_a_silent_no_op():
    with pytest.raises(IllegalTransition, match="不能重复操作"):
        window_transition("accepted", "accepted")
    with pytest.raises(IllegalTransition, match="不能再次要求补正"):
        window_transition("supplement_requested", "supplement_requested")


def test_server_reports_follow_submission():
    assert server_transition("accepted", "transferred") == S.TRANSFERRED
    assert server_transition("transferred", "completed") == S.COMPLETED
    assert server_transition("accepted", "rejected") == S.REJECTED
    for cur, tgt in [("draft", "completed"), ("completed", "transferred"), ("accepted", "accepted")]:
        with pytest.raises(IllegalTransition, match="平台报告"):
            server_transition(cur, tgt)


def test_unknown_status_is_refused():
    with pytest.raises(IllegalTransition, match="未知的办件状态"):
        window_transition("draft", "archived")
