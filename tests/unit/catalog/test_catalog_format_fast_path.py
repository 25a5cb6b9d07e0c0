"""The one-pass check of plain catalog entries accepts only what the full check accepts, the same way.

``parse_matter`` first tries ``_plain_matter`` (exact types, in range, one pass) and falls back
to ``_checked_matter`` (every problem named in Chinese). The fast path may pass on anything it
finds unusual, but whatever it accepts, the full check must accept with no problem and the same
result, field for field and type for type. Thousands of seeded mutations of real entries hold
the two together; a malformed entry is still refused with the clerk's message.
"""
from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from desktop.domain.catalog_format import (
    CatalogInvalid,
    MatterSpec,
    _checked_matter,
    _plain_matter,
    parse_catalog,
    parse_matter,
)


class _Text(str):
    """A str subclass: the full check takes it (isinstance), the fast path leaves it to the full check."""


VALUES: tuple[Any, ...] = (None, "", "   ", " 文字 ", "x" * 401, "y" * 2001, "行政许可", "公共服务", "hall",
                           "department", "copy", "original", "original_and_copy", "ID_CARD", "BOGUS", 0, 1, -1, 3,
                           99, 100, 365, 366, 100_000_001, True, False, 1.0, [], {}, ["a"], {"x": 1},
                           "620100-ga-0001", " GA-1 ", "AB", "a b", _Text("copy"), _Text("行政许可"))
MATTER_KEYS = ("code", "name", "department", "kind", "promised_days", "legal_days", "fee_cents", "fee_note",
               "immediate", "materials", "decided_by")
MATERIAL_KEYS = ("name", "required", "copies", "form", "cert_type", "deferrable", "electronic_required", "notes")


def _typed(value: Any) -> Any:
    """A value with the types of everything inside it, so True and 1, or str and a subclass, differ."""
    if isinstance(value, MatterSpec) or hasattr(value, "__dataclass_fields__"):
        return (type(value), {k: _typed(v) for k, v in vars(value).items()})
    if isinstance(value, tuple):
        return tuple(_typed(v) for v in value)
    return (type(value), value)


def _mutate(entry: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    entry = copy.deepcopy(entry)
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        materials = entry.get("materials")
        target = entry
        keys: tuple[str, ...] = MATTER_KEYS
        if isinstance(materials, list) and materials and rng.random() < 0.5:
            target, keys = rng.choice(materials), MATERIAL_KEYS
            if not isinstance(target, dict):
                continue
        roll = rng.random()
        if roll < 0.1:
            target.pop(rng.choice(keys), None)
        elif roll < 0.15:
            target["unknown_field"] = 1
        elif roll < 0.2 and keys is MATERIAL_KEYS and isinstance(materials, list):
            materials.append(copy.deepcopy(target))  # a duplicate material name
        elif roll < 0.25 and keys is MATTER_KEYS:
            entry["immediate"], entry["promised_days"] = rng.choice(((True, 0), (True, 3), (False, 0), (False, 5)))
        else:
            target[rng.choice(keys)] = rng.choice(VALUES)
    return entry


@pytest.fixture(scope="module")
def entries(sample_data) -> list[dict[str, Any]]:
    base = copy.deepcopy(sample_data["matters"])
    base += [{**m, "decided_by": "department", "fee_note": "  按标准收取  ", "code": f" {m['code'].lower()} "}
             for m in base[:10]]
    return base


def test_whatever_the_fast_path_accepts_the_full_check_accepts_the_same_way(entries):
    rng = random.Random(20261129)
    accepted = fast = 0
    for n in range(6000):
        entry = _mutate(rng.choice(entries), rng)
        problems: list[str] = []
        full = _checked_matter(entry, problems, n)
        plain = _plain_matter(entry)
        accepted += full is not None
        if plain is not None:
            fast += 1
            assert problems == [] and full is not None, (entry, problems)
            assert _typed(plain) == _typed(full), entry
        # and parse_matter (fast path first) gives what the full check gives, problems included
        again: list[str] = []
        assert _typed(parse_matter(entry, again, n)) == _typed(full)
        assert again == ([] if plain is not None else problems)
    # the mutations reach both sides, and the fast path takes the common case
    assert 1000 < accepted < 5000 and fast > 0.8 * accepted, (accepted, fast)


@pytest.mark.parametrize("field,value", [("form", ["copy"]), ("cert_type", {"ID_CARD": 1}), ("decided_by", ["hall"])])
def test_an_unhashable_value_is_refused_with_the_clerk_message_not_a_crash(catalog_doc, field, value):
    matter = catalog_doc["matters"][0]
    if field == "decided_by":
        matter[field] = value
    else:
        matter["materials"][0][field] = value
    with pytest.raises(CatalogInvalid) as caught:
        parse_catalog(catalog_doc)
    assert f"字段 {field}" in str(caught.value)
