"""pypinyin's readings compiled for the search keys: the same syllables without loading pypinyin.

The search keys (search_keys.py) need the pinyin of runs of Han characters, as pypinyin's
``lazy_pinyin`` gives them. Loading pypinyin for that costs 0.15-0.2 s and ~58 MB on the first
catalog import of a process: its phrase dictionary (47,000 phrases as nested lists), its
41,000-character dictionary and its segmenter's prefix set, all built on import. This table,
compiled from the installed pypinyin (``python -m desktop.domain.pinyin_table``), holds what
those yield for this use, in a form that loads in a fraction of that:

* ``words``: for every word pypinyin's segmenter can hand its converter (each phrase of the
  phrase dictionary, each character of the character dictionary), the syllables ``lazy_pinyin``
  gives that word, as search_keys reads them (lower-case letter/digit runs, space-separated);
* ``others``: the segmenter's prefix set (every prefix of every phrase) less the phrases, which
  ``words`` holds already (a word of two or more characters in ``words`` is a phrase: the
  phrase dictionary has no one-character entry);
* pypinyin's definition of a Han character (``RE_HANS``).

A run is cut exactly as pypinyin cuts it (forward maximum matching, ``mmseg.Seg.cut`` with
``no_non_phrases``, copied below) and each word's syllables are looked up; pypinyin converts
each word on its own, so the run's syllables are the words' syllables in order. A word the table
lacks (a character pypinyin has no reading for) sends the run to pypinyin itself. The table
is used only when it was compiled from the pypinyin installed here (its version and data file
sizes) and phrases are not switched off (``PYPINYIN_NO_PHRASES``); otherwise search_keys asks
pypinyin as before. tests/unit/catalog/test_pinyin_table.py holds the table to pypinyin: every
word, and cut and syllables of generated runs.
"""
from __future__ import annotations

import importlib.util
import marshal
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import resources

FORMAT = 1
PATH = Path(resources.__file__).parent / "pinyin" / "readings.marshal"
_ASCII = re.compile(r"[0-9a-z]+")
_DATA_FILES = ("phrases_dict.json", "pinyin_dict.json")


@dataclass(frozen=True)
class Readings:
    words: dict[str, str]  # word -> its syllables, space-separated
    others: frozenset[str]  # prefixes of phrases that are not phrases themselves
    han_class: str  # pypinyin's RE_HANS character class, without its anchors and repeat

    def syllables(self, run: str) -> tuple[str, ...] | None:
        """What ``lazy_pinyin(run)`` gives, as search_keys reads it; None when a word is not in the table."""
        out: list[str] = []
        words = self.words
        for word in self.cut(run):
            found = words.get(word)
            if found is None:
                return None
            out += found.split()
        return tuple(out)

    def cut(self, text: str) -> Iterator[str]:
        """pypinyin's ``mmseg.Seg.cut`` (no_non_phrases=True) over the compiled prefix set, step for step."""
        words, others = self.words, self.others
        remain = text
        while remain:
            last_valid_word = ""
            last_valid_index = 0
            for index in range(len(remain)):
                word = remain[:index + 1]
                if index and word in words:  # a phrase (so a prefix too)
                    last_valid_word = word
                    last_valid_index = index + 1
                elif word not in others:  # not a prefix of any phrase
                    if last_valid_word:
                        yield last_valid_word
                        remain = remain[last_valid_index:]
                    else:
                        yield remain[0]
                        remain = remain[1:]
                    break
            else:  # the whole remaining text is a prefix
                if last_valid_word:
                    yield last_valid_word
                    remain = remain[last_valid_index:]
                else:  # (a phrase would have been its own last valid word)
                    yield from remain
                    break


def _installed_pypinyin() -> tuple[str, ...] | None:
    """What identifies the installed pypinyin: its version and its data files' sizes (without importing it).

    The version comes from its dist-info folder beside the package (in site-packages, and at the
    root of the installed app, which copies pypinyin's metadata), else from its ``__init__.py``.
    """
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        sizes = [str((folder / name).stat().st_size) for name in _DATA_FILES]
    except OSError:
        return None
    found = [p.name[len("pypinyin-"):-len(".dist-info")] for p in folder.parent.glob("pypinyin-*.dist-info")]
    if len(found) == 1:
        return (found[0], *sizes)
    try:
        init = (folder / "__init__.py").read_text(encoding="utf-8")
    except OSError:
        return None
    version = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", init, re.MULTILINE)
    return (version.group(1), *sizes) if version else None


@lru_cache(maxsize=1)
def load() -> Readings | None:
    """The compiled table, or None when it does not apply here (search_keys then asks pypinyin)."""
    if os.environ.get("PYPINYIN_NO_PHRASES"):
        return None
    try:
        header, words, others, han_class = marshal.loads(PATH.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if header != (FORMAT, _installed_pypinyin()):
        return None
    return Readings(words, others, han_class)


def word_syllables(word: str) -> str:
    """The syllables pypinyin gives one word (or a run: it cuts it as ``Readings.cut`` does), as
    search_keys reads them (space-separated). search_keys asks this when the table does not apply."""
    from pypinyin import lazy_pinyin

    out: list[str] = []
    # pypinyin's stub types the errors callback as returning str; at runtime a list is accepted too.
    for piece in lazy_pinyin(word, errors=lambda chars: [chars]):  # type: ignore[arg-type, return-value]
        out.extend(_ASCII.findall(piece.lower()))
    return " ".join(out)


def compile_table() -> bytes:
    """The table from the installed pypinyin (marshal: it loads fastest of the standard formats)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS

    if any(len(phrase) < 2 for phrase in PHRASES_DICT):
        raise ValueError("pypinyin has one-character phrases: Readings.cut would take them for characters")
    words = {word: word_syllables(word) for word in PHRASES_DICT}
    words.update({chr(code): word_syllables(chr(code)) for code in PINYIN_DICT if chr(code) not in words})
    others = frozenset(phrase[:end] for phrase in PHRASES_DICT for end in range(1, len(phrase))) - PHRASES_DICT.keys()
    han_class = RE_HANS.pattern[len("^(?:"):-len(")+$")]
    return marshal.dumps(((FORMAT, _installed_pypinyin()), words, others, han_class))


if __name__ == "__main__":  # python -m desktop.domain.pinyin_table: after upgrading pypinyin
    PATH.parent.mkdir(parents=True, exist_ok=True)
    PATH.write_bytes(compile_table())
    print(f"{PATH}: {PATH.stat().st_size:,} bytes")
