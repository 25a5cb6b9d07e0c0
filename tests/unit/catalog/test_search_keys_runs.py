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
    assert info.misses == 2  # 生成事项 and 号 once; number runs never ask pypinyin
    assert info.hits >= 98


def test_runs_without_han_characters_give_what_pypinyin_gives():
    """Random mixes of Han, digits, Latin, full-width and punctuation: the shortcut for non-Han runs is exact."""
    import random

    rng = random.Random(17)
    alphabet = (list("户口迁移证明银行长乐重庆行0123456789abcXYZ-_.()（）【】第号年度 　ＡＢ１２〇々ー・、。,;:!?@#%&*+=/|~'\"")
                + ["\u3400", "\u4dbf", "\U00020000", "\uf900", "\u2e80", "é", "ß", "Ω", "ⅡⅢ", "①"])
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert search_keys._syllables(text) == _whole(text), repr(text)
