"""Demo seeding: the bulk writer produces the same rows as the services for the same plan."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from desktop.config import load_config
from desktop.services.context import AppContext
from desktop.services.demo.seed import seed_demo
from desktop.services.maintenance.db_check import run_checks

NOW = dt.datetime(2026, 11, 25, 8, 30)  # 16:30 in Shanghai; today's cases are behind us

pytestmark = pytest.mark.slow


def _seeded(tmp_path, name: str, *, bulk: bool, migrated_template) -> sqlite3.Connection:
    data_dir = tmp_path / name
    data_dir.mkdir()
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    config.db_path.write_bytes(migrated_template.read_bytes())
    ctx = AppContext.open(config, clock=lambda: NOW)
    try:
        result = seed_demo(ctx, matters=12, applications=40, days=8, windows=3, seed=13, bulk=bulk)
    finally:
        ctx.close()
    assert result.path == ("bulk" if bulk else "services")
    assert [f.name for f in run_checks(config.db_path) if not f.ok] == []
    conn = sqlite3.connect(config.db_path)
    conn.row_factory = sqlite3.Row
    return conn


def _rows(conn: sqlite3.Connection, sql: str, uuids: dict[str, str]) -> list[dict]:
    out = []
    for row in conn.execute(sql):
        item = dict(row)
        for key, value in item.items():
            if isinstance(value, str):
                for real, alias in uuids.items():
                    value = value.replace(real, alias)
                item[key] = value
        out.append(item)
    return out


def _uuid_aliases(conn: sqlite3.Connection) -> dict[str, str]:
    aliases = {u: f"<case {i}>" for i, (u,) in enumerate(conn.execute("SELECT uuid FROM application ORDER BY id"))}
    events = conn.execute("SELECT event_uuid FROM case_event ORDER BY application_id, id")
    return aliases | {u: f"<event {i}>" for i, (u,) in enumerate(events)}


def test_bulk_seed_writes_the_same_rows_as_the_services(tmp_path, migrated_template):
    services = _seeded(tmp_path, "services", bulk=False, migrated_template=migrated_template)
    bulk = _seeded(tmp_path, "bulk", bulk=True, migrated_template=migrated_template)
    try:
        statuses = {s for (s,) in services.execute("SELECT DISTINCT status FROM application")}
        assert statuses >= {"draft", "accepted", "completed", "supplement_requested", "rejected"}
        assert services.execute("SELECT count(*) FROM application_event WHERE from_status='supplement_requested'"
                                ).fetchone()[0] > 0  # a resumed case is part of the comparison
        a_ids, b_ids = _uuid_aliases(services), _uuid_aliases(bulk)
        for sql in (
            "SELECT * FROM application ORDER BY id",
            "SELECT * FROM application_material ORDER BY id",
            "SELECT * FROM application_event ORDER BY application_id, at, id",
            "SELECT * FROM applicant ORDER BY id",
            "SELECT * FROM application_party ORDER BY id",
            "SELECT * FROM acceptance_sequence ORDER BY window_id, day",
            "SELECT at, actor, action, target, detail FROM audit_event WHERE action LIKE 'application.%' ORDER BY at, id",
            "SELECT application_id, entity_uuid, version, payload, idempotency_key, state, created_at FROM outbox "
            "ORDER BY id",
            "SELECT application_id, case_uuid, kind, base_version, payload, payload_sha256 != '' AS hashed, "
            "idempotency_key, window_id, clerk, at, carrier, push_state FROM case_event ORDER BY application_id, id",
        ):
            expected, got = _rows(services, sql, a_ids), _rows(bulk, sql, b_ids)
            for key in ("id",) if "application_event" in sql else ():
                for r in expected + got:
                    r.pop(key)
            assert len(got) == len(expected), sql
            for e, g in zip(expected, got, strict=True):
                if "uuid" in e:
                    e.pop("uuid"), g.pop("uuid")
                assert g == e, sql
        payloads = [json.loads(p) for (p,) in bulk.execute("SELECT payload FROM outbox")]
        assert payloads and all(p["applicant"]["id_number"] for p in payloads)
    finally:
        services.close()
        bulk.close()
