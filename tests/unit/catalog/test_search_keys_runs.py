"""Search keys are computed per run of Han characters (cached), and equal pypinyin on the whole text."""
from __future__ import annotations

import json

from pypinyin import lazy_pinyin

from desktop.domain import search_keys
from desktop.services.catalog.service import SAMPLE_CATALOG


def _whole(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in lazy_pinyin(search_keys.normalize_query(text), errors=lambda chars: [chars]):
        out.extend(search_keys._ASCII.findall(piece.lower()))
    return tuple(out)


def test_syllables_by_runs_equal_pypinyin_on_the_whole_text():
    doc = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    texts = {m["name"] for m in doc["matters"]} | {m["department"] for m in doc["matters"]}
    texts |= {x["name"] for m in doc["matters"] for x in m["materials"]}
    texts |= {"重庆市长春路（跨省通办）", "Ａ级 重要abc123事项", "行长到银行", "生成事项12号", "", "  a 中 b  "}
    for text in texts:
        assert search_keys._syllables(text) == _whole(text), text


def test_a_run_seen_once_is_not_converted_again():
    search_keys._syllables.cache_clear()
    search_keys._run_syllables.cache_clear()
    for i in range(50):
        search_keys._syllables(f"生成事项{i}号")
    info = search_keys._run_syllables.cache_info()
    assert info.misses <= 2 + 50  # 生成事项 and 号 once; each number run is new
    assert info.hits >= 98
