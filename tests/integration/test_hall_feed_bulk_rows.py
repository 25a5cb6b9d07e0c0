"""The hall feed's plain executemany writes leave exactly the rows Core's insert wrote.

The projection inserts new cases, their materials, their events and status history with
``insert_rows`` (one plain executemany per table, parameters converted once per table). Two
stores pull the same generated hall at the same fixed moment, one through that path and one
through SQLAlchemy Core's ``insert(table)`` (the previous path); every row of every table the
feed writes must be the same, column for column.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, text

from desktop.config import load_config, save_local_settings
from desktop.services.context import AppContext
from desktop.services.hall import projection
from sync.api import ApiClient
from sync.enrol import enroll
from sync.hall_sync import pull_feed
from sync.token_store import MemoryTokenStore

pytestmark = pytest.mark.integration

TABLES = ("user", "application", "application_material", "application_event", "case_event")
NOW = dt.datetime(2026, 11, 28, 3, 0, 0)


def _pull(tmp_path, central, name: str) -> dict[str, list[tuple]]:
    data_dir = tmp_path / name
    data_dir.mkdir()
    config = save_local_settings(load_config(data_dir=data_dir, search_default_provisioning=False),
                                 {"hall": {"window_id": "S01", "cache_days": 90}})
    ctx = AppContext.open(config, clock=lambda: NOW)
    try:
        code = central.admin_post("/admin/enrol-codes", {"hall": "H1", "count": 1})["codes"][0]
        store = MemoryTokenStore()
        enroll(ctx, central.url, code, token_store=store)
        api = ApiClient(central.url, store.get(), timeout=60)
        try:
            report = pull_feed(ctx, api, page_size=150)  # several pages: later pages update earlier cases
        finally:
            api.close()
        assert report.cases_new > 100 and report.pages > 2
        with ctx.db.session() as s:
            return {t: [tuple(r) for r in s.execute(text(f'SELECT * FROM "{t}" ORDER BY id')).all()]
                    for t in TABLES}
    finally:
        ctx.close()


def test_the_feed_writes_the_same_rows_as_cores_insert(tmp_path, central, monkeypatch):
    central.admin_post("/admin/hall/generate", {"hall": "H1", "windows": 3, "days": 6, "per_day": 12, "seed": 7})
    bulk = _pull(tmp_path, central, "bulk")
    monkeypatch.setattr(projection, "insert_rows", lambda s, table, rows: s.execute(insert(table), list(rows)))
    core = _pull(tmp_path, central, "core")
    for table in TABLES:
        assert len(bulk[table]) == len(core[table]), table
        assert bulk[table] == core[table], table
    assert len(bulk["case_event"]) > len(bulk["application"]) and bulk["application_event"]
