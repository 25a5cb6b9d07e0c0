"""The compiled pinyin table gives the search keys exactly what pypinyin gives (issue 17).

search_keys reads the syllables of Han runs from resources/pinyin/readings.marshal instead of
loading pypinyin (0.15-0.2 s and ~58 MB on the first catalog import of a process). Held here:
the table is what the installed pypinyin compiles to today (every word), it cuts runs as
pypinyin's segmenter does and gives the same syllables for generated runs, it stands aside
when it does not match the installed pypinyin, and a catalog import does not load pypinyin.
"""
from __future__ import annotations

import contextlib
import json
import random
import subprocess
import sys

import pytest
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
from pypinyin.seg import mmseg

from desktop.domain import pinyin_table, search_keys
from tests.unit.catalog.test_search_keys_runs import _whole


@pytest.fixture(scope="module")
def readings() -> pinyin_table.Readings:
    found = pinyin_table.load()
    assert found is not None, "the compiled table does not match the installed pypinyin: " \
                              "run python -m desktop.domain.pinyin_table"
    return found


def test_the_table_is_what_the_installed_pypinyin_compiles_to(readings):
    """Every word pypinyin's segmenter can yield, with the syllables lazy_pinyin gives it."""
    import marshal

    _, words, others, han_class = marshal.loads(pinyin_table.compile_table())
    assert readings.words == words and readings.others == others and readings.han_class == han_class
    assert len(words) == len(PHRASES_DICT.keys() | {chr(c) for c in PINYIN_DICT})
    assert RE_HANS.pattern == f"^(?:{readings.han_class})+$"


def _runs(rng: random.Random, count: int) -> list[str]:
    """Han runs that exercise the segmenter: phrases, their prefixes and overlaps, odd characters."""
    phrases = sorted(PHRASES_DICT)
    chars = [chr(c) for c in sorted(PINYIN_DICT)]
    runs = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            phrase = rng.choice(phrases)
            roll = rng.random()
            if roll < 0.5:
                parts.append(phrase)
            elif roll < 0.75:
                parts.append(phrase[:rng.randint(1, len(phrase))])
            elif roll < 0.9:
                parts.append(phrase[rng.randint(0, len(phrase) - 1):])
            else:
                parts.append(rng.choice(chars))
        runs.append("".join(parts))
    return runs


def test_runs_are_cut_and_read_as_pypinyin_cuts_and_reads_them(readings):
    rng = random.Random(20261129)
    runs = _runs(rng, 6000) + ["重庆市长春路", "行长到银行", "生成事项", "一丁不识一丁点儿", "〇"]
    for run in runs:
        assert list(readings.cut(run)) == list(mmseg.seg.cut(run)), run
        assert readings.syllables(run) == tuple(pinyin_table.word_syllables(run).split()), run  # lazy_pinyin(run)


def test_a_character_without_a_reading_is_left_to_pypinyin(readings):
    # Characters pypinyin counts as Han but has no reading for: the table lacks them, pypinyin decides.
    han = __import__("re").compile(f"[{readings.han_class[1:-1]}]")
    missing = [chr(c) for c in range(0x3400, 0x2A6E0) if han.match(chr(c)) and c not in PINYIN_DICT][:20]
    assert missing
    for char in missing:
        assert readings.syllables(f"户口{char}迁移") is None
        search_keys._syllables.cache_clear()
        assert search_keys._syllables(f"户口{char}迁移") == _whole(f"户口{char}迁移")


def test_the_table_stands_aside_when_it_does_not_match_the_installed_pypinyin(monkeypatch):
    pinyin_table.load.cache_clear()
    try:
        monkeypatch.setattr(pinyin_table, "_installed_pypinyin", lambda: ("0.1", "1", "2"))
        assert pinyin_table.load() is None
        pinyin_table.load.cache_clear()
        monkeypatch.undo()
        monkeypatch.setenv("PYPINYIN_NO_PHRASES", "1")  # pypinyin would then read without its phrases
        assert pinyin_table.load() is None
    finally:
        monkeypatch.undo()
        pinyin_table.load.cache_clear()
    assert pinyin_table.load() is not None


_PROBE = """
import json, sys
from desktop.domain.search_keys import matter_keys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
keys = {m["code"]: list(vars(matter_keys(m["name"], m["department"])).values()) for m in doc["matters"]}
print(json.dumps({"pypinyin": sorted(m for m in sys.modules if m.startswith("pypinyin")), "keys": keys}))
"""


def test_a_catalog_import_computes_its_keys_without_loading_pypinyin(tmp_path, sample_data):
    from desktop.services.catalog.service import SAMPLE_CATALOG

    done = subprocess.run([sys.executable, "-c", _PROBE, str(SAMPLE_CATALOG)], capture_output=True, text=True,
                          timeout=120, check=True)
    report = json.loads(done.stdout)
    assert report["pypinyin"] == []
    with _pypinyin_only():
        expected = {m["code"]: list(vars(search_keys.matter_keys(m["name"], m["department"])).values())
                    for m in sample_data["matters"]}
    assert report["keys"] == expected


@contextlib.contextmanager
def _pypinyin_only():
    """search_keys as it was before the table: every run read by pypinyin."""
    caches = (search_keys.matter_keys, search_keys._syllables, search_keys._run_syllables)
    for cache in caches:
        cache.cache_clear()
    original = pinyin_table.load
    pinyin_table.load = lambda: None  # type: ignore[assignment]
    try:
        yield
    finally:
        pinyin_table.load = original
        for cache in caches:
            cache.cache_clear()


def test_the_keys_of_generated_names_equal_those_pypinyin_gave(readings):
    rng = random.Random(11)
    names = [(f"{run}（第{i}批）{rng.choice(('', 'ABC', '２号'))}", rng.choice(_runs(rng, 1)) + "局")
             for i, run in enumerate(_runs(rng, 1500))]
    with _pypinyin_only():
        before = [search_keys.matter_keys(name, department) for name, department in names]
    assert [search_keys.matter_keys(name, department) for name, department in names] == before


def test_the_installed_pypinyin_is_known_by_its_metadata_or_its_source(tmp_path, monkeypatch):
    """The installed app has pypinyin's metadata but no .py source; a checkout has both."""
    import importlib.machinery

    package = tmp_path / "pypinyin"
    package.mkdir()
    (package / "phrases_dict.json").write_text("{}")
    (package / "pinyin_dict.json").write_text("{ }")
    spec = importlib.machinery.ModuleSpec("pypinyin", None, is_package=True)
    spec.submodule_search_locations = [str(package)]
    monkeypatch.setattr(pinyin_table.importlib.util, "find_spec", lambda name: spec)
    assert pinyin_table._installed_pypinyin() is None  # neither metadata nor source: the table stands aside
    (package / "__init__.py").write_text("__version__ = '0.54.0'\n")
    assert pinyin_table._installed_pypinyin() == ("0.54.0", "2", "3")
    (tmp_path / "pypinyin-0.55.0.dist-info").mkdir()
    (package / "__init__.py").unlink()
    assert pinyin_table._installed_pypinyin() == ("0.55.0", "2", "3")
