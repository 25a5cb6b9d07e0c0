"""Issue 16 #2: `attachments gc` and adding a page agree through the database."""
from __future__ import annotations

import os
import time

import pytest

from desktop.devices.capture.base import CapturedPage
from desktop.services.attachments import AttachmentService, collect_garbage
from desktop.services.attachments.blobstore import BlobStore, sha256_hex
from tests.unit.hardening.cases import draft_material


@pytest.fixture
def material(ctx):
    return draft_material(ctx)


def _age(path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_gc_running_while_a_page_identical_to_an_old_orphan_is_added_never_deletes_it(ctx, material, monkeypatch):
    data = b"\xff\xd8 page identical to an old orphan \xff\xd9"
    store = BlobStore(ctx.config.attachments_dir)
    orphan = store.path_for(store.put(data).sha256)
    _age(orphan, 7200)  # unreferenced for two hours: gc's business
    real_put = BlobStore.put

    def put_then_gc_runs(self, plaintext, **kwargs):
        stored = real_put(self, plaintext, **kwargs)
        collect_garbage(ctx, min_age_seconds=3600)  # another process's gc, right between file and row
        return stored

    monkeypatch.setattr(BlobStore, "put", put_then_gc_runs)
    service = AttachmentService(ctx)
    page = service.add_page(material, CapturedPage(data, "image/jpeg", 10, 10, "file"))
    monkeypatch.setattr(BlobStore, "put", real_put)
    assert service.page_bytes(page.id) == data  # not "附件文件丢失"
    assert sha256_hex(data) == page.sha256


def test_gc_still_removes_old_unreferenced_files_and_leaves_young_ones(ctx):
    store = BlobStore(ctx.config.attachments_dir)
    old, young = store.put(b"old orphan"), store.put(b"young orphan")
    _age(store.path_for(old.sha256), 7200)
    report = collect_garbage(ctx, min_age_seconds=3600)
    assert (report.removed_files, report.kept_young) == (1, 1)
    assert not store.exists(old.sha256) and store.exists(young.sha256)


def test_a_claim_left_by_a_crash_expires_after_the_grace_period(ctx):
    from desktop.store.models import AttachmentClaim

    store = BlobStore(ctx.config.attachments_dir)
    stored = store.put(b"file of a crashed import")
    _age(store.path_for(stored.sha256), 7200)
    with ctx.db.transaction() as s:
        s.add(AttachmentClaim(sha256=stored.sha256, claimed_at=ctx.now()))
    assert collect_garbage(ctx, min_age_seconds=3600).removed_files == 0  # a live claim protects it
    with ctx.db.transaction() as s:
        s.query(AttachmentClaim).update({"claimed_at": ctx.now().replace(year=2000)})
    assert collect_garbage(ctx, min_age_seconds=3600).removed_files == 1
