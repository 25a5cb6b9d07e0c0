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
