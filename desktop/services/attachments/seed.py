"""Generated pages for the demo hall, stored through the real attachment path.

``onewindow demo seed`` calls :func:`attach_generated_pages` for the materials it marks
provided. For the bulk (1M-application) path only a sample of applications gets pages —
the page files would otherwise be tens of GB; the seed decides the sample (documented there).
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
