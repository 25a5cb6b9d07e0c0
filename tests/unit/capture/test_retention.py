"""Retention: gc removes only what nobody needs; quota and free space warn in time."""
from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from desktop.cli import main
from desktop.devices.capture.base import CapturedPage
from desktop.devices.capture.images import JPEG
from desktop.devices.capture.simulated import page_jpeg
from desktop.services.attachments import AttachmentError, collect_garbage, retention, storage_status
from desktop.services.attachments.blobstore import sha256_hex
from desktop.store.models import Application, Attachment, Outbox


def _page(n: int) -> CapturedPage:
    return CapturedPage(page_jpeg(n, size=(300, 424)), JPEG, 300, 424, "file")


def _age(path, seconds: float = 7200) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def _blob(ctx, sha):
    return ctx.config.attachments_dir / sha[:2] / sha[2:]


def test_gc_removes_unreferenced_files_and_crash_leftovers_but_keeps_referenced_ones(ctx, service, clerk_app):
    user, _app, (mid, _) = clerk_app
    kept = service.add_page(mid, _page(1), user)
    deleted = service.add_page(mid, _page(2), user)
    service.delete_page(deleted.id, user)
    leftover = service.blobs.tmp_dir / "abc.part"
    leftover.write_bytes(b"x" * 1000)
    for path in (_blob(ctx, kept.sha256), _blob(ctx, deleted.sha256), leftover):
        _age(path)
    report = collect_garbage(ctx)
    assert (report.removed_files, report.removed_temp, report.kept_referenced) == (1, 1, 1)
    assert report.freed_bytes == deleted.size + 1000
    assert _blob(ctx, kept.sha256).exists() and not _blob(ctx, deleted.sha256).exists() and not leftover.exists()


def test_gc_keeps_files_a_queued_payload_still_has_to_upload(ctx, service, clerk_app):
    user, app_id, (mid, _) = clerk_app
    page = service.add_page(mid, _page(1), user)
    payload = json.dumps({"materials": [{"attachments": [{"sha256": page.sha256}]}]})
    with ctx.db.transaction() as s:
        app = s.get(Application, app_id)
        s.add(Outbox(application_id=app_id, entity_uuid=app.uuid, payload=payload, payload_sha256=sha256_hex(
            payload.encode()), idempotency_key=f"{app.uuid}:1"))
    service.delete_page(page.id, user)
    _age(_blob(ctx, page.sha256))
    assert collect_garbage(ctx).removed_files == 0
    assert _blob(ctx, page.sha256).exists()


def test_gc_leaves_young_unreferenced_files_alone_an_import_may_be_running(ctx, service):
    stored = service.blobs.put(_page(1).data)
    report = collect_garbage(ctx)
    assert (report.removed_files, report.kept_young) == (0, 1)
    assert _blob(ctx, stored.sha256).exists()
    assert collect_garbage(ctx, min_age_seconds=0).removed_files == 1


def test_storage_status_warns_near_and_over_the_quota(ctx, service, clerk_app):
    user, _app, (mid, _) = clerk_app
    page = service.add_page(mid, _page(1), user)
    ctx.config = ctx.config.replace("storage", attachment_quota_mb=10)
    assert storage_status(ctx).warning is None
    with ctx.db.transaction() as s:  # pretend the page is large: usage is summed from the rows
        s.get(Attachment, page.id).size = 9_500_000
    assert "配额的 90%" in storage_status(ctx).warning
    with ctx.db.transaction() as s:
        s.get(Attachment, page.id).size = 11 * 1024 * 1024
    status = storage_status(ctx)
    assert "超过配额 10 MB" in status.warning and not status.blocked


def test_a_nearly_full_disk_blocks_new_pages_with_a_message(ctx, service, clerk_app, monkeypatch):
    user, _app, (mid, _) = clerk_app
    monkeypatch.setattr(retention.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**9, 10**9, 50 * 2**20))
    status = storage_status(ctx)
    assert status.blocked and "剩余空间只有 50 MB" in status.warning
    with pytest.raises(AttachmentError, match="剩余空间"):
        service.add_page(mid, _page(1), user)
    assert service.list_pages(mid) == []


def test_attachments_gc_command_reports_space_freed(ctx, service, clerk_app, data_dir, capsys):
    user, _app, (mid, _) = clerk_app
    page = service.add_page(mid, _page(1), user)
    service.delete_page(page.id, user)
    _age(_blob(ctx, page.sha256))
    assert main(["--data-dir", str(data_dir), "attachments", "gc", "--dry-run"]) == 0
    assert "可删除未引用的页面文件 1 个" in capsys.readouterr().out and _blob(ctx, page.sha256).exists()
    assert main(["--data-dir", str(data_dir), "attachments", "gc"]) == 0
    assert "已删除未引用的页面文件 1 个" in capsys.readouterr().out
    assert not _blob(ctx, page.sha256).exists()
    assert main(["--data-dir", str(data_dir), "attachments", "status"]) == 0
    assert "配额" in capsys.readouterr().out
