"""Every Alembic revision upgrades a populated database from the one before, keeping its rows.

``POPULATE`` knows how to fill a database at a given revision with one row per table (raw SQL,
so it keeps working when the models move on). A new revision adds its own entry.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from desktop.store.database import Database
from desktop.store.migrate import alembic_config, head_revision, open_database

T = "'2026-11-20 02:00:00.000000'"


def _populate_0001(conn: sqlite3.Connection) -> None:
    conn.executescript(f"""
    INSERT INTO user (id, username, display_name, role, password_hash, active, failed_attempts, created_at)
      VALUES (1, 'amy', '艾米', 'clerk', 'h', 1, 0, {T});
    INSERT INTO matter (id, code, name, department, kind, promised_days, legal_days, fee_cents, fee_note,
      immediate, version, content_hash, deleted, search_text, initials, source, updated_at)
      VALUES (1, '620100-GA-0001', '户口迁移', '市公安局', '行政确认', 5, 20, 0, '', 0, 1, 'x', 0, '', 'hkqy',
      'bundled', {T});
    INSERT INTO matter_material (id, matter_id, seq, name, required, copies, form, "deferrable",
      electronic_required, notes) VALUES (1, 1, 1, '居民身份证', 1, 1, 'original', 0, 0, '');
    INSERT INTO applicant (id, kind, name, id_number, id_masked, phone, address, sex, ethnicity, legal_rep,
      created_at, updated_at) VALUES (1, 'person', '张三', '11010519491231002X', '1101**********002X', '', '',
      '女', '', '', {T}, {T});
    INSERT INTO application (id, uuid, acceptance_no, matter_code, matter_version, matter_name, department,
      immediate, promised_days, applicant_id, applicant_name, applicant_id_masked, clerk_id, window_id, status,
      created_at, updated_at, decided_at, accepted_at, due_date, paused_working_days, rejection_reason, supplement_note, draft_json, local_version,
      sync_state) VALUES (1, 'u-1', '620100-W01-20261120-0001', '620100-GA-0001', 1, '户口迁移', '市公安局', 0, 5,
      1, '张三', '1101**********002X', 1, 'W01', 'accepted', {T}, {T}, {T}, {T}, '2026-11-27', 0, '', '', '', 1, 'pending');
    INSERT INTO application_material (id, application_id, matter_material_id, seq, name, required,
      copies_expected, form_expected, "deferrable", electronic_required, notes, state, provided_form,
      provided_copies, certificate_available) VALUES (1, 1, 1, 1, '居民身份证', 1, 1, 'original', 0, 0, '',
      'provided', 'original', 1, 0);
    INSERT INTO outbox (id, application_id, entity_uuid, kind, version, payload, payload_sha256,
      idempotency_key, state, attempts, last_error, parked_reason, created_at, updated_at)
      VALUES (1, 1, 'u-1', 'application', 1, '{{}}', 'h', 'u-1:1', 'pending', 0, '', '', {T}, {T});
    INSERT INTO application_event (id, application_id, from_status, to_status, at, user_id, source, note)
      VALUES (1, 1, 'draft', 'accepted', {T}, 1, 'window', '');
    INSERT INTO calendar_day (day, kind, source, name) VALUES ('2026-10-01', 'holiday', 'bundled', '国庆节');
    """)


def _populate_0002(conn: sqlite3.Connection) -> None:
    """0001's rows, an agent on the case and the receipt printed twice (the second a reprint)."""
    _populate_0001(conn)
    conn.executescript(f"""
    INSERT INTO applicant (id, kind, name, id_number, id_masked, phone, address, sex, ethnicity, legal_rep,
      created_at, updated_at) VALUES (2, 'person', '李四', '440524188001010014', '4405**********0014',
      '13912345678', '广州', '男', '', '', {T}, {T});
    UPDATE application SET agent_id = 2 WHERE id = 1;
    INSERT INTO printed_document (id, application_id, kind, printed_at, printed_by, printer, outcome, reprint_of,
      pdf_sha256, pages) VALUES (1, 1, 'receipt', {T}, 1, 'A4', 'printed', NULL, 'x', 1),
      (2, 1, 'receipt-slip', '2026-11-21 02:00:00.000000', 1, 'T', 'printed', 1, 'y', 1),
      (3, 1, 'materials-receipt', {T}, 1, 'A4', 'printed', NULL, 'z', 1);
    """)


# 0002 and 0004 only added tables, indexes and triggers: the same rows fit them. The 0002 rows
# carry what revision 0005 turns into case snapshots and issued papers (an agent, printed papers).
POPULATE = {"0001": _populate_0001, "0002": _populate_0002, "0004": _populate_0002, "0005": _populate_0002,
            "0006": _populate_0002, "0007": _populate_0002, "0008": _populate_0002,
            "0009": _populate_0002, "0010": _populate_0002}


def _chain() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _upgrade_to(db_path: Path, revision: str, move=command.upgrade) -> None:
    """Bring the database to ``revision`` (``move=command.downgrade`` to go back)."""
    database = Database(db_path)
    with database.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        move(cfg, revision)
    database.dispose()


