"""Issue 16 #8: a schema-driven fuzzer (schemathesis) against the reference server, for the contract.

Every operation of ``resources/api/openapi.yaml`` gets generated requests, valid and invalid, with a
real device token; the server must never answer 5xx or hang up, and every answer must have a
status code and body the contract declares. Deterministic (derandomised) and bounded; the
schemathesis package comes with the test extras (``pip install -e .[test]``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CONTRACT = Path(__file__).resolve().parents[2] / "resources" / "api" / "openapi.yaml"
EXAMPLES = 15


def test_the_reference_server_answers_every_generated_request_within_the_contract(central):
    import requests
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    token = requests.post(central.url + "/api/v1/devices/enroll",
                          json={"code": central.enrol_code, "window_id": "W09"}, timeout=10).json()["token"]
    schema = schemathesis.openapi.from_path(CONTRACT)
    checks = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
    failures: list[str] = []
    calls = 0
    def fuzzer(operation):
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case) -> None:
            nonlocal calls
            headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call(base_url=central.url, headers=headers, timeout=15)
            calls += 1
            for check in checks:
                try:
                    case.validate_response(response, checks=[check])
                except Exception as exc:  # noqa: BLE001 - schemathesis raises its own failure groups
                    failures.append(f"{operation.method.upper()} {operation.path}: {check.__name__}: "
                                    f"{str(exc).strip().splitlines()[0][:200]}")
                    break

        return fuzz

    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/v1/devices/enroll":
            continue  # each valid call would burn a single-use code: covered by test_reference_platform
        fuzzer(operation)()
    assert calls >= 100
    assert failures == [], "\n".join(sorted(set(failures))[:20])
