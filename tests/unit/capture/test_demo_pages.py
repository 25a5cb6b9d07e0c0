"""Demo seeding attaches generated pages to a sample of cases, through the real store."""
from __future__ import annotations

from desktop.services.attachments import AttachmentService
from desktop.services.attachments.seed import attach_sample_pages
from desktop.store.models import Application, ApplicationMaterial, Attachment

from .conftest import make_application


def _case(ctx, status: str, sync_state: str) -> list[int]:
    _user, app_id, mids = make_application(ctx, status=status)
    with ctx.db.transaction() as s:
        s.get(Application, app_id).sync_state = sync_state
        for mid in mids:
            s.get(ApplicationMaterial, mid).state = "provided"
    return mids


def test_seed_sample_gives_pages_to_delivered_cases_and_drafts_but_not_to_queued_ones(ctx):
    delivered = [_case(ctx, "accepted", "synced") for _ in range(12)]
    queued = _case(ctx, "accepted", "pending")
    draft = _case(ctx, "draft", "local")
    added = attach_sample_pages(ctx)
    service = AttachmentService(ctx)
    with_pages = [mids for mids in delivered if service.pages_count(mids[0])]
    assert len(with_pages) == 2  # one in ten of the delivered cases (ids 1 and 11)
    assert [service.pages_count(m) for m in draft] == [2, 1]  # 1–2 pages by checklist position
    assert all(service.pages_count(m) == 0 for m in queued)
    with ctx.db.session() as s:
        rows = s.query(Attachment).all()
        assert len(rows) == added == 3 * 3
        assert {r.uploaded for r in rows if r.material_id in with_pages[0]} == {True}
        assert {r.uploaded for r in rows if r.material_id in draft} == {False}
    assert len({r.sha256 for r in rows}) == 2  # identical generated pages are stored once


def test_demo_hall_has_simulated_capture_devices_and_pages_in_its_scan_folder(tmp_path):
    from desktop.config import load_config
    from desktop.devices.capture.scan_folder import ScanFolderInbox
    from desktop.services.demo.hall import prepare_demo

    hall = prepare_demo(tmp_path / "demo")
    devices = hall.config.devices
    assert (devices.camera, devices.scanner) == ("simulated", "simulated")
    assert len(ScanFolderInbox(devices.scan_folder, settle_seconds=0).poll()) == 3
    reloaded = load_config(data_dir=hall.config.data_dir, search_default_provisioning=False)
    assert reloaded.devices.scan_folder == devices.scan_folder  # kept in the hall's local settings
