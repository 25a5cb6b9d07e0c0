"""What each decision writes, pinned row by row against a snapshot taken from the ORM decision path.

The decisions are written with a Core statement batch for speed (issue 17); this test holds the
rows to what the earlier ORM unit of work wrote, byte for byte: the case row, its party snapshots
and the shared applicant rows, the checklist, ``application_event``, the audit chain (hashes
included, and the chain verifies), the hall's case events, the frozen outbox payload and its
version, the acceptance sequence, the report rollups the triggers keep (every table, in fact) and
the restore-proof high-water mark. Random UUIDs come from a
seeded counter so the hashes are reproducible.

Regenerate the snapshot only for an intended change of what a decision writes:
``ONEWINDOW_REPIN=1 python -m pytest tests/unit/intake/test_decision_writes_pinned.py``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import uuid as uuidlib
from pathlib import Path

import pytest

from desktop.services.audit import verify_chain_sqlite
from desktop.services.intake.acceptance_numbers import HighWaterMark
from desktop.services.intake.errors import DueDateNeedsConfirmation
from tests.unit.intake.conftest import AGENT_ID, ORG_CODE, add_matter, person_form, provide_all

SNAPSHOT = Path(__file__).with_name("decision_writes.snapshot.json")
UNCHANGED = ("matter", "matter_material", "matter_fts", "calendar_day", "user", "alembic_version",
             "key_value")  # set up by the fixtures and the store, not by a decision


@pytest.fixture
def fixed_uuids(monkeypatch):
    counter = iter(range(1, 10_000))
    monkeypatch.setattr(uuidlib, "uuid4", lambda: uuidlib.UUID(int=next(counter), version=4))


def _order(row: tuple) -> list:
    return [(v is None, str(type(v)), v if isinstance(v, (int, float)) else str(v)) for v in row]


def _dump(db_path: Path, data_dir: Path) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        out: dict = {}
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:  # every table: the report rollups the triggers keep are writes of a decision too
            if table.startswith(UNCHANGED):
                continue
            cursor = conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - names from the schema
            names = [d[0] for d in cursor.description]
            out[table] = [dict(zip(names, row, strict=True)) for row in sorted(cursor, key=_order)]
        assert verify_chain_sqlite(conn) is None
    finally:
        conn.close()
    out["acceptance-hwm"] = HighWaterMark(data_dir).read()
    return out


def _decide_every_way(ctx, intake, clerk, clock) -> list[dict]:
    """Every decision and path through it, with what each returned."""
    add_matter(ctx, "M-FAR", promised_days=60)  # counted into 2027: no official calendar for it
    org = {"kind": "org", "name": "兰州示例商贸有限公司", "id_number": ORG_CODE, "phone": "0931-8123456",
           "address": "兰州市七里河区", "legal_rep": "赵六"}
    agent = {"kind": "person", "name": "李四", "id_number": AGENT_ID, "phone": "", "address": ""}
    decisions = []

    a = intake.start_draft(clerk, "M-LIC", person_form(agent=agent))  # accept with an agent
    provide_all(intake, a.uuid)
    intake.set_material(a.uuid, 4, "provided")
    decisions.append(intake.accept(clerk, a.uuid))

    b = intake.start_draft(clerk, "M-LIC", person_form(phone_changed=True))  # returning applicant
    b_form = person_form()
    b_form["applicant"]["phone"] = "13900001111"
    intake.save_draft(b.uuid, b_form)
    intake.set_material(b.uuid, 1, "provided")
    intake.set_material(b.uuid, 2, "certificate")
    intake.set_material(b.uuid, 3, "deferred", deferred_until=dt.date(2026, 10, 9))
    decisions.append(intake.accept(clerk, b.uuid))

    c = intake.start_draft(clerk, "M-NOW", person_form())  # 即办
    provide_all(intake, c.uuid)
    decisions.append(intake.complete_immediately(clerk, c.uuid))

    d = intake.start_draft(clerk, "M-LIC", {"applicant": org, "agent": agent})  # 补正, later accepted
    intake.set_material(d.uuid, 1, "provided")
    decisions.append(intake.request_supplement(clerk, d.uuid, note="合同需双方签字"))

    e = intake.start_draft(clerk, "M-LIC", person_form())  # 不予受理
    decisions.append(intake.reject(clerk, e.uuid, "不属于本窗口受理范围"))

    f = intake.start_draft(clerk, "M-LIC", person_form())  # 补正 then 不予受理
    intake.request_supplement(clerk, f.uuid)

    clock.set_day(dt.date(2026, 10, 12))  # the citizen is back: the clock stood still since the notice
    provide_all(intake, d.uuid)
    decisions.append(intake.accept(clerk, d.uuid))
    decisions.append(intake.reject(clerk, f.uuid, "逾期未补正"))

    g = intake.start_draft(clerk, "M-FAR", person_form())  # a due date that needs the clerk's word
    provide_all(intake, g.uuid)
    with pytest.raises(DueDateNeedsConfirmation):
        intake.accept(clerk, g.uuid)
    decisions.append(intake.accept(clerk, g.uuid, confirm_uncertain_due=True))

    h = intake.start_draft(clerk, "M-NOW", person_form())  # 即办 of a case accepted on its own first
    provide_all(intake, h.uuid)
    decisions.append(intake.accept(clerk, h.uuid))
    decisions.append(intake.complete_immediately(clerk, h.uuid))
    return [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in vars(x).items() if k != "missing"}
            | {"missing": [m.seq for m in x.missing]} for x in decisions]


@pytest.mark.usefixtures("fixed_uuids")
def test_every_decision_writes_exactly_what_the_orm_path_wrote(ctx, config, intake, clerk, clock):
    returned = _decide_every_way(ctx, intake, clerk, clock)
    written = json.loads(json.dumps({"returned": returned, "rows": _dump(config.db_path, config.data_dir)},
                                    ensure_ascii=False, default=str))
    if os.environ.get("ONEWINDOW_REPIN"):
        SNAPSHOT.write_text(json.dumps(written, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                            encoding="utf-8")
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert written["returned"] == pinned["returned"]
    for table in pinned["rows"]:
        assert written["rows"][table] == pinned["rows"][table], table
