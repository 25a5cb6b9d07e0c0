"""The compact report-facts SQL writes exactly the rows the 0007 SQL wrote, change after change.

Revision 0009 replaced the ~225 KB of generated trigger SQL with a compact form (each case's
values computed once per statement). The numbers must not move by one: two copies of the same
store, one with the frozen 0007 triggers and one with today's, go through the same seeded
sequence of every kind of change (insert, each status change, window/matter/clerk/department,
``created_at`` across a local day, ``decided_at``, a 补正 event, delete), and their
``report_rollup`` and ``report_case`` tables — zero rows included — must stay identical. The
Python path of other scopes (:func:`facts.record_case_change`) is pinned the same way against
the 0007 statements with the same parameters.
"""
from __future__ import annotations

import datetime as dt
import importlib
import random
import sqlite3
from pathlib import Path

import pytest

from desktop.services.reports import facts
from tests.unit.store.test_migrations import POPULATE, _upgrade_to

OLD = importlib.import_module("desktop.store.migrations.versions.0009_compact_report_triggers")
STATUSES = ("draft", "accepted", "supplement_requested", "rejected", "transferred", "completed")
WINDOWS = ("W01", "W02", "W03")
MATTERS = (("620100-GA-0001", "户口迁移"), ("620100-GA-0001", "户口迁移（新）"), ("620100-SC-0002", "个体工商户登记"))
DEPARTMENTS = ("市公安局", "市场监管局", "")
BASE = dt.datetime(2026, 11, 20, 15, 30)  # 23:30 in Beijing: a few minutes move a case to the next local day


def _tables(conn: sqlite3.Connection) -> tuple[list, list]:
    rollup = conn.execute(f"SELECT {facts.ROLLUP_KEY}, {', '.join(facts.COUNTS)}, typeof(key) FROM report_rollup "
                          f"ORDER BY {facts.ROLLUP_KEY}").fetchall()
    cases = conn.execute("SELECT scope, case_id, supplemented, day, window_id, secs, secs_bin, typeof(secs) "
                         "FROM report_case ORDER BY scope, case_id").fetchall()
    return rollup, cases


def _stamp(rng: random.Random) -> str:
    return str(BASE + dt.timedelta(minutes=rng.choice([-40, -5, 0, 10, 45, 60 * 24 + 20])))


def _change(rng: random.Random, conn: sqlite3.Connection, ids: list[int], next_id: int) -> str:
    """One random change of the kinds the app, the status pull and tools make (raw SQL, so it is replayable)."""
    kind = rng.choice(["insert", "status", "status", "status", "immediate", "window", "matter", "clerk",
                       "department", "created", "decided", "event", "event", "delete"] if ids else ["insert"])
    if kind == "insert":
        code, name = rng.choice(MATTERS)
        decided = rng.choice([None, str(BASE + dt.timedelta(seconds=rng.uniform(-50, 90_000)))])
        return (f"INSERT INTO application (id, uuid, acceptance_no, matter_code, matter_version, matter_name, "
                f"department, immediate, promised_days, applicant_id, applicant_name, applicant_id_masked, clerk_id, "
                f"window_id, status, created_at, updated_at, decided_at, accepted_at, due_date, paused_working_days, "
                f"rejection_reason, supplement_note, draft_json, local_version, sync_state) VALUES ({next_id}, "
                f"'u-{next_id}', 'no-{next_id}', '{code}', 1, '{name}', '{rng.choice(DEPARTMENTS)}', "
                f"{rng.randint(0, 1)}, 5, 1, '张三', '1101**********002X', {rng.choice(['1', '2', '3'])}, "
                f"'{rng.choice(WINDOWS)}', '{rng.choice(STATUSES)}', '{_stamp(rng)}', '{_stamp(rng)}', "
                f"{repr(decided) if decided else 'NULL'}, NULL, '2026-11-27', 0, '', '', '', 1, 'pending')")
    target = rng.choice(ids)
    if kind == "delete":
        return f"DELETE FROM application WHERE id = {target}"
    if kind == "event":
        to = rng.choice(["supplement_requested", "supplement_requested", "accepted"])
        return (f"INSERT INTO application_event (application_id, from_status, to_status, at, source, note) "
                f"VALUES ({target}, 'accepted', '{to}', '{_stamp(rng)}', '{rng.choice(['window', 'server'])}', '')")
    code, name = rng.choice(MATTERS)
    decided = str(BASE + dt.timedelta(seconds=rng.uniform(-50, 200_000)))
    value = {"status": f"status = '{rng.choice(STATUSES)}'", "immediate": "immediate = NOT immediate",
             "window": f"window_id = '{rng.choice(WINDOWS)}'", "matter": f"matter_code = '{code}', matter_name = '{name}'",
             "clerk": f"clerk_id = {rng.choice(['1', '2', '3'])}", "department": f"department = '{rng.choice(DEPARTMENTS)}'",
             "created": f"created_at = '{_stamp(rng)}'", "decided": f"decided_at = {rng.choice(['NULL', repr(decided)])}"}
    return f"UPDATE application SET {value[kind]} WHERE id = {target}"


