"""The platform's replies are read as the json module reads them (sync/api.py ``decode_json``).

orjson reads a catalog page in about half the time; where it would read a reply differently
(integers of 64 bits and more) or refuses it, the json module reads it. So every reply gives the
same value, or the same refusal, as ``json.loads(raw.decode("utf-8"))`` did: checked here on
generated JSON values, on mutated JSON texts (most of them malformed) and on the known cases.
"""
from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.api import decode_json


def _old(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"))


def _typed(value: Any) -> Any:
    """The value with every leaf's type (1 and 1.0 and True differ; NaN equals NaN; -0.0 is not 0.0)."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else value.hex())
    return (type(value).__name__, value)


def _outcome(read, raw: bytes) -> Any:
    try:
        return _typed(read(raw))
    except (ValueError, UnicodeDecodeError) as exc:  # json_of turns both into a bad_response
        return ("refused", type(exc).__name__ if isinstance(exc, UnicodeDecodeError) else "ValueError")
    except RecursionError:
        return ("refused", "RecursionError")


_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(2 ** 70), 2 ** 70),
                  st.floats(allow_nan=True, allow_infinity=True), st.text())
_json = st.recursive(_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                     max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(_json, st.booleans())
def test_a_json_value_reads_back_the_same(value, ascii_only):
    raw = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    assert _outcome(decode_json, raw) == _outcome(_old, raw)


_noise = st.sampled_from([b"", b"1", b"9" * 19, b"-", b"e", b".", b"\\", b'"', b"\\ud800", b"\\u0041", b"\x00",
                          b"\x01", b"\x7f", b"\xff", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"NaN", b"Infinity", b"[",
                          b"]", b"{", b"}", b",", b":", b" ", b"\t", b"\x0c", b"true", b"1e400", b"0", b"00"])


@settings(max_examples=600, deadline=None)
@given(_json, st.lists(st.tuples(st.integers(0, 200), _noise), max_size=3))
def test_a_damaged_reply_is_read_or_refused_as_before(value, damage):
    raw = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    for at, noise in damage:
        at = min(at, len(raw))
        raw = raw[:at] + noise + raw[at:]
    assert _outcome(decode_json, raw) == _outcome(_old, raw)


@pytest.mark.parametrize("raw", [
    b'{"a":1,"a":2}', b"-0", b"-0.0", b"1e400", b"NaN", b"123456789012345678901234567890", b"18446744073709551616",
    b"-9223372036854775809", b"9223372036854775807", b'"\\ud800"', b"\xef\xbb\xbf{}", b'"\xff"', b'"a\x01b"',
    b"[1,]", b"{}x", b"", b"[" * 5000 + b"]" * 5000, b'{"fee_cents": 123456789012345678901}',
    b'{"note": "1234567890123456789"}',
])
def test_the_known_differences_between_the_two_readers_read_as_before(raw):
    assert _outcome(decode_json, raw) == _outcome(_old, raw)


def test_a_catalog_page_is_read_by_orjson(monkeypatch):
    """(Else the tests above would compare the json module with itself.)"""
    page = json.dumps({"items": [{"code": "GA-1", "name": "户口迁移", "fee_cents": 100, "materials": []}],
                       "has_more": False, "next_cursor": "c1"}, ensure_ascii=False).encode()

    def refuse(*args, **kwargs):
        raise AssertionError("json.loads called for a plain page")

    monkeypatch.setattr("sync.api.json.loads", refuse)
    assert decode_json(page)["items"][0]["name"] == "户口迁移"
