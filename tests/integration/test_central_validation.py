"""The reference server's compiled push validation says exactly what the OpenAPI validator says.

A push batch of 1,000 applications is judged by ``jsonschema_rs`` (draft 4 made from the
contract's OpenAPI 3.0 schemas); the refusal's wording still comes from ``OAS30Validator``. This
seeded campaign mutates real payloads (wrong types, nulls, floats, booleans, missing and extra
keys, nested materials, events and agents) and requires the same verdict from both.
"""
from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest

from tests.central_server import validation
from tests.central_server.validation import (
    _application_fast,
    _application_validator,
    _first_error,
    item_problem,
)

pytestmark = pytest.mark.integration

_VALUES: list[Any] = [None, 0, 1, -1, 1.0, 2.5, True, False, "", "x", "2026-01-01", "person", "accepted", [], {},
                      [1], {"a": 1}, "3" * 64, [{"sha256": "a" * 64}]]


def _payload() -> dict[str, Any]:
    return {
        "uuid": "6f1f0b2e-1d2c-4f5e-9a8b-7c6d5e4f3a2b", "version": 1, "acceptance_no": "W01-20261129-0001",
        "matter_code": "620100-001", "matter_version": 1, "matter_name": "事项", "window_id": "W01",
        "region_code": "620100", "status": "accepted", "created_at": "2026-11-29T01:00:00Z",
        "accepted_at": "2026-11-29T01:00:00Z", "decided_at": None, "due_date": "2026-12-10", "clerk": "clerk1",
        "applicant": {"kind": "person", "name": "张三", "id_number": "11010519491231002X", "phone": "13800000000",
                      "address": "兰州市", "legal_rep": ""},
        "agent": {"kind": "person", "name": "李四", "id_number": "110105194912310021", "phone": "", "address": "",
                  "legal_rep": ""},
        "materials": [{"seq": 1, "name": "居民身份证", "required": True, "state": "provided",
                       "provided_form": "original", "provided_copies": 1, "deferred_until": None,
                       "certificate_ref": None,
                       "attachments": [{"sha256": "b" * 64, "mime": "image/jpeg", "size": 10, "page_no": 1}]}],
        "rejection_reason": None, "supplement_note": "",
        "case_events": [{"event_uuid": "6f1f0b2e-1d2c-4f5e-9a8b-7c6d5e4f3a2c",
                         "case_uuid": "6f1f0b2e-1d2c-4f5e-9a8b-7c6d5e4f3a2b", "kind": "accepted",
                         "at": "2026-11-29T01:00:00Z", "base_version": 0, "version": None,
                         "data": {"case": {"status": "accepted"}, "note": ""}}],
    }


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(payload: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    for _ in range(rng.choice((1, 1, 2, 3))):
        paths = _paths(out)
        if not paths:
            break
        path = rng.choice(paths)
        parent = out
        for part in path[:-1]:
            parent = parent[part]
        action = rng.random()
        if action < 0.2 and isinstance(parent, dict):
            del parent[path[-1]]
        elif action < 0.3 and isinstance(parent, dict):
            parent["extra_" + str(rng.randrange(9))] = rng.choice(_VALUES)
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(_VALUES))
    return out


def test_the_compiled_validator_agrees_with_the_openapi_validator_on_mutated_payloads():
    rng = random.Random(2026)
    base = _payload()
    assert item_problem(base) is None
    fast, slow = _application_fast(), _application_validator()
    verdicts = {True: 0, False: 0}
    for _ in range(3000):
        candidate = _mutate(base, rng)
        expected = _first_error(slow, candidate) is None
        assert fast.is_valid(candidate) == expected, json.dumps(candidate, ensure_ascii=False)
        verdicts[expected] += 1
    assert min(verdicts.values()) > 300  # both verdicts were really exercised


def test_a_refused_payload_keeps_the_openapi_validators_wording():
    payload = {**_payload(), "version": 1.0}
    assert item_problem(payload) == "办件数据不符合接口约定：version: 1.0 is not of type 'integer'"
    assert item_problem({**_payload(), "status": "bogus"}).startswith("办件数据不符合接口约定：status: 'bogus' is not one of")


def test_the_push_envelope_is_judged_alike_by_both_validators():
    fast = validation._override_fast(("POST", "/api/v1/applications"))
    slow = validation._validator(validation.BODY_OVERRIDES[("POST", "/api/v1/applications")])
    item = {"idempotency_key": "u:1", "payload_sha256": "c" * 64, "payload": {}}
    rng = random.Random(7)
    for _ in range(1000):
        body = _mutate({"items": [dict(item) for _ in range(rng.randint(1, 3))]}, rng)
        assert fast.is_valid(body) == (_first_error(slow, body) is None), body
    assert not fast.is_valid({"items": [item] * 1001}) and _first_error(slow, {"items": [item] * 1001})
    assert not fast.is_valid({"items": []}) and _first_error(slow, {"items": []})