@pytest.fixture
def two_stores(tmp_path: Path):
    """The same populated store twice: with the 0007 triggers (``old``) and with today's (``new``)."""
    path = tmp_path / "new.sqlite3"
    _upgrade_to(path, "0008")
    with sqlite3.connect(path) as conn:
        POPULATE["0007"](conn)
    _upgrade_to(path, "head")
    old, new = sqlite3.connect(tmp_path / "old.sqlite3"), sqlite3.connect(path)
    new.backup(old)
    facts.drop_triggers(old)
    for statement in OLD.triggers_0007():
        old.execute(statement)
    old.commit()
    yield old, new
    old.close()
    new.close()


def test_the_compact_triggers_write_the_rows_the_0007_triggers_wrote(two_stores):
    old, new = two_stores
    assert old.execute("SELECT sql FROM sqlite_master WHERE name = 'report_facts_au'").fetchone() != \
        new.execute("SELECT sql FROM sqlite_master WHERE name = 'report_facts_au'").fetchone()
    rng = random.Random(17)
    ids, next_id, kinds = [1], 2, set()
    for step in range(600):
        statement = _change(rng, new, ids, next_id)
        words = statement.split()
        kinds.add({"INSERT": words[2], "UPDATE": words[3], "DELETE": "delete"}[words[0]])
        for conn in (old, new):
            conn.execute(statement)
        if statement.startswith("INSERT INTO application "):
            ids.append(next_id)
            next_id += 1
        elif statement.startswith("DELETE"):
            ids.remove(int(statement.split()[-1]))
        if step % 25 == 0:
            assert _tables(new) == _tables(old), statement
    old.commit()
    new.commit()
    assert _tables(new) == _tables(old)
    assert kinds == {"application", "application_event", "delete", "status", "immediate", "window_id",
                     "matter_code", "clerk_id", "department", "created_at", "decided_at"}
    assert new.execute("SELECT sum(n) FROM report_rollup WHERE dim = 'supplemented' AND span = 1").fetchone()[0] > 0
    assert new.execute("SELECT count(*) FROM report_rollup WHERE n <> 0").fetchone()[0] > 100
    assert facts.check(new) is None and facts.check(old) is None


def _values(rng: random.Random, was: facts.CaseValues | None) -> facts.CaseValues:
    code, name = rng.choice(MATTERS)
    created = BASE + dt.timedelta(minutes=rng.choice([-40, 0, 45]))
    return facts.CaseValues(
        status=rng.choice(STATUSES), immediate=rng.random() < 0.5, created_at=created,
        decided_at=rng.choice([None, created + dt.timedelta(seconds=rng.uniform(-50, 90_000))]),
        window_id=rng.choice(WINDOWS), matter_code=code, matter_name=name, department=rng.choice(DEPARTMENTS),
        clerk_id=rng.choice([1, 2, 3]), supplemented=rng.random() < 0.2 or bool(was and was.supplemented))


def _record_case_change_0007(conn, scope, case_id, old, new, modifier=facts.DEFAULT_MODIFIER) -> None:
    """facts.record_case_change as it was at revision 0007, built from the frozen statements."""
    params = {"scope": scope, "case_id": case_id, "modifier": modifier}
    was, now = OLD.columns_0007(":old_", ":old_asked"), OLD.columns_0007(":new_", ":new_asked")
    statements = OLD.upserts_0007(":scope", was if old else None, now if new else None, ":modifier")
    if old is not None:
        params |= old.params("old_")
    if new is not None:
        statements.append(OLD.case_row_0007(":scope", ":case_id", now, ":modifier"))
        params |= new.params("new_")
    else:
        statements.append("DELETE FROM report_case WHERE scope = :scope AND case_id = :case_id")
    for statement in statements:
        conn.execute(statement, params)


def test_another_scope_gets_the_rows_the_0007_statements_wrote(two_stores):
    old, new = two_stores
    rng = random.Random(23)
    known: dict[int, facts.CaseValues | None] = {}
    for _ in range(400):
        case_id = rng.randint(1, 30)
        was = known.get(case_id)
        now = None if was is not None and rng.random() < 0.15 else _values(rng, was)
        _record_case_change_0007(old, "hall", case_id, was, now)
        facts.record_case_change(new, "hall", case_id, was, now)
        known[case_id] = now
    assert _tables(new) == _tables(old)
    assert new.execute("SELECT count(*) FROM report_rollup WHERE scope = 'hall' AND n <> 0").fetchone()[0] > 50
