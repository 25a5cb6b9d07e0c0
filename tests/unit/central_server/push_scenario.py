"""A scripted run of push batches through the reference server's store, and what it leaves behind.

Used by test_push_batch.py to compare the bulk push path with what the item-by-item-keyed path
wrote before it (``pinned_push.json``, taken from that code with the same script).
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import inspect
import json
from pathlib import Path
from typing import Any

from desktop.services.intake.builders import build_payload, material_payload
from tests.integration.factory import id_number

MOMENT = dt.datetime(2026, 11, 29, 2, 30, tzinfo=dt.UTC)
MATTER = "620100-BD-0001"


def payload(k: int, *, version: int = 1, shas: tuple[str, ...] = (), **changes: Any) -> dict[str, Any]:
    app = {"uuid": f"00000000-0000-4000-8000-{k:012d}", "local_version": version, "acceptance_no": f"W01-P-{k:04d}",
           "matter_code": MATTER, "matter_version": 1, "matter_name": "批量事项", "window_id": "W01",
           "status": "accepted", "created_at": MOMENT, "accepted_at": MOMENT, "decided_at": MOMENT,
           "due_date": dt.date(2026, 12, 10), "rejection_reason": "", "supplement_note": ""}
    party = {"kind": "person", "name": f"申请人{k}", "id_number": id_number(k), "phone": "13800000000",
             "address": "兰州市\n城关区 \"一号\"", "legal_rep": ""}
    material = {"seq": 1, "name": "居民身份证", "required": True, "state": "provided", "provided_form": "original",
                "provided_copies": 1, "deferred_until": None, "certificate_ref": None}
    pages = [{"sha256": sha, "mime": "image/jpeg", "size": 3, "page_no": n + 1} for n, sha in enumerate(shas)]
    body = build_payload(app, region_code="620100", clerk="clerk1", applicant=party, agent=None,
                         materials=[material_payload(material, pages)])
    body.update(changes)
    return body


def item(p: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    text = json.dumps(p, ensure_ascii=False, sort_keys=True)
    return {"idempotency_key": key or f"{p['uuid']}:{p['version']}", "payload_sha256":
            hashlib.sha256(text.encode()).hexdigest(), "payload": p}


def batches(sha: str) -> list[list[dict[str, Any]]]:
    """Batches covering every per-item outcome (pushed by device A unless a batch says otherwise)."""
    first = [item(payload(k)) for k in range(1, 6)]
    bad_id = payload(7)
    bad_id["applicant"] = {**bad_id["applicant"], "id_number": id_number(7, valid=False)}
    second = [
        first[0],                                                     # duplicate
        item({**payload(2), "supplement_note": "另一份内容"}),           # same version, other content: conflict
        item(payload(3, version=2, status="completed")),              # next version: updates
        item(payload(4), key="wrong-key"),                            # key_mismatch
        item(payload(6, matter_code="NO-SUCH-MATTER")),               # unknown_matter
        item(bad_id),                                                 # invalid_id_number
        item(payload(8, shas=(sha,))),                                # attachment uploaded: created
        item(payload(9, shas=("f" * 64,))),                           # attachment missing: retry-later
        item({**payload(10), "version": "x"}),                        # contract: invalid_payload
        item({k: v for k, v in payload(11).items() if k != "applicant"}),  # missing_fields
        item(payload(12)), item(payload(12)),                         # same item twice: created, duplicate
        item(payload(13, version=3)), item(payload(13, version=2)),   # a newer then an older version: stale
    ]
    third = [item(payload(3, version=2, status="completed")), item(payload(3, version=1))]  # dup, stale
    return [first, second, third]


def run(store_module: Any, db_path: Path) -> dict[str, Any]:
    """Push the scripted batches into a fresh store at ``db_path``; what the store answered and holds."""
    from tests.central_server.seed import load_catalog

    store = store_module.Store(db_path, clock=lambda: MOMENT)
    try:
        store.upsert_matters([m for m in load_catalog(None) if m["code"] == MATTER])
        device_a, _ = store.enroll("W01", "620100")
        device_b, _ = store.enroll("W02", "620100")
        data = b"jpg"
        sha = hashlib.sha256(data).hexdigest()
        store.put_attachment(sha, data, "image/jpeg", device_a)
        integral = "integral" in inspect.signature(store.push).parameters  # the bulk path's orjson encoding

        def push(device: str, key: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            extra = {"integral": True} if integral else {}
            return store.push(device, key, "sha-" + key, copy.deepcopy(items), **extra)["results"]

        answers = [push(device_a, f"batch-{n}", batch) for n, batch in enumerate(batches(sha))]
        other = [item(payload(1)), item(payload(20))]  # device B: A's case is not its business; its own is new
        answers.append(push(device_b, "batch-b", other))
        answers.append(push(device_a, "batch-0", batches(sha)[0]))  # the batch key replays
        conn = store._conn
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'change'").fetchone():
            changes = conn.execute("SELECT uuid, version, idempotency_key, payload_sha256, at FROM change").fetchall()
        else:
            changes = conn.execute("SELECT a.uuid, c.version, c.idempotency_key, c.payload_sha256, c.at "
                                   "FROM app_change c JOIN application a ON a.rowid = c.app_rowid").fetchall()
        applications = conn.execute(
            "SELECT uuid, device_id IS NOT NULL, official_no, client_version, server_version, status, matter_code, "
            "matter_version, payload, payload_sha256, received_at, updated_at FROM application ORDER BY uuid").fetchall()
        devices = {device_a: "A", device_b: "B"}
        owners = dict(conn.execute("SELECT uuid, device_id FROM application").fetchall())
        return {"answers": answers, "changes": sorted([list(c) for c in changes]),
                "applications": [[*a, devices[owners[a[0]]]] for a in applications],
                "counters": sorted([list(r) for r in conn.execute("SELECT name, value FROM counter")]),
                "stats": sorted([list(r) for r in conn.execute("SELECT name, value FROM stat")]),
                "request_keys": sorted(r[0] for r in conn.execute("SELECT key FROM request_key"))}
    finally:
        store.close()
