"""The case event rules: a window's view is the fold of its events, and a misfit is refused in plain words."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.case_events import (
    CaseEvent,
    EventRefused,
    MalformedEvent,
    apply_event,
    conflict_message,
    first_conflicting,
    fold,
    parse_event,
)

CASE = "11111111-2222-4333-8444-555555555555"
AT = dt.datetime(2026, 11, 28, 2, 42)


def event(kind: str, version: int | None, *, window="W03", data=None, base=None, uuid=None) -> CaseEvent:
    return CaseEvent(event_uuid=uuid or f"00000000-0000-4000-8000-{version or 0:012d}", case_uuid=CASE, kind=kind,
                     at=AT, window_id=window, clerk="c", version=version, base_version=base,
                     data=data or {"case": {}, "materials": []})


BIRTH = {"case": {"status": "supplement_requested", "acceptance_no": "620100-W03-20261128-0001",
                  "matter_code": "M", "immediate": False},
         "materials": [{"seq": 1, "name": "身份证", "state": "provided"}, {"seq": 2, "name": "执照", "state": "missing"}]}


def test_a_view_is_the_fold_of_the_events_in_order():
    supplied = {"case": {"status": "accepted", "due_date": "2026-12-07"}, "materials": [{"seq": 2, "state": "provided"}]}
    view = fold([event("supplement_requested", 1, data=BIRTH), event("supplement_received", 2, data=supplied)])
    assert view["status"] == "accepted" and view["version"] == 2 and view["due_date"] == "2026-12-07"
    assert view["materials"][2]["state"] == "provided" and view["acceptance_no"].endswith("0001")


def test_a_gap_or_a_repeat_in_versions_is_refused_as_out_of_order():
    first = apply_event(None, event("supplement_requested", 1, data=BIRTH))
    with pytest.raises(EventRefused, match="顺序"):
        apply_event(first, event("supplement_received", 3))
    with pytest.raises(EventRefused, match="顺序"):
        apply_event(first, event("supplement_received", 1, uuid="00000000-0000-4000-8000-000000000099"))


def test_the_supplement_cannot_be_recorded_twice():
    view = fold([event("supplement_requested", 1, data=BIRTH), event("supplement_received", 2)])
    with pytest.raises(EventRefused):
        apply_event(view, event("supplement_received", None), check_version=False)


def test_the_other_window_is_told_what_came_first_in_plain_words():
    current = [event("supplement_requested", 1, data=BIRTH), event("supplement_received", 2, window="W03")]
    mine = event("supplement_received", None, window="W05", base=1, uuid="00000000-0000-4000-8000-0000000000ff")
    winner = first_conflicting(current, 1, mine)
    assert winner is current[1]
    assert conflict_message(winner, dt.datetime(2026, 11, 28, 10, 42), dt.date(2026, 11, 28)) == \
        "此件已于 10:42 在 W03 号窗口补齐材料"


def test_an_unrelated_event_in_between_lets_mine_go_on_the_new_version():
    deferred = {**BIRTH, "case": {**BIRTH["case"], "status": "accepted"},
                "materials": [{"seq": 1, "name": "身份证", "state": "deferred"}]}
    current = [event("accepted", 1, data=deferred), event("result_ready", 2)]
    mine = event("deferred_delivered", None, base=1, data={"case": {}, "materials": [{"seq": 1, "state": "provided"}]})
    with pytest.raises(EventRefused):  # result_ready needs a completed case: the platform would not take it...
        fold(current)
    assert first_conflicting(current[:1], 1, mine) is None  # ...but mine fits the case as it stands


def test_kinds_of_a_newer_platform_are_history_and_malformed_events_are_refused():
    view = fold([event("supplement_requested", 1, data=BIRTH), event("some_future_kind", 2)])
    assert view["status"] == "supplement_requested" and view["version"] == 2
    for bad in ({}, {"event_uuid": "x", "case_uuid": CASE, "kind": "accepted", "at": "2026-11-28T02:42:00Z"},
                {"event_uuid": CASE, "case_uuid": CASE, "kind": "accepted", "at": "yesterday"},
                {"event_uuid": CASE, "case_uuid": CASE, "kind": "accepted", "at": "2026-11-28T02:42:00Z",
                 "version": "2"},
                {"event_uuid": CASE, "case_uuid": CASE, "kind": "accepted", "at": "2026-11-28T02:42:00Z",
                 "data": {"materials": [{"seq": 1, "state": "lost"}]}}):
        with pytest.raises(MalformedEvent):
            parse_event(bad)
