"""Issue 16 #6: the audit chain is anchored; truncation, deletion and a recomputed chain are found."""
from __future__ import annotations

import sqlite3

import pytest

from desktop.services import audit
from desktop.services.audit import GENESIS, _digest, _stamp
from desktop.services.maintenance.db_check import run_checks


@pytest.fixture
def anchored(ctx):
    """Ten audit rows, anchored (as a sync or a day close does), then two more not yet anchored."""
    with ctx.db.transaction() as s:
        for n in range(10):
            audit.record(s, "amy", "application.accept", f"620100-W01-20261129-{n:04d}", {"n": n})
    from desktop.services.audit_anchor import checkpoint

    assert checkpoint(ctx.db.store, "sync") is not None
    with ctx.db.transaction() as s:
        audit.record(s, "amy", "login", "amy")
    return ctx


def _anchor_finding(ctx):
    findings = {f.name: f for f in run_checks(ctx.config.db_path)}
    assert findings["audit hash chain"].ok  # every attack below leaves a chain that verifies by itself
    return findings["audit trail matches its anchors"]


def _sql(ctx, *statements: str) -> None:
    conn = sqlite3.connect(ctx.config.db_path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_an_intact_anchored_trail_passes(anchored):
    assert _anchor_finding(anchored).ok


def test_truncating_the_tail_of_the_audit_trail_is_found(anchored):
    _sql(anchored, "DELETE FROM audit_event WHERE id > 5")
    finding = _anchor_finding(anchored)
    assert not finding.ok and "cut short" in finding.detail and "#5" in finding.detail


def test_deleting_the_last_anchored_row_is_found(anchored):
    _sql(anchored, "DELETE FROM audit_event WHERE id >= 10")
    assert not _anchor_finding(anchored).ok


def test_deleting_every_audit_row_is_found(anchored):
    _sql(anchored, "DELETE FROM audit_event")
    finding = _anchor_finding(anchored)
    assert not finding.ok and "every audit row was deleted" in finding.detail and "10 rows" in finding.detail


def test_rewriting_a_row_and_recomputing_the_chain_with_the_apps_own_hash_is_found(anchored):
    conn = sqlite3.connect(anchored.config.db_path)
    conn.execute("UPDATE audit_event SET target = 'nothing happened' WHERE id = 3")
    prev = GENESIS
    for row_id, at, actor, action, target, detail in conn.execute(
            "SELECT id, at, actor, action, target, detail FROM audit_event ORDER BY id").fetchall():
        stamp = at if "." in at else at + ".000000"
        digest = _digest(stamp, actor, action, target, detail, prev)
        conn.execute("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row_id))
        prev = digest
    conn.commit()
    conn.close()
    finding = _anchor_finding(anchored)
    assert not finding.ok and "rewritten" in finding.detail
    assert _stamp  # (the app's own functions were used to recompute)


def test_an_anchor_is_not_taken_over_a_damaged_trail(anchored):
    from desktop.services.audit_anchor import checkpoint, read_anchors

    _sql(anchored, "DELETE FROM audit_event WHERE id > 5")
    assert checkpoint(anchored.db.store, "sync") is None  # re-anchoring would make the cut the truth
    assert len(read_anchors(anchored.config.db_path)) == 1


def test_an_edited_anchor_file_is_found(anchored):
    from desktop.services.audit_anchor import anchors_path

    path = anchors_path(anchored.config.db_path)
    path.write_text(path.read_text(encoding="utf-8").replace('"count": 10', '"count": 5'), encoding="utf-8")
    finding = _anchor_finding(anchored)
    assert not finding.ok and "bad signature" in finding.detail
