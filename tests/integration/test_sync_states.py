"""Clear states when sync cannot work: no token, revoked token, no server, DNS, TLS, skew, a second worker."""
from __future__ import annotations

import socket
import threading

import pytest
from sqlalchemy import func, select

from desktop.store.models import KeyValue, Outbox
from sync.engine import SyncEngine
from sync.enrol import enroll
from sync.errors import SyncError
from sync.lock import SyncLock
from sync.token_store import KeyringTokenStore, MemoryTokenStore, token_key
from tests.integration.factory import queue_applications

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pending(ctx) -> int:
    with ctx.db.session() as s:
        return s.execute(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")).scalar()


def test_enrolment_without_a_secure_keyring_says_so_and_stores_nothing(ctx, central):
    store = KeyringTokenStore(token_key(ctx.config.data_dir, central.url))  # tests run on the null keyring
    with pytest.raises(SyncError) as err:
        enroll(ctx, central.url, central.enrol_code, token_store=store)
    assert err.value.kind == "no_keyring" and "钥匙串" in err.value.message
    with ctx.db.session() as s:
        assert s.get(KeyValue, "sync.device_id") is None
    assert not any(p.is_file() and "token" in p.name for p in ctx.config.data_dir.rglob("*"))


def test_wrong_enrolment_code_is_refused_in_plain_chinese(ctx, central):
    with pytest.raises(SyncError) as err:
        enroll(ctx, central.url, "WRONG", token_store=MemoryTokenStore())
    assert "登记码不正确" in err.value.message


def test_unenrolled_or_revoked_device_gets_a_clear_state_and_keeps_its_queue(ctx, central, engine_for):
    queue_applications(ctx, 3, matter_code=central.matter_codes()[0])
    unenrolled = SyncEngine(ctx, token_store=MemoryTokenStore()).run_once()
    assert unenrolled.error_kind == "not_configured"
    engine = engine_for(ctx, central)
    engine._token_store = MemoryTokenStore()
    assert engine.run_once().error_kind == "not_enrolled"
    engine = engine_for(ctx, central)
    central.admin_post("/admin/devices/revoke", {})
    summary = engine.run_once()
    assert summary.error_kind == "auth" and "吊销" in summary.error
    assert summary.pending == 3 and _pending(ctx) == 3
    assert "吊销" in engine.status().error


@pytest.mark.parametrize("where", ["refused", "dns", "tls"])
def test_unreachable_platform_leaves_the_counter_working_offline(ctx, central, engine_for, monkeypatch, where):
    engine = engine_for(ctx, central)
    queue_applications(ctx, 2, matter_code=central.matter_codes()[0])
    from sync import engine as engine_module

    if where == "refused":
        url = f"http://127.0.0.1:{_free_port()}"
    elif where == "tls":
        url = central.url.replace("http://", "https://")  # a plain-HTTP server cannot complete a handshake
    else:
        url = "http://platform.invalid"

        def no_dns(*_args, **_kwargs):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

        monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(engine_module.SyncEngine, "server_url", lambda self: url)
    summary = engine.run_once()
    expected = {"refused": ("offline", "无法连接"), "dns": ("dns", "域名解析"), "tls": ("tls", "证书")}[where]
    assert summary.error_kind == expected[0] and expected[1] in summary.error
    assert not summary.online and summary.pending == 2
    queue_applications(ctx, 1, matter_code=central.matter_codes()[0], start=50)  # intake keeps working
    assert _pending(ctx) == 3


def test_clock_skew_beyond_a_few_minutes_is_detected_stored_and_shown(ctx, start_server, engine_for):
    central = start_server(faults="skew=600s")
    engine = engine_for(ctx, central)
    summary = engine.run_once()
    assert summary.skew_warning and 590 < summary.skew_seconds < 610
    assert "慢约 10 分钟" in summary.skew_text()
    assert engine.status().skew_warning  # remembered without the network


def test_a_second_sync_worker_on_the_same_database_is_refused(ctx, central, engine_for):
    engine = engine_for(ctx, central)
    queue_applications(ctx, 3, matter_code=central.matter_codes()[0])
    other_window = SyncLock(ctx.config.db_path)
    assert other_window.acquire()
    try:
        summary = engine.run_once()
        assert summary.busy and summary.created == 0 and summary.pending == 3
    finally:
        other_window.release()
    results = []
    threads = [threading.Thread(target=lambda: results.append(engine.run_once())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.created for r in results) == 3
    assert len(central.applications()) == 3
