"""Issue 16 #8: a bounded, seeded fault campaign in the suite — nothing accepted lost, nothing doubled.

kill -9 at seeded durable steps of accept, capture, restore, gc, catalog import and sync; a full disk
(a 3 MB tmpfs when we may mount, as CI runs as root); flipped bytes in the store and in page files;
malformed platform replies of every shape. The bigger run: ``python -m tests.faults --runs 30``.
"""
from __future__ import annotations

import pytest

from tests.faults.campaign import run_campaign
from tests.unit.hardening.conftest import small_filesystem

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_the_fault_campaign_loses_and_doubles_nothing(tmp_path, start_server, capsys):
    figures = run_campaign(tmp_path / "campaign", seed=7, runs=2, flips=6, schedules=9,
                           mount=lambda p: small_filesystem(p, "3m"), central_factory=start_server)
    with capsys.disabled():
        print("\n" + figures.table())
    assert figures.kills >= 8 and figures.faults >= 10
    assert (figures.losses, figures.duplicates) == (0, 0), figures.problems
    assert figures.problems == []  # every refusal was in the clerk's words, every run ended cleanly
