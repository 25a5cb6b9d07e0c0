"""The search's used branch, applied in Python over a cached list, ranks exactly like the one SQL statement.

``MatterSearch`` keeps the window's most-used matters until the catalog or the usage counts
change (``search_epoch``, bumped by triggers) and applies the used branch's rule to them in
Python; the statement with the branch in SQL (``build_search_sql(..., with_used=True)``) is the
reference: for every query, same matters, same order, same use counts.
"""
from __future__ import annotations

import random

from desktop.domain.search_keys import matter_keys
from desktop.services.catalog.search import MatterSearch, _hit, build_search_sql
from tests.unit.catalog.test_matter_search import _add_application


def _reference(ctx, query: str, window: str, limit: int = 50) -> list:
    sql, params = build_search_sql(query, window, limit, with_used=True)
    with ctx.db.engine.connect() as conn:
        return [_hit(row) for row in conn.exec_driver_sql(sql, params)]


def test_cached_used_branch_gives_the_statements_answer_for_every_query(ctx, catalog, search):
    rng = random.Random(4)
    with ctx.db.session() as s:
        matters = s.connection().exec_driver_sql("SELECT code, name, department FROM matter").all()
    for code, _name, _dept in rng.sample(matters, 25):
        for _ in range(rng.randint(1, 4)):
            _add_application(ctx, code, "W01")
    queries = set()
    for code, name, dept in rng.sample(matters, 60):
        keys = matter_keys(name, dept)
        queries |= {name[:i] for i in range(1, 5)} | {keys.initials[:i] for i in range(1, 5)}
        queries |= {keys.pinyin[:i] for i in (2, 4, 7)} | {code[:i] for i in (6, 9, len(code))}
        queries |= {dept[3:6], name[1:3], code.lower()}
    queries |= {"h", "x", "d", "620100-ga-0001", "ＨＫ", "婚 姻", "zz"}
    for limit in (50, 3):
        for q in sorted(q for q in queries if q.strip()):
            assert search.search(q, limit=limit) == _reference(ctx, q, "W01", limit), q


def test_the_cached_used_list_follows_new_applications_and_catalog_changes(ctx, catalog, search):
    assert search.search("hk")[0].uses == 0
    _add_application(ctx, "620100-GA-0002", "W01")
    assert search.search("hk")[0].code == "620100-GA-0002" and search.search("hk")[0].uses == 1
    with ctx.db.transaction() as s:
        s.connection().exec_driver_sql("UPDATE matter SET deleted = 1 WHERE code = '620100-GA-0002'")
    assert "620100-GA-0002" not in [h.code for h in search.search("hk")]
    assert search.search("hk") == _reference(ctx, "hk", "W01")
    assert MatterSearch(ctx, window_id="W01").search("hk") == search.search("hk")
