"""The reference server's bulk push path writes and answers exactly what the item-keyed path did.

``pinned_push.json`` was taken from the store before ``app_change`` and the batch encoder (same
script, push_scenario.py): every per-item outcome, the applications with their stored payload
text and hashes, the received versions, counters, stats and remembered batch keys.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.central_server import push_batch, validation
from tests.central_server import store as store_module
from tests.unit.central_server import push_scenario

PINNED = Path(__file__).with_name("pinned_push.json")


def test_every_push_outcome_and_stored_row_is_what_the_item_keyed_store_wrote(tmp_path):
    now = json.loads(json.dumps(push_scenario.run(store_module, tmp_path / "s.sqlite3"), ensure_ascii=False))
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert now == pinned


_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_the_fast_canonical_text_is_the_json_canonical_text(value):
    numbers = validation.Numbers()
    parsed = json.loads(json.dumps(value), parse_float=numbers.float, parse_constant=numbers.constant)
    assert not numbers.inexact
    assert push_batch.canonical_encoder(integral=True)(parsed) == push_batch.canonical_text(parsed)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=4), st.floats(allow_nan=True), min_size=1, max_size=4))
def test_a_body_holding_a_float_is_noted_and_read_as_json_reads_it(value):
    text = json.dumps(value)
    numbers = validation.Numbers()
    parsed = json.loads(text, parse_float=numbers.float, parse_constant=numbers.constant)
    assert numbers.inexact
    assert json.dumps(parsed) == json.dumps(json.loads(text))
    assert push_batch.canonical_encoder(integral=False) is push_batch.canonical_text


def test_a_database_made_before_app_change_keeps_every_received_version(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(store_module.SCHEMA.split("CREATE TABLE IF NOT EXISTS app_change")[0] + """
        CREATE TABLE change(idempotency_key TEXT PRIMARY KEY, uuid TEXT NOT NULL, version INTEGER NOT NULL,
            payload_sha256 TEXT NOT NULL, at TEXT NOT NULL, UNIQUE(uuid, version));
        INSERT INTO application VALUES ('u1', 'dev', 'N1', 2, 2, 'accepted', 'M', 1, '{}', 's2', 't', 't');
        INSERT INTO change VALUES ('u1:1', 'u1', 1, 's1', 't1'), ('u1:2', 'u1', 2, 's2', 't2');
    """)
    conn.commit()
    conn.close()
    store = store_module.Store(path)
    try:
        rows = store._query("SELECT a.uuid, c.version, c.idempotency_key, c.payload_sha256, c.at FROM app_change c "
                            "JOIN application a ON a.rowid = c.app_rowid ORDER BY c.version")
        gone = store._query("SELECT count(*) FROM sqlite_master WHERE name = 'change'")[0][0]
    finally:
        store.close()
    assert rows == [("u1", 1, "u1:1", "s1", "t1"), ("u1", 2, "u1:2", "s2", "t2")] and gone == 0
