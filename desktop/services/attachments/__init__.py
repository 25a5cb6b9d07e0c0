"""Material pages: content-addressed, verified, optionally encrypted files plus their DB rows.

Public API (for intake, the intake screen, the demo seed and sync):

- :class:`AttachmentService` ``(ctx, key_store=None)``: ``add_page``, ``list_pages``,
  ``pages_count(material_id)``, ``page_counts(application_id)``, ``require_pages(material)``,
  ``reorder``, ``move_page``, ``rotate_page``, ``delete_page``, ``replace_page`` (retake),
  ``page_bytes``, ``thumbnail``, ``export_pdf``, ``open_attachment_bytes(sha256)``.
- :func:`open_attachment_bytes` ``(ctx, sha256)``: verified plaintext bytes by hash (sync).
- :func:`pages_count` / :func:`require_pages`: module-level shortcuts for intake.
- :func:`import_files`, :func:`attach_pages`: page-by-page import with a per-file report.
- :func:`attach_generated_pages` ``(ctx, material_id, n)``: demo pages through the real path.
- :func:`collect_garbage`, :func:`storage_status`: retention and quota.
"""
from __future__ import annotations

from desktop.services.attachments import retention
from desktop.services.attachments.errors import (
    AttachmentError,
    EncryptionUnavailable,
    IntegrityError,
    MissingFileError,
    PagesRequired,
)
from desktop.services.attachments.importing import ImportReport, attach_pages, import_files
from desktop.services.attachments.retention import GcReport, StorageStatus, collect_garbage, storage_status
from desktop.services.attachments.seed import attach_generated_pages
from desktop.services.attachments.service import AttachmentService, PageInfo


def open_attachment_bytes(ctx, sha256: str) -> bytes:
    """Verified plaintext of the page file ``sha256`` (raises IntegrityError / MissingFileError)."""
    return AttachmentService(ctx).open_attachment_bytes(sha256)


def pages_count(ctx, material_id: int) -> int:
    return AttachmentService(ctx).pages_count(material_id)


def require_pages(ctx, material) -> None:
    """Raise PagesRequired when the material needs an electronic copy and has no page."""
    AttachmentService(ctx).require_pages(material)


__all__ = [
    "AttachmentError", "AttachmentService", "EncryptionUnavailable", "GcReport", "ImportReport",
    "IntegrityError", "MissingFileError", "PageInfo", "PagesRequired", "StorageStatus", "attach_generated_pages",
    "attach_pages", "collect_garbage", "import_files", "open_attachment_bytes", "pages_count", "require_pages",
    "retention", "storage_status",
]
