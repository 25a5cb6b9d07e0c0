"""The attachment store: content-addressed, verified on read, ordered pages per material."""
from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from desktop.devices.capture.base import CapturedPage
from desktop.devices.capture.images import JPEG
from desktop.devices.capture.simulated import page_jpeg
from desktop.services.attachments import (
    AttachmentError,
    IntegrityError,
    MissingFileError,
    PagesRequired,
    attach_generated_pages,
    open_attachment_bytes,
)
from desktop.store.models import Attachment, AuditEvent

from .conftest import make_application


def _page(n: int, source: str = "file") -> CapturedPage:
    data = page_jpeg(n, size=(400, 566))
    return CapturedPage(data, JPEG, 400, 566, source, f"p{n}.jpg")


def test_page_is_stored_under_its_sha256_and_read_back_verified(ctx, service, clerk_app):
    user, _app, (mid, _) = clerk_app
    page = _page(1)
    info = service.add_page(mid, page, user)
    sha = hashlib.sha256(page.data).hexdigest()
    assert info.sha256 == sha and info.page_no == 1 and info.size == len(page.data)
    path = ctx.config.attachments_dir / sha[:2] / sha[2:]
    assert path.read_bytes() == page.data
    assert service.page_bytes(info.id) == page.data
    assert open_attachment_bytes(ctx, sha) == page.data
    with ctx.db.session() as s:
        row = s.get(Attachment, info.id)
        assert (row.created_by, row.source, row.mime) == (user.id, "file", "image/jpeg")


def test_identical_pages_are_stored_once(ctx, service, clerk_app):
    user, _app, (m1, m2) = clerk_app
    page = _page(1)
    a = service.add_page(m1, page, user)
    b = service.add_page(m2, page, user)
    assert a.sha256 == b.sha256
    root = ctx.config.attachments_dir
    files = [p for p in root.rglob("*") if p.is_file() and "tmp" not in p.relative_to(root).parts]
    assert len(files) == 1


def test_a_damaged_file_gives_a_clear_warning_not_a_wrong_image(ctx, service, clerk_app):
    user, _app, (mid, _) = clerk_app
    info = service.add_page(mid, _page(1), user)
    path = ctx.config.attachments_dir / info.sha256[:2] / info.sha256[2:]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="已损坏"):
        service.page_bytes(info.id)


def test_a_missing_file_is_reported_as_missing(ctx, service, clerk_app):
    user, _app, (mid, _) = clerk_app
    info = service.add_page(mid, _page(1), user)
    (ctx.config.attachments_dir / info.sha256[:2] / info.sha256[2:]).unlink()
    with pytest.raises(MissingFileError, match="丢失"):
        service.open_attachment_bytes(info.sha256)


def test_storing_a_page_again_repairs_a_damaged_copy_on_disk(ctx, service, clerk_app):
    user, _app, (mid, _) = clerk_app
    page = _page(1)
    info = service.add_page(mid, page, user)
    path = ctx.config.attachments_dir / info.sha256[:2] / info.sha256[2:]
    path.write_bytes(b"garbage")
    service.add_page(mid, page, user)
    assert path.read_bytes() == page.data


def test_pages_keep_order_through_insert_reorder_and_delete(service, clerk_app):
    user, _app, (mid, _) = clerk_app
    p1, p2, p3 = (service.add_page(mid, _page(n), user) for n in (1, 2, 3))
    inserted = service.add_page(mid, _page(4), user, position=1)
    assert [p.id for p in service.list_pages(mid)] == [inserted.id, p1.id, p2.id, p3.id]
    service.reorder(mid, [p3.id, p2.id, p1.id, inserted.id], user)
    assert [(p.id, p.page_no) for p in service.list_pages(mid)] == [
        (p3.id, 1), (p2.id, 2), (p1.id, 3), (inserted.id, 4)]
    service.delete_page(p2.id, user)
    assert [(p.id, p.page_no) for p in service.list_pages(mid)] == [(p3.id, 1), (p1.id, 2), (inserted.id, 3)]
    service.move_page(inserted.id, 1, user)
    assert [p.id for p in service.list_pages(mid)] == [inserted.id, p3.id, p1.id]
    with pytest.raises(AttachmentError, match="刷新"):
        service.reorder(mid, [p3.id], user)


