"""The catalog's content hash is taken over exactly the text canonical() writes (issue 17).

``canonical_content`` writes a matter's content with orjson when it holds only str keys and
str/int/bool/None values, and with ``canonical()`` (the json module) otherwise. A single byte of
difference would make every stored matter look changed on the next pull, so the two are held
together here: every character's escape, generated matters of every shape the fast path takes,
the values it must hand back to canonical(), and the stored digests of the sample catalog.
"""
from __future__ import annotations

import enum
import hashlib
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.canonical_json import canonical
from desktop.domain.catalog_format import (
    CERT_TYPES,
    FORMS,
    KINDS,
    MaterialSpec,
    MatterSpec,
    canonical_content,
    content_hash,
    parse_catalog,
)


def _old(spec: MatterSpec) -> bytes:
    return canonical(spec.content()).encode("utf-8")


def _spec(**fields) -> MatterSpec:
    base = {"code": "AB-1", "name": "户口迁移", "department": "公安局",
            "materials": (MaterialSpec(name="身份证", cert_type="ID_CARD"),)}
    return MatterSpec(**(base | fields))


def test_every_character_is_written_as_canonical_writes_it():
    # Both encoders escape character by character, so one string of every code point (but the
    # surrogates, which orjson refuses and canonical() cannot encode to UTF-8 either) covers
    # every escape: quotes, backslash, the control characters, DEL, U+2028/2029, astral planes.
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for cut in range(0, len(everything), 65536):
        text = everything[cut:cut + 65536]
        spec = _spec(name=text, materials=(MaterialSpec(name=text[::-1], notes=text),))
        assert canonical_content(spec) == _old(spec)


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_int = st.one_of(st.integers(-10, 400), st.integers(-(2 ** 70), 2 ** 70))
_material = st.builds(MaterialSpec, name=_text, required=st.booleans(), copies=_int, form=st.sampled_from(list(FORMS)),
                      cert_type=st.one_of(st.none(), st.sampled_from(list(CERT_TYPES)), _text),
                      deferrable=st.booleans(), electronic_required=st.booleans(), notes=_text)
_matter = st.builds(MatterSpec, code=_text, name=_text, department=_text, kind=st.sampled_from(KINDS),
                    promised_days=_int, legal_days=_int, fee_cents=_int, fee_note=_text, immediate=st.booleans(),
                    materials=st.lists(_material, max_size=5).map(tuple),
                    decided_by=st.sampled_from(("hall", "department")))


@settings(max_examples=400, deadline=None)
@given(_matter)
def test_a_generated_matter_hashes_over_the_same_bytes(spec):
    assert canonical_content(spec) == _old(spec)
    assert content_hash(spec) == hashlib.sha256(_old(spec)).hexdigest()


class _Kind(enum.IntEnum):
    ONE = 1


class _Text(str):
    pass


@pytest.mark.parametrize("fields", [
    {"fee_cents": 1.0}, {"fee_cents": 1e16}, {"promised_days": _Kind.ONE}, {"name": _Text("户口")},
    {"fee_cents": 2 ** 64}, {"fee_cents": -(2 ** 63) - 1}, {"fee_note": ["a", 1.5]},
    {"materials": (MaterialSpec(name="x", copies=2.0),)},  # type: ignore[arg-type]
    {"materials": (MaterialSpec(name="x", cert_type=_Kind.ONE),)},  # type: ignore[arg-type]
])
def test_values_orjson_would_write_differently_take_canonical_itself(fields):
    spec = _spec(**fields)
    assert canonical_content(spec) == _old(spec)


def test_a_lone_surrogate_fails_as_it_always_did():
    spec = _spec(name="户\ud800口")
    with pytest.raises(UnicodeEncodeError):
        _old(spec)
    with pytest.raises(UnicodeEncodeError):
        canonical_content(spec)


# sha256 of each sample matter's content, as stored by the code before the fast path (main 9ee7ef4).
SAMPLE_DIGESTS = "f431610149f87f1c"


def test_the_sample_catalog_keeps_its_stored_digests(sample_data):
    catalog = parse_catalog(sample_data)
    joined = ",".join(content_hash(spec) for spec in catalog.matters)
    assert hashlib.sha256(joined.encode()).hexdigest()[:16] == SAMPLE_DIGESTS


def test_a_plain_matter_takes_the_fast_path(monkeypatch, sample_data):
    """(Else the tests above would compare canonical() with itself.)"""
    specs = parse_catalog(sample_data).matters
    expected = [_old(s) for s in specs]

    def refuse(value):
        raise AssertionError("canonical() called for a plain matter")

    monkeypatch.setattr("desktop.domain.catalog_format.canonical", refuse)
    assert [canonical_content(s) for s in specs] == expected
