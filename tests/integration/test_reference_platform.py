"""Issue 16 #9/#10: the reference server behaves like a faithful platform, and the client caps replies."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from desktop.cli import main
from tests.integration.factory import queue_applications

pytestmark = pytest.mark.integration
API = "/api/v1"
ROOT = Path(__file__).resolve().parents[2]


def _enroll(central, code: str, window: str = "W01") -> requests.Response:
    return requests.post(central.url + API + "/devices/enroll", json={"code": code, "window_id": window}, timeout=10)


def test_an_enrolment_code_enrols_one_device_only(central):
    code = central.first_enrol_code
    assert _enroll(central, code).status_code == 200
    second = _enroll(central, code, "W02")
    assert second.status_code == 403 and second.json()["error"] == "enrol_code_invalid"


def test_an_expired_enrolment_code_is_refused(central):
    code = central.admin_post("/admin/enrol-codes", {"ttl_seconds": 0})["code"]
    assert _enroll(central, code).status_code == 403


def _token(central, window: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + _enroll(central, central.enrol_code, window).json()["token"]}


def test_another_device_can_neither_overwrite_an_application_nor_learn_its_number(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    [uuid] = queue_applications(ctx, 1, matter_code=central.matter_codes()[0], pages_every=1)
    assert engine.run_once().ok
    [held] = [a for a in central.applications() if a["uuid"] == uuid]
    from desktop.store.models import Outbox

    with ctx.db.session() as s:
        payload_text = s.query(Outbox.payload).filter(Outbox.entity_uuid == uuid).scalar()
    import json

    payload = json.loads(payload_text)
    payload.update(version=2, supplement_note="改写")
    intruder = _token(central, "W09")
    body = {"items": [{"idempotency_key": f"{uuid}:2", "payload_sha256": "x" * 64, "payload": payload}]}
    answer = requests.post(central.url + API + "/applications", json=body, timeout=10,
                           headers={**intruder, "Idempotency-Key": "intruder-1"}).json()
    [result] = answer["results"]
    assert result["result"] == "rejected" and "official_no" not in result
    assert held["official_no"] not in json.dumps(answer, ensure_ascii=False)
    [after] = [a for a in central.applications() if a["uuid"] == uuid]
    assert after == held  # untouched
    sha = payload["materials"][0]["attachments"][0]["sha256"]
    assert requests.head(central.url + f"{API}/attachments/{sha}", headers=intruder, timeout=10).status_code == 404


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b'"text"', b"null", b"42", b"{not json", b"[" * 5000])
def test_a_body_that_is_not_a_json_object_gets_a_400_with_a_reason(central, body):
    answer = requests.post(central.url + API + "/devices/enroll", data=body, timeout=10,
                           headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["message"]


def test_limits_of_the_contract_are_enforced(central):
    auth = _token(central, "W03")
    assert requests.get(central.url + API + "/matters", params={"limit": 5000}, headers=auth,
                        timeout=10).status_code == 400
    assert requests.get(central.url + API + "/applications/changes", params={"limit": 0}, headers=auth,
                        timeout=10).status_code == 400
    long_key = requests.post(central.url + API + "/applications", json={"items": [{}]}, timeout=10,
                             headers={**auth, "Idempotency-Key": "k" * 500})
    assert long_key.status_code == 400
    long_code = requests.post(central.url + API + "/devices/enroll", json={"code": "c" * 1000, "window_id": "W01"},
                              timeout=10)
    assert long_code.status_code == 400


def test_a_huge_reply_is_refused_without_holding_it_in_memory(tmp_path, start_server, monkeypatch):
    from sync.token_store import INSECURE_FILE_ENV

    monkeypatch.setenv(INSECURE_FILE_ENV, str(tmp_path / "token.txt"))
    central = start_server()
    dd = str(tmp_path / "counter")
    assert main(["--data-dir", dd, "enroll", "--server", central.url, "--code", central.enrol_code]) == 0
    central.set_faults("huge=1,huge-size=400MB")
    # VmHWM, not ru_maxrss: getrusage keeps the forking parent's high-water mark across exec, and a
    # pytest worker that ran many tests is itself hundreds of MB.
    measured = ("import sys; from desktop.cli import main; code = main(sys.argv[1:]); "
                "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]; "
                "print('MAXRSS_KB', hwm, file=sys.stderr); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", measured, "--data-dir", dd, "sync", "--once", "--budget", "3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert "Traceback" not in run.stderr
    assert run.returncode == 1  # the run failed with a reason; nothing was applied
    peak_kb = int(next(line.split()[1] for line in run.stderr.splitlines() if line.startswith("MAXRSS_KB")))
    assert peak_kb < 250 * 1024, f"sync --once peaked at {peak_kb // 1024} MB for a 400 MB reply"
