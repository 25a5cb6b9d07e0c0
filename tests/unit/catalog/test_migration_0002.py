"""Revision 0002 (matter search index) upgrades a populated 0001 database without losing a row."""
from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from alembic import command

from desktop.services.catalog.search import MatterSearch
from desktop.store import migrate
from desktop.store.database import Database

MATTERS = [
    ("620100-GA-0001", "户口迁移（市内迁移）", "兰州市公安局"),
    ("620100-MZ-0001", "内地居民结婚登记", "兰州市民政局"),
    ("620100-GJ-0002", "住房公积金提取（购买自住住房）", "兰州住房公积金管理中心"),
]
TABLES = ("matter", "matter_material", "user", "application", "application_material")


def _make_0001_database(path: Path) -> None:
    database = Database(path)
    try:
        with database.engine.connect() as connection, connection.begin():
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "0001")
    finally:
        database.dispose()
    conn = sqlite3.connect(path)
    try:
        with conn:
            for i, (code, name, dept) in enumerate(MATTERS, start=1):
                conn.execute(
                    "INSERT INTO matter (id, code, name, department, kind, promised_days, legal_days, fee_cents, "
                    "fee_note, immediate, version, content_hash, deleted, search_text, initials, source, updated_at) "
                    "VALUES (?, ?, ?, ?, '行政确认', 0, 0, 0, '', 1, 3, 'h', 0, '', '', 'bundled', "
                    "'2026-11-01 00:00:00')", (i, code, name, dept))
                conn.execute("INSERT INTO matter_material (matter_id, seq, name, required, copies, form, "
                             "\"deferrable\", electronic_required, notes) VALUES (?, 1, '申请书', 1, 1, 'original', "
                             "0, 0, '')", (i,))
            conn.execute("INSERT INTO user (id, username, display_name, role, password_hash, active, failed_attempts,"
                         " created_at) VALUES (1, 'clerk1', '张三', 'clerk', 'x', 1, 0, '2026-11-01 00:00:00')")
            for n, (code, window) in enumerate([("620100-MZ-0001", "W01")] * 3 + [("620100-GA-0001", "W01")]
                                               + [("620100-GJ-0002", "W02")] * 2, start=1):
                conn.execute(
                    "INSERT INTO application (id, uuid, matter_code, matter_version, matter_name, department, "
                    "immediate, promised_days, applicant_name, applicant_id_masked, clerk_id, window_id, status, "
                    "created_at, updated_at, paused_working_days, rejection_reason, supplement_note, draft_json, "
                    "local_version, sync_state) VALUES (?, ?, ?, 3, '', '', 1, 0, '', '', 1, ?, 'accepted', "
                    "?, ?, 0, '', '', '', 1, 'local')",
                    (n, str(uuid.uuid4()), code, window, f"2026-11-0{n} 09:00:00", f"2026-11-0{n} 09:00:00"))
                conn.execute(
                    "INSERT INTO application_material (application_id, matter_material_id, seq, name, required, "
                    "copies_expected, form_expected, \"deferrable\", electronic_required, notes, state, "
                    "provided_form, provided_copies, certificate_available) VALUES (?, 1, 1, '申请书', 1, 1, "
                    "'original', 0, 0, '', 'provided', 'original', 1, 0)", (n,))
    finally:
        conn.close()


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_upgrade_from_0001_keeps_every_row_and_makes_matters_searchable(ctx, tmp_path):
    path = tmp_path / "old.sqlite3"
    _make_0001_database(path)
    assert migrate.current_revision(path) == "0001"
    before = _counts(path)

    opened = migrate.open_database(path, tmp_path / "backups")
    try:
        assert (opened.from_revision, opened.to_revision) == ("0001", migrate.head_revision())
        assert opened.backup is not None and opened.backup.exists()
        assert _counts(path) == before
        old = type(ctx)(config=ctx.config, db=opened.database)
        search = MatterSearch(old, window_id="W01")
        assert search.search("hkqy")[0].code == "620100-GA-0001"
        assert search.search("结婚")[0].code == "620100-MZ-0001"
        assert search.search("gongjijin")[0].code == "620100-GJ-0002"
        # Usage was back-filled from the applications already taken, per window.
        assert [(h.code, h.uses) for h in search.search("")[:2]] == [("620100-MZ-0001", 3), ("620100-GA-0001", 1)]
        assert MatterSearch(old, window_id="W02").search("")[0].code == "620100-GJ-0002"
        assert search.get_matter("620100-GA-0001").version == 3
    finally:
        opened.database.dispose()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("INSERT INTO matter_fts(matter_fts) VALUES ('integrity-check')").rowcount != 0
    finally:
        conn.close()


def test_new_applications_keep_usage_counts_current(ctx, catalog):
    search = MatterSearch(ctx, window_id="W07")
    with ctx.db.transaction() as s:
        s.connection().exec_driver_sql("INSERT INTO user (id, username, display_name, role, password_hash, active, "
                          "failed_attempts, created_at) VALUES (1, 'c', '', 'clerk', 'x', 1, 0, '2026-11-25')")
        for _ in range(2):
            s.connection().exec_driver_sql(
                "INSERT INTO application (uuid, matter_code, matter_version, matter_name, department, immediate, "
                "promised_days, applicant_name, applicant_id_masked, clerk_id, window_id, status, created_at, "
                "updated_at, paused_working_days, rejection_reason, supplement_note, draft_json, local_version, "
                "sync_state) VALUES (?, '620100-WJ-0002', 1, '', '', 0, 0, '', '', 1, 'W07', 'draft', "
                "'2026-11-25 08:00:00', '2026-11-25 08:00:00', 0, '', '', '', 1, 'local')", (str(uuid.uuid4()),))
    top = search.search("")[0]
    assert (top.code, top.uses) == ("620100-WJ-0002", 2)


def test_fts_index_follows_matter_updates_and_deletes(ctx, catalog, catalog_doc):
    entry = next(m for m in catalog_doc["matters"] if m["code"] == "620100-MZ-0003")
    entry["name"] = "结婚证补领"
    catalog.import_data(catalog_doc)
    assert "620100-MZ-0003" not in [h.code for h in MatterSearch(ctx).search("补领结婚证")]
    assert MatterSearch(ctx).search("jhzbl")[0].code == "620100-MZ-0003"
    with ctx.db.transaction() as s:
        s.connection().exec_driver_sql("DELETE FROM matter WHERE code = '620100-GA-0001'")
    assert MatterSearch(ctx).search("hkqy") == []
    conn = sqlite3.connect(ctx.config.db_path)
    try:
        conn.execute("INSERT INTO matter_fts(matter_fts) VALUES ('integrity-check')")
    finally:
        conn.close()
