"""Generated pages for the demo hall, stored through the real attachment path.

``onewindow demo seed`` (both its services and its bulk path) ends with
:func:`attach_sample_pages`: one delivered case in ten, at most 200, gets 1–2 pages on each
material it provided (marked uploaded), and up to 20 open drafts get pages too. Pages for
all of a 1M-case seed would be tens of GB and hours of writes, hence the sample. Both seed
paths add the same pages, so the bulk-versus-services comparison still holds.
Identical generated pages deduplicate in the content-addressed store, so a demo with many
applications costs little disk.
"""
from __future__ import annotations

from functools import lru_cache

from desktop.devices.capture.base import CapturedPage
from desktop.devices.capture.images import JPEG
from desktop.devices.capture.simulated import page_jpeg
from desktop.services.attachments.service import AttachmentService, PageInfo

DEMO_PAGE_SIZE = (827, 1169)  # A4 at 100 dpi: a legible demo page of ~100 KB


@lru_cache(maxsize=32)
def _demo_page(page_no: int) -> bytes:
    return page_jpeg(page_no, title="演示材料", size=DEMO_PAGE_SIZE, quality=75)


def attach_generated_pages(ctx, material_id: int, n: int, *, service: AttachmentService | None = None,
                           user=None) -> list[PageInfo]:
    """Attach ``n`` generated pages (page 1..n) to a material, whatever the application's status."""
    service = service or AttachmentService(ctx)
    added = []
    for page_no in range(1, n + 1):
        data = _demo_page(page_no)
        page = CapturedPage(data, JPEG, DEMO_PAGE_SIZE[0], DEMO_PAGE_SIZE[1], "demo", "演示")
        added.append(service.add_page(material_id, page, user, check_editable=False))
    return added


SAMPLE_SHARE = 10  # one delivered case in ten gets pages …
SAMPLE_CAP = 200  # … but never more than this many (a 1M-case seed would need tens of GB)
DRAFT_CAP = 20  # open drafts get pages too, so the capture panel has something to show


def pages_for_material(seq: int) -> int:
    """1–2 pages, varying by checklist position, so the demo shows single and multi-page materials."""
    return 1 + seq % 2


def attach_sample_pages(ctx) -> int:
    """After a seed: pages for a spread-out sample of cases' provided materials; returns pages added.

    Sampled: delivered (synced) cases — their pages marked uploaded — and a few open drafts.
    Cases queued but not yet delivered are left alone: their payload is frozen without pages,
    and pages added now would never be sent.
    """
    from sqlalchemy import func, select, update

    from desktop.store.models import Application, ApplicationMaterial, Attachment

    with ctx.db.session() as s:
        synced = select(Application.id).where(Application.sync_state == "synced").order_by(Application.id)
        total = s.scalar(select(func.count()).select_from(synced.subquery())) or 0
        step = max(1, SAMPLE_SHARE, total // SAMPLE_CAP)
        delivered = s.scalars(synced).all()[::step][:SAMPLE_CAP]
        drafts = s.scalars(select(Application.id).where(Application.status == "draft")
                           .order_by(Application.id).limit(DRAFT_CAP)).all()

        def provided(app_ids):
            return s.execute(select(ApplicationMaterial.id, ApplicationMaterial.seq)
                             .where(ApplicationMaterial.application_id.in_(app_ids),
                                    ApplicationMaterial.state == "provided")).all()

        delivered_materials, draft_materials = provided(delivered), provided(drafts)
    service = AttachmentService(ctx)
    added = 0
    for material_id, seq in delivered_materials + draft_materials:
        added += len(attach_generated_pages(ctx, material_id, pages_for_material(seq), service=service))
    if delivered_materials:
        with ctx.db.transaction() as s:
            s.execute(update(Attachment).where(Attachment.material_id.in_([m for m, _ in delivered_materials]))
                      .values(uploaded=True))
    return added


def prepare_scan_inbox(config, pages: int = 3):
    """A demo scan folder with a few "scanned" pages waiting, saved as ``devices.scan_folder``."""
    from desktop.config import save_local_settings

    folder = config.data_dir / "scan-inbox"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, pages + 1):
        (folder / f"SCAN_{n:04d}.jpg").write_bytes(_demo_page(n))
    return save_local_settings(config, {"devices": {"scan_folder": str(folder)}})