def test_rotating_a_page_turns_the_image_and_keeps_its_place(ctx, service, clerk_app):
    user, _app, (mid, _) = clerk_app
    service.add_page(mid, _page(1), user)
    second = service.add_page(mid, _page(2), user)
    turned = service.rotate_page(second.id, 90, user)
    assert (turned.id, turned.page_no) == (second.id, 2)
    assert (turned.width, turned.height) == (566, 400)
    with Image.open(io.BytesIO(service.page_bytes(second.id))) as img:
        assert img.size == (566, 400)
    with ctx.db.session() as s:
        assert s.query(AuditEvent).filter_by(action="attachment.rotate").count() == 1


def test_retake_replaces_the_page_in_place(service, clerk_app):
    user, _app, (mid, _) = clerk_app
    first = service.add_page(mid, _page(1), user)
    service.add_page(mid, _page(2), user)
    retaken = service.replace_page(first.id, _page(9, "camera"), user)
    pages = service.list_pages(mid)
    assert [p.id for p in pages][0] == first.id
    assert pages[0].sha256 == retaken.sha256 != first.sha256 and pages[0].source == "camera"


def test_pages_of_an_accepted_application_are_frozen(ctx, service):
    user, _app, (mid, _) = make_application(ctx, status="accepted")
    with pytest.raises(AttachmentError, match="冻结"):
        service.add_page(mid, _page(1), user)


def test_electronic_copy_requirement_blocks_provided_until_a_page_exists(service, clerk_app):
    user, _app, (paper_only, electronic) = clerk_app
    service.require_pages(paper_only)  # no scan needed
    with pytest.raises(PagesRequired, match="营业执照.*电子件"):
        service.require_pages(electronic)
    service.add_page(electronic, _page(1), user)
    service.require_pages(electronic)
    assert service.pages_count(electronic) == 1


def test_page_counts_cover_every_material_of_the_application(service, clerk_app):
    user, app_id, (m1, m2) = clerk_app
    service.add_page(m2, _page(1), user)
    service.add_page(m2, _page(2), user)
    assert service.page_counts(app_id) == {m1: 0, m2: 2}


def test_a_materials_pages_export_as_one_pdf(service, clerk_app):
    user, _app, (mid, _) = clerk_app
    for n in (1, 2, 3):
        service.add_page(mid, _page(n), user)
    reader = PdfReader(io.BytesIO(service.export_pdf(mid)))
    assert len(reader.pages) == 3
    with pytest.raises(AttachmentError, match="还没有页面"):
        service.export_pdf(_app_other_material(service, clerk_app))


def _app_other_material(service, clerk_app):
    return clerk_app[2][1]


def test_demo_pages_go_through_the_same_store_even_for_accepted_applications(ctx):
    _user, _app, (mid, _) = make_application(ctx, status="accepted")
    pages = attach_generated_pages(ctx, mid, 2)
    assert [p.page_no for p in pages] == [1, 2] and {p.source for p in pages} == {"demo"}
    assert all(len(open_attachment_bytes(ctx, p.sha256)) < 500_000 for p in pages)


def test_db_check_reports_two_pages_with_the_same_number(ctx, service, clerk_app):
    from desktop.services.maintenance.db_check import run_checks

    user, _app, (mid, _) = clerk_app
    first = service.add_page(mid, _page(1), user)
    service.add_page(mid, _page(2), user)
    assert all(f.ok for f in run_checks(ctx.config.db_path) if "attachment" in f.name)
    with ctx.db.transaction() as s:
        s.query(Attachment).filter(Attachment.id != first.id).update({"page_no": 1})
    failed = [f.name for f in run_checks(ctx.config.db_path) if not f.ok]
    assert failed == ["attachment page numbers are unique per material"]
