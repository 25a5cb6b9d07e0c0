"""A pulled page becomes the same matters by the fast path as by the exchange dicts (issue 17).

``page_matters`` checks the platform's API Matters in one pass, straight into specs, instead of
building each one's exchange dict for ``apply_matters`` to check. Whatever it hands over as
specs must be exactly what ``parse_matters`` makes of ``to_exchange_format`` of the same items
(field for field, type for type, in the same order, with no problem); anything else must go as
the exchange dicts, so every problem is still reported the old way. Seeded mutations of real
pages (unknown keys, wrong types, shuffled or missing ``seq``, repeated codes…) hold the two
together, and the common page takes the fast path.
"""
from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from desktop.domain.catalog_format import CatalogInvalid, MatterSpec, parse_matters
from desktop.services.catalog.service import apply_matters
from sync.catalog_pull import page_matters, to_exchange_format
from tests.unit.catalog.test_catalog_format_fast_path import VALUES, _typed
from tests.unit.catalog.test_catalog_pull_pinned import _api_items, _generated

API_MATTER_KEYS = ("code", "name", "department", "kind", "promised_days", "legal_days", "fee_cents", "fee_note",
                   "immediate", "materials", "decided_by", "version")
API_MATERIAL_KEYS = ("seq", "name", "required", "copies", "form", "cert_type", "deferrable", "electronic_required",
                     "notes")


def _mutate_item(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    item = copy.deepcopy(item)
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        materials = item.get("materials")
        target, keys = item, API_MATTER_KEYS
        if isinstance(materials, list) and materials and rng.random() < 0.5:
            target, keys = rng.choice(materials), API_MATERIAL_KEYS
            if not isinstance(target, dict):
                continue
        roll = rng.random()
        if roll < 0.1:
            target.pop(rng.choice(keys), None)
        elif roll < 0.15:
            target["unknown_field"] = 1
        elif roll < 0.2 and isinstance(materials, list):
            rng.shuffle(materials)
        elif roll < 0.25 and isinstance(materials, list):
            materials.append(rng.choice((None, "材料", 3, copy.deepcopy(materials[0]) if materials else {})))
        elif roll < 0.3 and isinstance(materials, list) and materials and isinstance(materials[0], dict):
            materials[0]["seq"] = rng.choice((None, 0, -1, 99, False, 2.5))
        elif roll < 0.33:
            item["materials"] = rng.choice((None, {}, "材料", 5))
        else:
            target[rng.choice(keys)] = rng.choice(VALUES)
    return item


@pytest.fixture(scope="module")
def items(sample_data) -> list[dict[str, Any]]:
    return _api_items(sample_data) + [_generated(i) for i in range(60)] + [
        _generated(i) | {"decided_by": "department"} for i in range(60, 70)]


def _old_way(page: list[dict[str, Any]]) -> tuple[list[MatterSpec], list[str]]:
    problems: list[str] = []
    return parse_matters([to_exchange_format(i) for i in page], problems), problems


def test_whatever_the_fast_path_hands_over_is_what_the_exchange_dicts_give(items):
    rng = random.Random(1129)
    fast = pages = 0
    for _ in range(1500):
        page = [_mutate_item(rng.choice(items), rng) for _ in range(rng.choice((1, 2, 3, 5)))]
        if rng.random() < 0.05:
            page.append(copy.deepcopy(page[0]))  # a code twice in one page
        page = [i for i in page if isinstance(i, dict) and i.get("code")]  # as the puller filters them
        if not page:
            continue
        pages += 1
        try:
            old = [to_exchange_format(i) for i in page]
        except TypeError:  # seq values that cannot be ordered ({} against 1): both ways fail alike
            with pytest.raises(TypeError):
                page_matters(copy.deepcopy(page))
            continue
        given = page_matters(copy.deepcopy(page))
        if all(isinstance(x, MatterSpec) for x in given):
            fast += 1
            specs, problems = _old_way(page)
            assert problems == [] and _typed(tuple(given)) == _typed(tuple(specs)), page
        else:
            assert given == old
    assert 0.2 * pages < fast < 0.9 * pages, (fast, pages)  # the mutations reach both ways


def test_a_real_page_takes_the_fast_path_in_seq_order(items):
    page = copy.deepcopy(items)
    for item in page:
        item["materials"].reverse()  # the platform may list materials in any order; seq decides
    given = page_matters(page)
    assert all(isinstance(x, MatterSpec) for x in given)
    assert _typed(tuple(given)) == _typed(tuple(_old_way(page)[0]))
    assert all(s.decided_by == "hall" for s in given)  # as the exchange format has it from a pull


def test_a_page_with_a_bad_matter_is_refused_with_the_same_problems_as_before(ctx, items):
    page = copy.deepcopy(items[:5])
    page[2]["promised_days"] = -3
    page[4]["materials"][0]["form"] = "scan"
    with pytest.raises(CatalogInvalid) as new, ctx.db.transaction() as s:
        apply_matters(s, page_matters(page), [])
    with pytest.raises(CatalogInvalid) as old, ctx.db.transaction() as s:
        apply_matters(s, [to_exchange_format(i) for i in page], [])
    assert new.value.problems == old.value.problems and len(new.value.problems) == 3
