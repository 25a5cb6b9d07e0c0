"""Admin endpoints of the reference server (not part of the client contract; loopback only).

They let tests and the demo see what the platform holds and steer it: list applications and
attachments, change the catalog, advance statuses, revoke tokens, swap the fault plan, and time
the server's own bulk insert (the yardstick of the push benchmark).
"""
from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from tests.central_server.faults import FaultPlan, FaultSpecError
from tests.central_server.seed import normalise_matter

if TYPE_CHECKING:
    from tests.central_server.handler import CentralServer, Reply


def handle_admin(server: CentralServer, method: str, path: str, query: dict[str, str], body: bytes) -> Reply:
    from tests.central_server.handler import Reply, error

    store = server.store
    try:
        request: dict[str, Any] = json.loads(body) if body else {}
    except ValueError:
        return error(400, "bad_json", "not JSON")
    from tests.central_server.hall_routes import admin as hall_admin

    if (reply := hall_admin(server, method, path, query, request)) is not None:
        return reply
    if method == "GET":
        if path == "/admin/applications":
            return Reply(200, {"items": store.list_applications()})
        if path == "/admin/attachments":
            return Reply(200, {"items": store.list_attachments()})
        if path == "/admin/matters":
            return Reply(200, {"items": store.matters_since(0, 100_000)["items"]})
        if path == "/admin/stats":
            return Reply(200, {**store.stats(), "faults_injected": dict(server.faults.injected)})
        return error(404, "not_found", "no such admin endpoint")
    if method != "POST":
        return error(405, "method_not_allowed", "POST or GET")
    if path == "/admin/matters":
        upserted = store.upsert_matters([normalise_matter(m) for m in request.get("upsert", [])])
        deleted = store.delete_matters(list(request.get("delete", [])))
        return Reply(200, {"upserted": upserted, "deleted": deleted})
    if path == "/admin/matters/generate":
        count, materials = int(request.get("count", 100)), int(request.get("materials", 4))
        prefix = str(request.get("prefix", "GEN"))
        generated = [{"code": f"{prefix}-{i:06d}", "name": f"生成事项{i}号", "department": f"部门{i % 40}",
                      "promised_days": 1 + i % 20, "legal_days": 30,
                      "materials": [{"seq": s + 1, "name": f"材料{s + 1}"} for s in range(materials)]}
                     for i in range(count)]
        store.upsert_matters([normalise_matter(m) for m in generated])
        return Reply(200, {"generated": count})
    if path == "/admin/applications/status":
        change = store.advance_status(str(request["uuid"]), str(request["status"]), str(request.get("note", "")))
        if change:
            _hall_status_event(server, change, str(request.get("note", "")))
        return Reply(200, change) if change else error(404, "unknown_application", "no such application")
    if path == "/admin/devices/revoke":
        return Reply(200, {"revoked": store.revoke_devices(request.get("device_id"))})
    if path == "/admin/faults":
        try:
            server.faults = FaultPlan.parse(str(request.get("spec", "")), int(request.get("seed", 0)))
        except FaultSpecError as exc:
            return error(400, "bad_spec", str(exc))
        return Reply(200, {"spec": request.get("spec", "")})
    if path == "/admin/certificates":
        from tests.central_server.certificates import admin_add

        return admin_add(server, request)
    if path == "/admin/bulk-insert":
        started = time.perf_counter()
        inserted = store.bulk_insert_applications("bench-bulk", request["items"])
        return Reply(200, {"inserted": inserted, "seconds": time.perf_counter() - started})
    return error(404, "not_found", "no such admin endpoint")


PLATFORM_KINDS = {"transferred": "platform_transferred", "completed": "platform_completed",
                  "returned": "platform_rejected", "rejected": "platform_rejected"}


def _hall_status_event(server: CentralServer, change: dict[str, Any], note: str) -> None:
    """The platform's status change also enters the hall's event log (when the case is a hall case)."""
    from tests.central_server import hall_store

    kind = PLATFORM_KINDS.get(str(change["status"]))
    if kind is None:
        return
    data = {"case": {"completed_at": change["at"]}} if kind == "platform_completed" else {}
    try:
        with server.store._tx() as conn:
            hall_store.platform_event(conn, str(change["uuid"]), kind, data, server.now(), note)
    except hall_store.HallError:
        pass  # a status the hall's rules refuse stays in the legacy feed only (the window refuses it too)
