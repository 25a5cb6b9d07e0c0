"""Audit-chain anchors on the reference server: each device's newest signed head, never going back.

A device reports (count, last_id, last_hash, at, signature) with each sync. The platform keeps the
newest and answers 409 ``anchor_regressed`` when a device reports fewer rows or an earlier last row
than it did before — the truncation a person with the PC's disk could otherwise hide.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.central_server.store import Store

SCHEMA = """CREATE TABLE IF NOT EXISTS audit_anchor(device_id TEXT PRIMARY KEY, count INTEGER NOT NULL,
    last_id INTEGER NOT NULL, last_hash TEXT NOT NULL, at TEXT NOT NULL, signature TEXT NOT NULL,
    received_at TEXT NOT NULL)"""


def receive(store: Store, device_id: str, anchor: dict[str, Any], received_at: str) -> tuple[int, dict[str, Any]]:
    with store._tx() as conn:
        conn.execute(SCHEMA)
        held = conn.execute("SELECT count, last_id, last_hash, at FROM audit_anchor WHERE device_id = ?",
                            (device_id,)).fetchone()
        count, last_id = int(anchor["count"]), int(anchor["last_id"])
        if held and (count < held[0] or last_id < held[1] or (last_id == held[1] and anchor["last_hash"] != held[2])):
            return 409, {"error": "anchor_regressed",
                         "message": f"本机审计记录少于或不同于 {held[3]} 报告的（{held[0]} 条，至 #{held[1]}）。"}
        conn.execute("INSERT INTO audit_anchor(device_id, count, last_id, last_hash, at, signature, received_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET count = excluded.count, "
                     "last_id = excluded.last_id, last_hash = excluded.last_hash, at = excluded.at, "
                     "signature = excluded.signature, received_at = excluded.received_at",
                     (device_id, count, last_id, str(anchor["last_hash"]), str(anchor["at"]),
                      str(anchor.get("signature", "")), received_at))
    return 200, {"received": True, "count": count, "last_id": last_id}
