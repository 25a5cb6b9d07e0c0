"""Search keys for matters: what the index holds and how a typed query is read.

Clerks type a few characters of the name (户口), the pinyin initials (hkqy), the full pinyin
(hukou) or a matter code. Pinyin is computed once, when a matter is imported — never per
keystroke — and stored with the matter:

* ``initials`` — the name's pinyin initials, ``hkqy`` for 户口迁移 (a B-tree prefix column);
* ``pinyin``   — the name's full pinyin run together, ``hukouqianyi``;
* ``search_text`` — the text the FTS5 index (unicode61 tokenizer) reads. SQLite's tokenizers do
  not split Chinese into words, so every Han character is written as its own token and a query
  becomes a *phrase* of characters: ``"户 口"`` matches exactly the names containing 户口, with
  one or two characters as well as ten (the trigram tokenizer cannot use its index for queries
  under three characters, the most common case when typing Chinese). Pinyin is indexed as the
  run of syllables starting at each syllable (``hukouqianyi kouqianyi qianyi yi``) and likewise
  for initials, so a prefix query finds a word anywhere in the name at a syllable boundary.
  A private-use character separates the name from the department, so a phrase never spans the
  two.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain import pinyin_table

RUN_MAX = 24  # longest pinyin/initials run indexed; longer ASCII queries are cut to this
SEPARATOR = "\ue000"  # a token of its own (Unicode "Co" is a token character); nobody can type it
_ASCII = re.compile(r"[0-9a-z]+")
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9a-z]+")


@dataclass(frozen=True)
class MatterKeys:
    search_text: str
    initials: str
    pinyin: str


def normalize_query(text: str) -> str:
    """Full-width letters/digits to half-width, lower case, whitespace trimmed and collapsed."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """Index tokens of ``text``: each Han character alone, each ASCII letter/digit run together."""
    return _TOKEN.findall(normalize_query(text))


@lru_cache(maxsize=32768)
def _syllables(text: str) -> tuple[str, ...]:
    """The pinyin of each Han character, and each ASCII letter/digit run; punctuation dropped.

    Cached by name, and below that by run of Han characters: a catalog repeats the same words
    across its matters (户口迁移（市内迁移）, 户口迁移（跨省）…), so a pull of thousands of matters
    asks pypinyin only for the runs it has not seen. pypinyin converts each Han run on its own
    (its segmenter splits the text the same way first), so the result is what one call on the
    whole text gives.
    """
    return _normal_syllables(normalize_query(text))


def _normal_syllables(normal: str) -> tuple[str, ...]:
    """:func:`_syllables` of an already normalized text (not cached: a matter's name is new to the cache)."""
    out: list[str] = []
    for run in _runs(normal):
        out += _run_syllables(run) if _is_han(run) else _ASCII.findall(run)
    return tuple(out)


def _is_han(run: str) -> bool:
    """Is ``run`` (one of :func:`_runs`) a Han run? Only those need pypinyin.

    pypinyin hands a non-Han run back whole to the ``errors`` callback, so its syllables are
    the run's ASCII letter/digit runs (already lower case): computed here without a call, which
    matters because numbered names (第3号, 2026年度…) make every such run new to the cache.
    """
    assert _RUN_HAN is not None  # set by _runs
    return _RUN_HAN.match(run) is not None


def _runs(text: str) -> list[str]:
    """``text`` split into maximal runs of Han / non-Han characters, as pypinyin's simple_seg splits it."""
    global _RUN, _RUN_HAN  # noqa: PLW0603 - built on first use from pypinyin's own definition of a Han character
    if _RUN is None:
        readings = pinyin_table.load()
        if readings is not None:
            han = readings.han_class  # pypinyin's, compiled into the table
        else:
            from pypinyin.constants import RE_HANS  # pypinyin loads only when a catalog is imported

            han = RE_HANS.pattern[len("^(?:"):-len(")+$")]
        _RUN = re.compile(f"(?:{han})+|(?:[^{han[1:]})+")
        _RUN_HAN = re.compile(f"(?:{han})")
    return _RUN.findall(text)


_RUN: re.Pattern[str] | None = None
_RUN_HAN: re.Pattern[str] | None = None


@lru_cache(maxsize=65536)
def _run_syllables(run: str) -> tuple[str, ...]:
    # pypinyin's compiled readings load in a fifth of pypinyin's own tables (pinyin_table.py) and
    # give the same syllables; pypinyin itself is asked only when the table does not apply here
    # or lacks a character. Only importing a catalog needs either, searching never.
    readings = pinyin_table.load()
    if readings is not None:
        found = readings.syllables(run)
        if found is not None:
            return found
    return tuple(pinyin_table.word_syllables(run).split())


def _suffix_runs(parts: Sequence[str]) -> str:
    """The run of ``parts`` starting at each part, each cut to RUN_MAX, space-separated.

    Capped: nobody types more than a couple dozen letters, and uncapped runs grow with the
    square of the name's length (a 40-character name would index ~4,000 letters). Built from
    the end: the first RUN_MAX letters of a part and the run after it need only the first
    RUN_MAX letters of that run.
    """
    runs: list[str] = []
    tail = ""
    for part in reversed(parts):
        tail = (part + tail)[:RUN_MAX]
        runs.append(tail)
    runs.reverse()
    return " ".join(runs)


@lru_cache(maxsize=1024)
def _department_keys(department: str) -> tuple[str, str, str]:
    """A department's tokens, its pinyin and its initials, as matter_keys writes them (departments repeat)."""
    syllables = _syllables(department)
    return (" ".join(tokens(department)), "".join(syllables),
            "".join(s[0] for s in syllables if s))


@lru_cache(maxsize=8192)
def matter_keys(name: str, department: str) -> MatterKeys:
    """The stored search keys of one matter (computed at import time, with pypinyin; cached by name)."""
    normal = normalize_query(name)
    syllables = _normal_syllables(normal)
    initials = "".join([s[0] for s in syllables if s])  # one letter per syllable
    dept_tokens, dept_pinyin, dept_initials = _department_keys(department)
    parts = [" ".join(_TOKEN.findall(normal)), SEPARATOR, dept_tokens, SEPARATOR, _suffix_runs(syllables),
             _suffix_runs(initials), dept_pinyin, dept_initials]
    return MatterKeys(search_text=" ".join([p for p in parts if p]), initials=initials[:200],
                      pinyin="".join(syllables))


def is_ascii_query(query: str) -> bool:
    return bool(query) and query.isascii()


def fts_query(query: str, *, at_start: bool = False) -> str | None:
    """The FTS5 MATCH expression for a normalized query, or None when it has no searchable token.

    Han characters become a phrase of single-character tokens (an exact substring match); an
    ASCII query becomes a prefix query on the pinyin/initials tokens. ``at_start`` anchors the
    phrase to the first token of the indexed text, i.e. the start of the matter name.
    """
    found = [t[:RUN_MAX] if t.isascii() else t for t in tokens(query)]
    if not found:
        return None
    phrase = '"' + " ".join(found) + '"'
    if found[-1].isascii():
        phrase += "*"
    return ("^" + phrase) if at_start else phrase
