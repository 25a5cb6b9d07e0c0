"""Matter search: one box for name, code, department and pinyin, ranked, index-backed."""
from __future__ import annotations

import re
import uuid

from sqlalchemy import text

from desktop.services.catalog.search import MatterSearch, build_search_sql

HUKOU_MOVE = "620100-GA-0001"  # 户口迁移（市内迁移）


def _codes(hits) -> list[str]:
    return [h.code for h in hits]


def test_pinyin_initials_find_the_matter_first(search):
    hits = search.search("hkqy")
    assert hits[0].code == HUKOU_MOVE and hits[0].name.startswith("户口迁移")


def test_full_width_and_upper_case_initials_work_too(search):
    assert search.search("ＨＫＱＹ")[0].code == HUKOU_MOVE
    assert search.search("HKQY")[0].code == HUKOU_MOVE


def test_full_pinyin_prefix_and_pinyin_inside_the_name(search):
    assert search.search("hukouqian")[0].code == HUKOU_MOVE
    assert "620100-GJ-0005" in _codes(search.search("daikuan"))  # 住房公积金个人住房贷款


def test_exact_code_ranks_first_whatever_the_case(search):
    hits = search.search("620100-ga-0004")
    assert hits[0].code == "620100-GA-0004"
    assert hits[0].name == "居民身份证换领" and hits[0].version == 1 and not hits[0].immediate


def test_code_prefix_lists_the_codes_under_it(search):
    codes = _codes(search.search("620100-MZ"))
    assert codes and all(c.startswith("620100-MZ-") for c in codes)


def test_name_prefix_beats_substring(search):
    codes = _codes(search.search("户口"))
    assert codes.index("620100-GA-0001") < codes.index("620100-GA-0008")  # 死亡人员户口注销
    assert set(codes) >= {"620100-GA-0001", "620100-GA-0002", "620100-GA-0008", "620100-GA-0009"}


def test_single_character_finds_by_substring(search):
    assert "620100-MZ-0001" in _codes(search.search("婚"))  # 内地居民结婚登记


def test_department_search_lists_its_matters(search):
    hits = search.search("民政")
    assert hits and {h.department for h in hits} == {"兰州市民政局"}
    assert len(hits) == 8


def test_nothing_found_is_an_empty_list(search):
    assert search.search("量子纠缠") == []
    assert search.search("zzzzqx") == []


def _add_application(ctx, code: str, window: str) -> None:
    with ctx.db.transaction() as s:
        if not s.execute(text("SELECT 1 FROM user WHERE id = 1")).first():
            s.execute(text("INSERT INTO user (id, username, display_name, role, password_hash, active, "
                           "failed_attempts, created_at) VALUES (1, 'c', '', 'clerk', 'x', 1, 0, "
                           "'2026-11-25 08:00:00')"))
        s.execute(text(
            "INSERT INTO application (uuid, matter_code, matter_version, matter_name, department, immediate, "
            "promised_days, applicant_name, applicant_id_masked, clerk_id, window_id, status, created_at, "
            "updated_at, paused_working_days, rejection_reason, supplement_note, draft_json, local_version, "
            "sync_state) VALUES (:u, :c, 1, '', '', 0, 0, '', '', 1, :w, 'draft', '2026-11-25 08:00:00', "
            "'2026-11-25 08:00:00', 0, '', '', '', 1, 'local')"), {"u": str(uuid.uuid4()), "c": code, "w": window})


def test_empty_query_lists_this_windows_most_used_matters_first(ctx, search):
    for code, times in (("620100-MZ-0001", 3), ("620100-GJ-0002", 5), ("620100-SJ-0002", 1)):
        for _ in range(times):
            _add_application(ctx, code, "W01")
    for _ in range(9):
        _add_application(ctx, "620100-SW-0001", "W02")  # another window's habits do not count here
    hits = search.search("")
    assert _codes(hits)[:3] == ["620100-GJ-0002", "620100-MZ-0001", "620100-SJ-0002"]
    assert [h.uses for h in hits[:3]] == [5, 3, 1]
    assert len(hits) == 50 and len(set(_codes(hits))) == 50
    assert MatterSearch(ctx, window_id="W02").search("  ")[0].code == "620100-SW-0001"


def test_most_used_breaks_ties_within_a_rank(ctx, search):
    _add_application(ctx, "620100-GA-0009", "W01")  # 居民户口簿补领、换领
    codes = _codes(search.search("户口"))
    assert codes.index("620100-GA-0009") < codes.index("620100-GA-0008")


def test_get_matter_returns_materials_in_checklist_order(search):
    detail = search.get_matter("620100-bd-0002")
    assert detail.name.startswith("国有建设用地使用权") and len(detail.materials) >= 20
    assert [m.seq for m in detail.materials] == list(range(1, len(detail.materials) + 1))
    first = detail.materials[1]
    assert (first.cert_type, first.form, first.required) == ("ID_CARD", "original", True)
    assert search.get_matter("620100-XX-0000") is None


def test_search_never_scans_the_matter_table(ctx, catalog):
    queries = ["户", "户口", "hkqy", "h", "620100-GA-0001", "民政局", "dengji"]
    with ctx.db.session() as s:
        for q in queries:
            sql, params = build_search_sql(q, "W01")
            plan = [row[3] for row in s.execute(text("EXPLAIN QUERY PLAN " + sql), params)]
            # Scanning the CTE and the bounded subqueries is fine; walking a real table is not.
            scans = [step for step in plan if re.match(r"SCAN (matter|m|u|matter_usage)( USING|$)", step)]
            assert scans == [], (q, plan)
            assert any("matter_fts VIRTUAL TABLE" in step or "USING INDEX" in step for step in plan)


def test_a_used_matter_outranks_unused_ones_even_beyond_the_first_page(ctx, search):
    _add_application(ctx, "620100-GA-0008", "W01")  # 死亡人员户口注销: used, but only a substring match
    assert search.search("户口", limit=1)[0].code != "620100-GA-0008"
    _add_application(ctx, "620100-GA-0002", "W01")
    assert search.search("户口", limit=1)[0].code == "620100-GA-0002"
    assert search.search("hk", limit=1)[0].code == "620100-GA-0002"
    assert _codes(search.search("户口", limit=3)) == ["620100-GA-0002", "620100-GA-0001", "620100-GA-0008"]


def test_a_matter_written_through_the_orm_is_searchable_too(ctx, search):
    from desktop.store.models import Matter

    with ctx.db.transaction() as s:
        s.add(Matter(code="620100-MZ-0100", name="婚姻登记档案查询", department="兰州市民政局", immediate=True))
    assert search.search("hydjda")[0].code == "620100-MZ-0100"
    with ctx.db.transaction() as s:
        s.query(Matter).filter_by(code="620100-MZ-0100").one().name = "婚姻登记记录证明"
    assert search.search("hydjjl")[0].code == "620100-MZ-0100"
    assert search.search("hydjda") == []
