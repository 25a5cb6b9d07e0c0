"""Bad input on the hall feed: a malformed or out-of-order event is refused and reported; the cursor waits."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.store.hall_models import HallFeedProblem
from desktop.store.models import Application
from sync.hall_feed import CURSOR
from sync.state import get_cursor
from tests.integration.hall_world import citizen, hall_codes, open_window

pytestmark = pytest.mark.integration


@pytest.fixture
def hall(tmp_path, central):
    codes = hall_codes(central, 2)
    w1 = open_window(tmp_path, central, "W01", codes[0])
    w2 = open_window(tmp_path, central, "W02", codes[1])
    yield w1, w2
    for w in (w1, w2):
        w.ctx.close()


def _cursor(w) -> str:
    with w.ctx.db.session() as s:
        return get_cursor(s, CURSOR)


def _cases(w) -> set[str]:
    with w.ctx.db.session() as s:
        return set(s.execute(select(Application.uuid)).scalars())


@pytest.mark.parametrize("bad", [
    {"event_uuid": "00000000-0000-4000-8000-00000000abcd", "kind": "supplement_received"},  # no case, no time
    "OUT_OF_ORDER",
])
def test_a_bad_event_is_refused_reported_and_the_cursor_stays_before_it(hall, central, bad):
    w1, w2 = hall
    first = w1.take_case(citizen(1))
    w1.intake.accept(w1.clerk, first)
    w1.sync()
    w2.sync()
    before = _cursor(w2)
    if bad == "OUT_OF_ORDER":
        bad = {"event_uuid": "00000000-0000-4000-8000-00000000dcba", "case_uuid": first, "kind": "result_ready",
               "at": "2026-11-28T02:00:00Z", "window_id": "W01", "version": 5, "data": {}}
    central.admin_post("/admin/hall/raw-event", {"uuid": first, "body": json.dumps(bad)})
    later = w1.take_case(citizen(2))
    w1.intake.accept(w1.clerk, later)
    w1.sync()

    for _attempt in range(2):  # refused each time, recorded once, never skipped
        summary = w2.engine.run_once(budget_seconds=10, max_wait=0.2)
        assert summary.error and "无法采用" in summary.error
        assert _cursor(w2) == before
        assert later not in _cases(w2)
    with w2.ctx.db.session() as s:
        problems = s.execute(select(HallFeedProblem).where(HallFeedProblem.resolved_at.is_(None))).scalars().all()
    assert len(problems) == 1 and problems[0].cursor == before
    with w1.ctx.db.session() as s:  # the window that made the case is stopped at the same place
        assert s.execute(select(Application.status).where(Application.uuid == first)).scalar() == "accepted"


def test_it_sees_where_the_hall_data_stopped_and_what_to_send_to_the_platform(hall, central, capsys):
    from desktop.cli import main
    from desktop.services.maintenance.db_check import Finding, run_checks

    w1, w2 = hall
    first = w1.take_case(citizen(1))
    w1.intake.accept(w1.clerk, first)
    w1.sync()
    w2.sync()
    assert main(["--data-dir", str(w2.ctx.config.data_dir), "sync", "hall-problems"]) == 0
    assert "没有被拒收" in capsys.readouterr().out
    stopped = "the hall data is not stopped at a refused item"
    assert [f for f in run_checks(w2.ctx.db.store) if f.name == stopped] == [Finding(stopped, True, "")]

    bad = {"event_uuid": "00000000-0000-4000-8000-00000000abcd", "kind": "supplement_received"}
    central.admin_post("/admin/hall/raw-event", {"uuid": first, "body": json.dumps(bad)})
    w2.engine.run_once(budget_seconds=10, max_wait=0.2)

    assert main(["--data-dir", str(w2.ctx.config.data_dir), "sync", "hall-problems"]) == 1
    listed = capsys.readouterr().out
    assert f"游标 {_cursor(w2)}" in listed and first in listed and "中心平台运维" in listed
    warnings = [f for f in run_checks(w2.ctx.db.store) if f.warning and f.name == stopped]
    assert len(warnings) == 1 and warnings[0].ok  # a WARN for IT, not a broken store
    assert first in warnings[0].detail and "hall-problems" in warnings[0].detail


def test_a_case_removed_from_the_hall_leaves_the_cache(hall, central):
    w1, w2 = hall
    uuid = w1.take_case(citizen(3))
    w1.intake.accept(w1.clerk, uuid)
    w1.sync()
    w2.sync()
    assert uuid in _cases(w2)
    central.admin_post("/admin/hall/tombstone", {"uuid": uuid})
    w2.sync()
    assert uuid not in _cases(w2)
    w1.sync()
    assert uuid in _cases(w1)  # the accepting window never loses its own case
