"""Issue 16 #11: what reaches the matter search is capped and sanitised before FTS."""
from __future__ import annotations

import time

from desktop.services.catalog import search as search_module
from desktop.services.catalog.search import MatterSearch
from desktop.services.catalog.service import CatalogService


def test_a_40000_character_search_is_cut_to_the_cap_and_answers_at_once(ctx):
    CatalogService(ctx).ensure_sample_loaded()
    search = MatterSearch(ctx, window_id="W01")
    typed = "户" * 40_000  # a pasted block of text: 40,000 one-character FTS tokens took 9-50 s
    assert search.search("户口 \x00\"*^:() hk") is not None  # FTS syntax in the box is not an error
    started = time.perf_counter()
    hits = search.search(typed)
    elapsed = time.perf_counter() - started
    assert elapsed < 2, f"{elapsed:.1f} s for a {len(typed)}-character query"
    assert [h.code for h in hits] == [h.code for h in search.search(typed[:getattr(search_module, "MAX_QUERY_CHARS", 100)])]
