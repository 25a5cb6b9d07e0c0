"""A PC provisioned with the server URL and an enrolment code enrols itself on its first sync."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.config import load_config
from desktop.services.context import AppContext
from desktop.store.models import AuditEvent
from sync.backoff import Backoff
from sync.engine import SyncEngine
from sync.token_store import MemoryTokenStore
from tests.integration.factory import queue_applications

pytestmark = pytest.mark.integration


def provisioned(data_dir, url, code):
    prov = data_dir.parent / "provisioning.toml"
    prov.write_text(f'[server]\nurl = "{url}"\nenrol_code = "{code}"\n', encoding="utf-8")
    return AppContext.open(load_config(provisioning=prov, data_dir=data_dir))


def test_first_sync_enrols_from_the_provisioning_file_and_pushes(data_dir, central):
    ctx = provisioned(data_dir, central.url, central.enrol_code)
    try:
        queue_applications(ctx, 2, matter_code=central.matter_codes()[0])
        store = MemoryTokenStore()
        summary = SyncEngine(ctx, token_store=store, backoff=Backoff(base_seconds=0.01)).run_once()
        assert summary.enrolled and store.get() and summary.created == 2 and summary.pending == 0
        with ctx.db.session() as s:
            actions = s.scalars(select(AuditEvent.action).where(AuditEvent.actor == "provisioning")).all()
        assert actions == ["sync.enroll"]
    finally:
        ctx.close()


def test_unreachable_server_leaves_the_pc_unenrolled_and_intake_untouched(data_dir):
    ctx = provisioned(data_dir, "http://127.0.0.1:9", "ENROL-2026")
    try:
        store = MemoryTokenStore()
        summary = SyncEngine(ctx, token_store=store, backoff=Backoff(base_seconds=0.01)).run_once(budget_seconds=2)
        assert not summary.enrolled and store.get() is None and summary.error
    finally:
        ctx.close()
