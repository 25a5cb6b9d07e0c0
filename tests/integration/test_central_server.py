"""The reference central server honours the contract in resources/api/openapi.yaml."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid as uuidlib
from pathlib import Path

import pytest
import requests
import yaml

pytestmark = pytest.mark.integration

SPEC = Path(__file__).resolve().parents[2] / "resources" / "api" / "openapi.yaml"


def _enroll(central) -> dict[str, str]:
    r = requests.post(central.url + "/api/v1/devices/enroll", json={"code": central.enrol_code, "window_id": "W01"},
                      timeout=5)
    assert r.status_code == 200, r.text
    return {"Authorization": "Bearer " + r.json()["token"]}


def _item(matter_code, version=1, uid=None, name="张三", attachments=()):
    uid = uid or str(uuidlib.uuid4())
    payload = {"uuid": uid, "version": version, "acceptance_no": "W01-1", "matter_code": matter_code,
               "matter_version": 1, "window_id": "W01", "region_code": "620100", "status": "accepted",
               "applicant": {"kind": "person", "name": name, "id_number": "11010519491231002X"},
               "materials": [{"seq": 1, "name": "身份证", "state": "provided",
                              "attachments": [{"sha256": a} for a in attachments]}]}
    text = json.dumps(payload, ensure_ascii=False)
    return {"idempotency_key": f"{uid}:{version}", "payload_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "payload": payload}


def _push(central, headers, items, key):
    return requests.post(central.url + "/api/v1/applications", json={"items": items},
                         headers={**headers, "Idempotency-Key": key}, timeout=5)


def test_contract_is_valid_openapi_and_every_path_is_served(central):
    from openapi_spec_validator import validate

    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    validate(spec)
    headers = _enroll(central)
    for path, ops in spec["paths"].items():
        concrete = (path.replace("{sha256}", "0" * 64).replace("{cert_id}", "EC-ID-0001")
                    .replace("{uuid}", "00000000-0000-4000-8000-000000000000"))
        for method in ops:
            if method not in {"get", "post", "put", "head"}:
                continue
            r = requests.request(method, central.url + concrete, headers=headers, params={"year": 2026},
                                 data=b"{}", timeout=5)
            # A 404 about the thing asked for (no such case) is fine; "no such endpoint" is not.
            served = r.status_code != 404 or method == "head" or (r.content and r.json().get("error") != "not_found")
            assert served, (method, path, r.status_code)


def test_enrolment_needs_the_code_from_it_and_calls_need_the_token(central):
    wrong = requests.post(central.url + "/api/v1/devices/enroll", json={"code": "guess", "window_id": "W01"}, timeout=5)
    assert wrong.status_code == 403
    assert "登记码" in wrong.json()["message"]
    assert requests.get(central.url + "/api/v1/matters", timeout=5).status_code == 401
    headers = _enroll(central)
    assert requests.get(central.url + "/api/v1/matters", headers=headers, timeout=5).status_code == 200
    central.admin_post("/admin/devices/revoke", {})
    revoked = requests.get(central.url + "/api/v1/matters", headers=headers, timeout=5)
    assert revoked.status_code == 401 and revoked.json()["error"] == "token_invalid"


def test_same_key_same_payload_is_duplicate_and_other_payload_is_conflict(central):
    headers = _enroll(central)
    item = _item(central.matter_codes()[0])
    first = _push(central, headers, [item], "batch-1").json()["results"][0]
    assert first["result"] == "created" and first["official_no"] and first["server_version"] == 1
    replay = _push(central, headers, [item], "batch-1").json()["results"][0]
    assert replay == first  # the same batch key replays the stored response
    again = _push(central, headers, [item], "batch-2").json()["results"][0]
    assert again["result"] == "duplicate" and again["official_no"] == first["official_no"]
    other = dict(item, payload={**item["payload"], "clerk": "someone-else"})
    assert _push(central, headers, [other], "batch-1").status_code == 409
    conflict = _push(central, headers, [other], "batch-3").json()["results"][0]
    assert conflict["result"] == "conflict"
    assert len(central.applications()) == 1


def test_invalid_applications_are_rejected_with_a_reason_in_chinese(central):
    headers = _enroll(central)
    bad_id = _item(central.matter_codes()[0])
    bad_id["payload"]["applicant"]["id_number"] = "110105194912310021"
    unknown = _item(matter_code="NO-SUCH-MATTER")
    results = _push(central, headers, [bad_id, unknown], "b").json()["results"]
    assert [r["result"] for r in results] == ["rejected", "rejected"]
    assert "校验位" in results[0]["reason"] and "事项编码" in results[1]["reason"]
    assert central.applications() == []


def test_attachments_are_content_addressed_and_must_arrive_before_the_application(central):
    headers = _enroll(central)
    data = b"page one"
    sha = hashlib.sha256(data).hexdigest()
    waiting = _push(central, headers, [_item(central.matter_codes()[0], attachments=[sha])], "a1").json()["results"][0]
    assert waiting["result"] == "retry-later" and waiting["code"] == "attachment_missing"
    url = central.url + "/api/v1/attachments/" + sha
    assert requests.head(url, headers=headers, timeout=5).status_code == 404
    assert requests.put(url, data=b"tampered", headers=headers, timeout=5).status_code == 400
    assert requests.put(url, data=data, headers=headers, timeout=5).status_code == 201
    assert requests.put(url, data=data, headers=headers, timeout=5).status_code == 200
    assert requests.head(url, headers=headers, timeout=5).status_code == 200
    item = _item(central.matter_codes()[0], attachments=[sha])
    assert _push(central, headers, [item], "a1").json()["results"][0]["result"] == "created"
    assert central.attachments() == [{"sha256": sha, "size": len(data), "mime": "application/octet-stream",
                                      "content_ok": True}]


def test_matters_feed_pages_by_cursor_and_reports_deletions_as_tombstones(central):
    headers = _enroll(central)
    url = central.url + "/api/v1/matters"
    full = requests.get(url, headers=headers, params={"limit": 2}, timeout=5).json()
    assert len(full["items"]) == 2 and full["has_more"] is True
    cursor = full["next_cursor"]
    while True:
        page = requests.get(url, headers=headers, params={"since": cursor, "limit": 2}, timeout=5).json()
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    code = full["items"][0]["code"]
    central.admin_post("/admin/matters", {"delete": [code]})
    delta = requests.get(url, headers=headers, params={"since": cursor}, timeout=5).json()
    assert delta["items"] == [] and [t["code"] for t in delta["tombstones"]] == [code]


def test_faults_follow_the_seed_and_skew_moves_the_server_clock(start_server):
    codes = []
    for _ in range(2):
        server = start_server(faults="5xx=0.3,429=0.2,retry-after=0,skew=600s", seed=7)
        r = requests.get(server.url + "/api/v1/health", timeout=5)
        server_time = dt.datetime.fromisoformat(r.json()["server_time"].replace("Z", "+00:00"))
        assert abs((server_time - dt.datetime.now(dt.UTC)).total_seconds() - 600) < 30
        codes.append([requests.get(server.url + "/api/v1/matters", timeout=5).status_code for _ in range(30)])
    assert codes[0] == codes[1]
    assert {503, 429, 401} <= set(codes[0])
