"""Fixtures of the integration suite: the reference central server as a real loopback subprocess."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.central import CentralServer, start_central_server


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., CentralServer]]:
    """Factory: ``start_server(faults="5xx=0.1", seed=3)`` starts a fresh server; all are stopped after the test."""
    started: list[CentralServer] = []

    def start(**kwargs) -> CentralServer:
        server = start_central_server(tmp_path / f"central-{len(started)}.sqlite3", **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def central(start_server) -> CentralServer:
    """A fault-free reference server on a free loopback port, already answering /api/v1/health."""
    return start_server()


@pytest.fixture
def engine_for():
    """Factory: an enrolled SyncEngine for (ctx, central) with an in-memory token and fast backoff."""
    from sync.backoff import Backoff
    from sync.engine import SyncEngine
    from sync.enrol import enroll
    from sync.token_store import MemoryTokenStore

    def make(ctx, central, **kwargs) -> SyncEngine:
        store = MemoryTokenStore()
        enroll(ctx, central.url, central.enrol_code, token_store=store)
        kwargs.setdefault("backoff", Backoff(base_seconds=0.01, cap_seconds=0.2))
        return SyncEngine(ctx, token_store=store, **kwargs)

    return make
