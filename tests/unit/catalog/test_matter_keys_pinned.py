"""A matter's search keys are what the code before the faster ``matter_keys`` wrote (issue 17).

``matter_keys`` was rewritten for a first pull of thousands of new names (one normalisation per
name, suffix runs built from the end, a department's part cached). The previous composition is
kept here word for word and the two are compared on generated names: long ones (runs past
RUN_MAX), mixed Han/ASCII/full-width/punctuation, empty and repeated departments.
"""
from __future__ import annotations

import random

from desktop.domain import search_keys
from desktop.domain.search_keys import RUN_MAX, SEPARATOR, MatterKeys, matter_keys, tokens


def _old_suffix_runs(parts):
    return ["".join(parts[i:])[:RUN_MAX] for i in range(len(parts))]


def _old_matter_keys(name: str, department: str) -> MatterKeys:
    """matter_keys as of main 6b6e9f7."""
    syllables = search_keys._syllables(name)
    initials_parts = [s[0] for s in syllables if s]
    dept_syllables = search_keys._syllables(department)
    parts = [" ".join(tokens(name)), SEPARATOR, " ".join(tokens(department)), SEPARATOR,
             " ".join(_old_suffix_runs(syllables)), " ".join(_old_suffix_runs(initials_parts)),
             "".join(dept_syllables), "".join(s[0] for s in dept_syllables if s)]
    return MatterKeys(search_text=" ".join(p for p in parts if p), initials="".join(initials_parts)[:200],
                      pinyin="".join(syllables))


_PIECES = ("户口迁移", "重庆", "银行", "长春", "行长", "（跨省通办）", "第3号", "ABC", "ＡＢＣ１２", " ", "　", "、",
           "2026年度", "x", "中华人民共和国居民身份证申领", "abc123def", "〇", "-", "_", "【急】", "é", "Ω")


def test_generated_names_get_the_keys_the_previous_code_gave():
    rng = random.Random(20261129)
    names = ["", " ", "户", "a", "户口迁移（市内迁移）", "中华人民共和国" * 6, "a" * 60, "a b c d e f g h i j k l m n"]
    names += ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    departments = ["", "公安局", "兰州市公安局", "重庆银行", "Dept 5", "部门５"]
    for name in names:
        department = rng.choice(departments + [rng.choice(_PIECES) * 2])
        matter_keys.cache_clear()
        assert matter_keys(name, department) == _old_matter_keys(name, department), (name, department)
