"""The matter search index written set-based by a catalog import stays the index the triggers keep.

A catalog import sets ``matter_fts_bulk`` inside its own transaction so the per-row FTS
triggers stand aside, then indexes the rows it wrote in one statement (revision 0008,
desktop/services/catalog/bulk_index.py). FTS5's own integrity check (which compares the index
with the ``matter`` rows) must pass after every kind of import, every other writer of ``matter``
keeps the triggers, a failed import leaves nothing behind, and ``db check`` notices an index
that is missing rows or a flag left set.
"""
from __future__ import annotations

import copy
import sqlite3

import pytest
from sqlalchemy import text

from desktop.services.catalog.service import apply_matters
from desktop.services.maintenance.db_check import run_checks
from desktop.store.models import Matter
from tests.unit.store.test_migrations import _upgrade_to

CHECK = "the matter search index covers every matter"


def _fts_consistent(ctx) -> None:
    """FTS5's integrity check against the content table (raises 'database disk image is malformed' if not)."""
    conn = sqlite3.connect(ctx.config.db_path)
    try:
        conn.execute("INSERT INTO matter_fts(matter_fts, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("SELECT active FROM matter_fts_bulk").fetchall() == [(0,)]
    finally:
        conn.close()


def _epoch(ctx) -> int:
    with ctx.db.session() as s:
        return int(s.execute(text("SELECT n FROM search_epoch")).scalar_one())


def _finding(ctx):
    return next(f for f in run_checks(ctx.config.db_path) if f.name == CHECK)


def _codes(ctx, fts: str) -> list[str]:
    with ctx.db.session() as s:
        return [r[0] for r in s.execute(text("SELECT m.code FROM matter_fts JOIN matter m ON m.id = matter_fts.rowid "
                                             "WHERE matter_fts MATCH :q ORDER BY m.code"), {"q": fts})]


def test_every_kind_of_import_leaves_an_index_that_matches_the_matters(ctx, sample_data):
    matters = copy.deepcopy(sample_data["matters"])
    steps = [(matters, []),
             ([{**matters[0], "name": "婚姻登记档案查询"}, {**matters[1], "fee_note": "免费"}], [matters[2]["code"]]),
             ([matters[2], {**matters[0], "code": "NEW-0001", "name": "鳏寡补贴"}], [])]  # restored + new
    for items, dead in steps:
        epoch = _epoch(ctx)
        with ctx.db.transaction() as s:
            apply_matters(s, copy.deepcopy(items), dead, "server", actor="sync")
        _fts_consistent(ctx)
        assert _epoch(ctx) > epoch  # the search's cache of used matters learns of the change
        assert _finding(ctx).ok
    assert _codes(ctx, '"婚 姻"') == [matters[0]["code"]]
    assert _codes(ctx, '"guangua"*') == ["NEW-0001"]
    assert matters[0]["code"] not in _codes(ctx, f'"{" ".join(matters[0]["name"][:4])}"')  # its old name left


def test_other_writers_of_matter_keep_the_per_row_triggers(ctx, catalog):
    with ctx.db.transaction() as s:
        s.add(Matter(code="HAND-0001", name="手工事项", department="某局", search_text="手 工 事 项"))
    with ctx.db.transaction() as s:
        s.execute(text("UPDATE matter SET search_text = '改 名' WHERE code = 'HAND-0001'"))
    assert _codes(ctx, '"改 名"') == ["HAND-0001"] and _codes(ctx, '"手 工"') == []
    _fts_consistent(ctx)


def test_an_import_that_fails_midway_leaves_neither_rows_nor_index_nor_the_flag(ctx, catalog, sample_data):
    before = _codes(ctx, '"hk"*')
    items = [{**m, "code": f"X-{i:03d}", "name": "临时事项"} for i, m in enumerate(sample_data["matters"][:3])]
    with pytest.raises(RuntimeError), ctx.db.transaction() as s:
        apply_matters(s, items, [], "server")
        raise RuntimeError("power cut before commit")
    assert _codes(ctx, '"hk"*') == before and _codes(ctx, '"lin shi"') == []
    _fts_consistent(ctx)


def test_db_check_reports_a_matter_missing_from_the_index_and_a_flag_left_set(ctx, catalog):
    assert _finding(ctx).ok
    conn = sqlite3.connect(ctx.config.db_path)
    try:
        with conn:
            conn.execute("UPDATE matter_fts_bulk SET active = 1")
            conn.execute("INSERT INTO matter (code, name, department, kind, promised_days, legal_days, fee_cents, "
                         "fee_note, immediate, version, content_hash, deleted, search_text, initials, source, "
                         "updated_at) VALUES ('LOST-0001', '漏索引', '某局', '行政许可', 1, 1, 0, '', 0, 1, 'x', 0, "
                         "'漏 索 引', 'lsy', 'import', '2026-11-29 00:00:00.000000')")
    finally:
        conn.close()
    detail = _finding(ctx).detail
    assert not _finding(ctx).ok
    assert "1 matter(s) missing from the search index" in detail and "bulk-write mode" in detail


def test_revision_0008_gates_the_triggers_and_its_downgrade_restores_them(tmp_path):
    from alembic import command

    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, "0008")
    insert = ("INSERT INTO matter (code, name, department, kind, promised_days, legal_days, fee_cents, fee_note, "
              "immediate, version, content_hash, deleted, search_text, initials, source, updated_at) VALUES "
              "(?, 'n', 'd', '行政许可', 1, 1, 0, '', 0, 1, 'x', 0, ?, '', 'import', '2026-11-29 00:00:00.000000')")
    conn = sqlite3.connect(db)
    with conn:
        epoch = conn.execute("SELECT n FROM search_epoch").fetchone()
        conn.execute("UPDATE matter_fts_bulk SET active = 1")
        conn.execute(insert, ("BULK-1", "bulk"))  # the triggers stand aside
        assert conn.execute("SELECT count(*) FROM matter_fts WHERE matter_fts MATCH 'bulk'").fetchone() == (0,)
        assert conn.execute("SELECT n FROM search_epoch").fetchone() == epoch
        conn.execute("UPDATE matter_fts_bulk SET active = 0")
        conn.execute("INSERT INTO matter_fts(rowid, search_text) SELECT id, search_text FROM matter")
        conn.execute(insert, ("ROW-1", "row"))
    assert conn.execute("SELECT count(*) FROM matter_fts WHERE matter_fts MATCH 'bulk OR row'").fetchone() == (2,)
    conn.close()

    _upgrade_to(db, "0007", move=command.downgrade)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'matter_fts_bulk'").fetchall() == []
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                     "AND tbl_name = 'matter'").fetchall())
        assert sorted(triggers) == ["matter_fts_ad", "matter_fts_ai", "matter_fts_au", "search_epoch_matter_d",
                                    "search_epoch_matter_i", "search_epoch_matter_u"]
        assert not any("WHEN" in sql for sql in triggers.values())
        with conn:
            conn.execute(insert, ("ROW-2", "again"))
        assert conn.execute("SELECT count(*) FROM matter_fts WHERE matter_fts MATCH 'again'").fetchone() == (1,)
        conn.execute("INSERT INTO matter_fts(matter_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()
    _upgrade_to(db, "0008")  # and up again


def test_replacing_a_changed_matters_materials_finds_the_checklist_rows_by_index(ctx, catalog):
    """The FK's SET NULL looks up application_material by matter_material_id (revision 0010), not by scan."""
    conn = sqlite3.connect(ctx.config.db_path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")  # as the store's own connections run
        plan = [r[-1] for r in conn.execute("EXPLAIN QUERY PLAN DELETE FROM matter_material WHERE matter_id = 1")]
    finally:
        conn.close()
    assert not any(step.startswith("SCAN application_material") for step in plan), plan
    assert any("ix_application_material_matter_material_id" in step for step in plan), plan


def test_revision_0010_index_goes_up_and_down(tmp_path):
    from alembic import command

    db = tmp_path / "db.sqlite3"
    _upgrade_to(db, "0010")

    def indexes() -> list[str]:
        conn = sqlite3.connect(db)
        try:
            return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                               "AND tbl_name = 'application_material' AND sql IS NOT NULL")]
        finally:
            conn.close()

    assert "ix_application_material_matter_material_id" in indexes()
    _upgrade_to(db, "0009", move=command.downgrade)
    assert "ix_application_material_matter_material_id" not in indexes()