def _counts(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_every_revision_has_populate_data_for_its_predecessor_tests():
    chain = _chain()
    assert chain[0] == "0001"
    # the newest revision need not be populated; every earlier one must be, to test the next step
    missing = [rev for rev in chain[:-1] if rev not in POPULATE]
    assert not missing, f"add POPULATE entries for {missing}"


def test_upgrade_from_empty_reaches_head(tmp_path):
    result = open_database(tmp_path / "db.sqlite3", tmp_path / "backups")
    result.database.dispose()
    assert result.to_revision == head_revision()


@pytest.mark.parametrize("step", range(len(_chain()) - 1) or [None])
def test_each_revision_upgrades_a_populated_database_keeping_its_rows(tmp_path, step):
    chain = _chain()
    if step is None:
        pytest.skip("only one revision so far")
    previous, nxt = chain[step], chain[step + 1]
    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, previous)
    conn = sqlite3.connect(db)
    POPULATE[previous](conn)
    conn.commit()
    conn.close()
    before = _counts(db)
    _upgrade_to(db, nxt)
    after = _counts(db)
    for table, count in before.items():
        assert after.get(table) == count, f"{table}: {count} rows before {nxt}, {after.get(table)} after"


def test_start_up_upgrade_backs_up_a_populated_database_first(tmp_path):
    chain = _chain()
    if len(chain) < 2:
        pytest.skip("only one revision so far")
    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, chain[-2])
    conn = sqlite3.connect(db)
    POPULATE[chain[-2]](conn)
    conn.commit()
    conn.close()
    result = open_database(db, tmp_path / "backups")
    result.database.dispose()
    assert result.backup is not None and result.backup.exists()
    assert _counts(result.backup)["application"] == 1


@pytest.mark.parametrize("revision", sorted(POPULATE))
def test_populate_fixtures_apply_at_their_revision(tmp_path, revision):
    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, revision)
    conn = sqlite3.connect(db)
    POPULATE[revision](conn)
    conn.commit()
    conn.close()
    assert _counts(db)["application"] == 1


def test_0005_gives_every_case_its_own_party_snapshot_and_every_printed_paper_an_issue(tmp_path):
    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, "0004")
    conn = sqlite3.connect(db)
    _populate_0002(conn)
    conn.commit()
    conn.close()
    _upgrade_to(db, "0005")
    conn = sqlite3.connect(db)
    try:
        parties = conn.execute("SELECT role, name, id_number, phone FROM application_party "
                               "WHERE application_id = 1 ORDER BY role").fetchall()
        assert parties == [("agent", "李四", "440524188001010014", "13912345678"),
                           ("applicant", "张三", "11010519491231002X", "")]
        conn.execute("UPDATE applicant SET name = '张三丰' WHERE id = 1")  # a later case of the same person
        assert conn.execute("SELECT name FROM application_party WHERE role = 'applicant'").fetchone() == ("张三",)
        issues = conn.execute("SELECT id, family, document_no, content, reconstructed FROM issued_document "
                              "ORDER BY family").fetchall()
        assert [(f, n, c, r) for _, f, n, c, r in issues] == [
            ("materials-receipt", "620100-W01-20261120-0001", None, 1),
            ("receipt", "620100-W01-20261120-0001", None, 1)]
        links = dict(conn.execute("SELECT id, issued_document_id FROM printed_document").fetchall())
        receipt_issue = next(i for i, f, *_ in issues if f == "receipt")
        assert links[1] == links[2] == receipt_issue  # the slip is the receipt on other paper
        assert conn.execute("SELECT kind, detail FROM application_event").fetchall() == [("status", "")]
        assert conn.execute("SELECT decided_by FROM application").fetchone() == ("hall",)
    finally:
        conn.close()


def _report_triggers(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                 "AND name LIKE 'report_facts%'").fetchall())
    finally:
        conn.close()


def test_0009_installs_compact_report_triggers_and_its_downgrade_restores_the_0007_ones(tmp_path):
    """The report-facts triggers shrink from ~225 KB to a few KB; going back restores 0007's text exactly."""
    import importlib

    from desktop.services.reports import facts

    frozen = importlib.import_module("desktop.store.migrations.versions.0009_compact_report_triggers")
    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, "0009")
    compact = _report_triggers(db)
    assert sorted(compact) == sorted(facts.TRIGGERS)
    assert sum(map(len, compact.values())) < 40_000
    _upgrade_to(db, "0008", command.downgrade)
    restored = _report_triggers(db)
    assert sorted(restored.values()) == sorted(frozen.triggers_0007())
    assert sum(map(len, restored.values())) > 200_000
    _upgrade_to(db, "0009")
    assert _report_triggers(db) == compact


def test_0011_installs_report_triggers_that_keep_their_row_tables_and_its_downgrade_restores_0009s(tmp_path):
    """0009–0010 installed ``trigger_sql(materialize=False)``; 0011 the same triggers with ``LIMIT -1`` tables."""
    import hashlib

    from desktop.services.reports import facts

    # The text revisions 0009 and 0010 installed, as a digest taken before 0011 existed.
    assert hashlib.sha256("\n".join(facts.trigger_sql(materialize=False)).encode()).hexdigest() == \
        "02b7a9b8a84646bb9a11e3ed2db1c2f8d781af84c4466ee608dabfbb64d99bbf"
    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, "0010")
    before = _report_triggers(db)
    assert sorted(before.values()) == sorted(facts.trigger_sql(materialize=False))
    _upgrade_to(db, "0011")
    after = _report_triggers(db)
    assert sorted(after.values()) == sorted(facts.trigger_sql())
    assert all(sql.count("LIMIT -1") == 2 and "LIMIT -1" not in before[name] for name, sql in after.items())
    _upgrade_to(db, "0010", command.downgrade)
    assert _report_triggers(db) == before
