"""The end-state every sync test demands: one copy on the server of each accepted application."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from desktop.store.models import Application, Attachment, Outbox


def assert_in_sync(ctx, central, *, expect_parked: int = 0) -> dict[str, int]:
    """Server and client agree exactly; returns counts for reporting."""
    server_apps = central.applications()
    counts = Counter(a["uuid"] for a in server_apps)
    duplicates = [u for u, n in counts.items() if n > 1]
    assert not duplicates, f"server holds duplicates: {duplicates[:3]}"
    assert len({a["official_no"] for a in server_apps}) == len(server_apps)
    by_uuid = {a["uuid"]: a for a in server_apps}
    with ctx.db.session() as s:
        apps = s.execute(select(Application).where(Application.sync_state != "local")).scalars().all()
        latest = {}
        for row in s.execute(select(Outbox).order_by(Outbox.version)).scalars():
            latest[row.application_id] = row
        shas = set(s.execute(select(Attachment.sha256).join(Attachment.material)).scalars())
        parked = [a for a in apps if a.sync_state == "parked"]
        assert len(parked) == expect_parked, [a.sync_state for a in parked]
        synced = [a for a in apps if a.sync_state != "parked"]
        lost = [a.uuid for a in synced if a.uuid not in by_uuid]
        assert not lost, f"lost: {lost[:3]}"
        for app in synced:
            assert app.sync_state == "synced", (app.uuid, app.sync_state)
            server = by_uuid[app.uuid]
            assert app.official_no == server["official_no"]
            assert latest[app.id].state == "done"
            assert latest[app.id].payload_sha256 == server["payload_sha256"], "server holds other content"
            assert server["version"] == app.local_version
        extra = set(by_uuid) - {a.uuid for a in synced}
        assert not extra, f"server holds applications the client never accepted: {list(extra)[:3]}"
    attachments = central.attachments()
    server_shas = {a["sha256"] for a in attachments}
    assert all(a["content_ok"] for a in attachments)
    referenced = {sha for sha in shas}  # every page of an accepted application
    assert referenced <= server_shas, f"attachments missing on server: {len(referenced - server_shas)}"
    return {"applications": len(server_apps), "attachments": len(server_shas)}
