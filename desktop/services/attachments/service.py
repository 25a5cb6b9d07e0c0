"""Pages of a material: add, list, reorder, rotate, delete, retake, export — the use cases.

A page's hash is claimed first (a committed ``attachment_claim`` row), then its file is made
durable, then its row is committed with the claim released; a crash in between leaves an
unreferenced file whose claim expires, for ``attachments gc`` — never a row pointing at nothing,
and never a file gc deletes while a page that needs it is being added.

Pages may change only while the application is still open at the window (draft or awaiting
supplement): once accepted, the outbox payload is frozen with the pages' hashes, and a later
change would silently diverge from what the platform receives.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.devices.capture.base import CapturedPage
from desktop.devices.capture.images import Limits, rotate, thumbnail
from desktop.services import audit
from desktop.services.attachments.blobstore import BlobStore, sha256_hex
from desktop.services.attachments.crypto import (
    Cipher,
    KeyringKeyStore,
    KeyStore,
    StoreDerivedKeyStore,
    cipher_from,
)
from desktop.services.attachments.errors import AttachmentError, PagesRequired
from desktop.services.attachments.retention import check_free_space, claim_hash, release_claim
from desktop.store.models import Application, ApplicationMaterial, Attachment

log = logging.getLogger("onewindow.attachments")

EDITABLE_STATUSES = ("draft", "supplement_requested")


@dataclass(frozen=True)
class PageInfo:
    id: int
    material_id: int
    page_no: int
    sha256: str
    mime: str
    size: int
    width: int | None
    height: int | None
    source: str
    encrypted: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class MaterialInfo:
    id: int
    name: str
    electronic_required: bool
    editable: bool  # the application is still open at the window


def _info(row: Attachment) -> PageInfo:
    return PageInfo(row.id, row.material_id, row.page_no, row.sha256, row.mime, row.size, row.width, row.height,
                    row.source, row.encrypted, row.created_at)


class AttachmentService:
    """Attachment use cases over one data dir. ``key_store`` defaults to the OS keyring."""

    def __init__(self, ctx, key_store: KeyStore | None = None) -> None:
        self.ctx = ctx
        store_key = getattr(getattr(ctx.db, "store", None), "key", None)
        # A PC where IT switched on `attachments encrypt` earlier keeps its keyring key (its pages need it);
        # otherwise an encrypted store's pages use a key derived from the store's.
        legacy = bool(ctx.config.security.encrypt_attachments)
        self._with_store = store_key is not None and key_store is None
        self.key_store = key_store or (StoreDerivedKeyStore(store_key) if store_key is not None and not legacy
                                       else KeyringKeyStore())
        self._cipher: Cipher | None = None
        self.blobs = BlobStore(ctx.config.attachments_dir, cipher=self._get_cipher)
        self.limits = Limits.from_config(ctx.config)

    @property
    def encrypting(self) -> bool:
        """Pages are encrypted when the store is (same key rule), or when IT switched it on separately."""
        return self._with_store or bool(self.ctx.config.security.encrypt_attachments)

    def _get_cipher(self) -> Cipher:
        if self._cipher is None:
            self._cipher = cipher_from(self.key_store, create=self.encrypting)
        return self._cipher

    # --- queries ---------------------------------------------------------------------------

    def list_pages(self, material_id: int) -> list[PageInfo]:
        with self.ctx.db.session() as s:
            rows = s.scalars(select(Attachment).where(Attachment.material_id == material_id)
                             .order_by(Attachment.page_no, Attachment.id)).all()
            return [_info(r) for r in rows]

    def material_info(self, material_id: int) -> MaterialInfo:
        with self.ctx.db.session() as s:
            row = s.execute(select(ApplicationMaterial.name, ApplicationMaterial.electronic_required,
                                   Application.status).join(Application)
                            .where(ApplicationMaterial.id == material_id)).first()
        if row is None:
            raise AttachmentError("找不到该材料（办件可能已被删除）。")
        return MaterialInfo(material_id, row[0], bool(row[1]), row[2] in EDITABLE_STATUSES)

    def pages_count(self, material_id: int) -> int:
        """How many pages a material has — the checklist shows it, intake checks it."""
        with self.ctx.db.session() as s:
            return s.scalar(select(func.count()).select_from(Attachment)
                            .where(Attachment.material_id == material_id)) or 0

    def page_counts(self, application_id: int) -> dict[int, int]:
        """{material_id: page count} for every material of an application (zeros included)."""
        with self.ctx.db.session() as s:
            rows = s.execute(select(ApplicationMaterial.id, func.count(Attachment.id))
                             .outerjoin(Attachment, Attachment.material_id == ApplicationMaterial.id)
                             .where(ApplicationMaterial.application_id == application_id)
                             .group_by(ApplicationMaterial.id)).all()
            return {mid: n for mid, n in rows}

    def require_pages(self, material: ApplicationMaterial | int) -> None:
        """Raise :class:`PagesRequired` when the matter demands a scan of this material and none exists.

        Intake calls this before marking a material provided: a paper copy alone does not
        satisfy a matter whose row says an electronic copy is mandatory.
        """
        with self.ctx.db.session() as s:
            row = material if isinstance(material, ApplicationMaterial) else s.get(ApplicationMaterial, material)
            if row is None:
                raise AttachmentError("找不到该材料。")
            required, name, mid = row.electronic_required, row.name, row.id
        if required and self.pages_count(mid) == 0:
            raise PagesRequired(f"材料“{name}”要求提供电子件：请先扫描、拍摄或导入至少一页，再标记为已提交。")

    def page_bytes(self, attachment_id: int) -> bytes:
        with self.ctx.db.session() as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise AttachmentError("该页面已被删除。")
            sha = row.sha256
        return self.blobs.read(sha)

    def open_attachment_bytes(self, sha256: str) -> bytes:
        """The verified plaintext of a page by content address (sync uploads with this)."""
        return self.blobs.read(sha256)

    def thumbnail(self, attachment_id: int, size: int = 160) -> bytes:
        return thumbnail(self.page_bytes(attachment_id), size)

    # --- changes ---------------------------------------------------------------------------

    def add_page(self, material_id: int, page: CapturedPage, user=None, *, position: int | None = None,
                 check_editable: bool = True) -> PageInfo:
        """Store ``page`` durably, then append it (or insert it at 1-based ``position``)."""
        check_free_space(self.ctx)  # first: on a full disk the clerk hears "disk full", not a database error
        if check_editable:
            self._check_editable(material_id)
        claim = claim_hash(self.ctx, sha256_hex(page.data))
        stored = self.blobs.put(page.data, encrypt=self.encrypting)
        with self.ctx.db.transaction() as s:
            release_claim(s, claim)
            self._material(s, material_id)
            last = s.scalar(select(func.max(Attachment.page_no)).where(Attachment.material_id == material_id)) or 0
            page_no = last + 1
            if position is not None and 1 <= position <= last:
                page_no = position
                for row in s.scalars(select(Attachment).where(Attachment.material_id == material_id,
                                                              Attachment.page_no >= position)):
                    row.page_no += 1
            row = Attachment(material_id=material_id, page_no=page_no, sha256=stored.sha256, mime=page.mime,
                             size=stored.size, width=page.width, height=page.height, source=page.source,
                             encrypted=stored.encrypted, created_by=getattr(user, "id", None),
                             created_at=self.ctx.now())
            s.add(row)
            s.flush()
            return _info(row)

    def reorder(self, material_id: int, attachment_ids: list[int], user=None) -> None:
        """Set the page order to ``attachment_ids`` (which must be exactly the material's pages)."""
        self._check_editable(material_id)
        with self.ctx.db.transaction() as s:
            rows = {r.id: r for r in s.scalars(select(Attachment).where(Attachment.material_id == material_id))}
            if sorted(rows) != sorted(attachment_ids):
                raise AttachmentError("页面列表已被修改，请刷新后再调整顺序。")
            for index, aid in enumerate(attachment_ids, start=1):
                rows[aid].page_no = index

    def move_page(self, attachment_id: int, new_page_no: int, user=None) -> None:
        row = self._row(attachment_id)
        ids = [p.id for p in self.list_pages(row.material_id)]
        ids.remove(attachment_id)
        ids.insert(max(0, min(len(ids), new_page_no - 1)), attachment_id)
        self.reorder(row.material_id, ids, user)

    def rotate_page(self, attachment_id: int, degrees: int, user=None) -> PageInfo:
        """Turn a page clockwise; the turned image is a new file, the old one is left for gc."""
        if degrees % 90:
            raise AttachmentError("只能按 90° 旋转页面。")
        row = self._row(attachment_id)
        turned = rotate(self.page_bytes(attachment_id), degrees, self.limits)
        page = CapturedPage(turned.data, turned.mime, turned.width, turned.height, row.source)
        return self._swap(attachment_id, page, user, "attachment.rotate", {"degrees": degrees % 360})

    def replace_page(self, attachment_id: int, page: CapturedPage, user=None) -> PageInfo:
        """Retake: the new capture takes the old page's place and number."""
        return self._swap(attachment_id, page, user, "attachment.retake", {"source": page.source})

    def delete_page(self, attachment_id: int, user=None) -> None:
        row = self._row(attachment_id)
        self._check_editable(row.material_id)
        with self.ctx.db.transaction() as s:
            target = s.get(Attachment, attachment_id)
            if target is None:
                return
            material_id, page_no = target.material_id, target.page_no
            s.delete(target)
            s.flush()
            for later in s.scalars(select(Attachment).where(Attachment.material_id == material_id,
                                                            Attachment.page_no > page_no)):
                later.page_no -= 1
            audit.record(s, getattr(user, "username", "system"), "attachment.delete", f"material:{material_id}",
                         {"page_no": page_no, "sha256": target.sha256[:12]}, at=self.ctx.now())

    def export_pdf(self, material_id: int) -> bytes:
        """All pages of a material merged into one PDF (for printing or handing over)."""
        from PIL import Image

        pages = self.list_pages(material_id)
        if not pages:
            raise AttachmentError("该材料还没有页面，无法导出 PDF。")
        images: list[Image.Image] = []
        try:
            for p in pages:
                img = Image.open(io.BytesIO(self.blobs.read(p.sha256)))
                images.append(img.convert("RGB") if img.mode not in ("RGB", "L") else img)
            out = io.BytesIO()
            images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=300.0)
            return out.getvalue()
        finally:
            for image in images:
                image.close()

    # --- helpers ---------------------------------------------------------------------------

    def _swap(self, attachment_id: int, page: CapturedPage, user, action: str, detail: dict) -> PageInfo:
        row = self._row(attachment_id)
        self._check_editable(row.material_id)
        claim = claim_hash(self.ctx, sha256_hex(page.data))
        stored = self.blobs.put(page.data, encrypt=self.encrypting)
        with self.ctx.db.transaction() as s:
            release_claim(s, claim)
            target = s.get(Attachment, attachment_id)
            if target is None:
                raise AttachmentError("该页面已被删除。")
            old = target.sha256
            target.sha256, target.size, target.encrypted = stored.sha256, stored.size, stored.encrypted
            target.mime, target.width, target.height, target.source = page.mime, page.width, page.height, page.source
            target.created_by, target.created_at, target.uploaded = getattr(user, "id", None), self.ctx.now(), False
            audit.record(s, getattr(user, "username", "system"), action, f"material:{target.material_id}",
                         {"page_no": target.page_no, "old": old[:12], "new": stored.sha256[:12], **detail},
                         at=self.ctx.now())
            s.flush()
            return _info(target)

    def _row(self, attachment_id: int) -> Attachment:
        with self.ctx.db.session() as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise AttachmentError("该页面已被删除。")
            return row

    def _material(self, s: Session, material_id: int) -> ApplicationMaterial:
        material = s.get(ApplicationMaterial, material_id)
        if material is None:
            raise AttachmentError("找不到该材料（办件可能已被删除）。")
        return material

    def _check_editable(self, material_id: int) -> None:
        with self.ctx.db.session() as s:
            status = s.scalar(select(Application.status).join(ApplicationMaterial)
                              .where(ApplicationMaterial.id == material_id))
        if status is None:
            raise AttachmentError("找不到该材料（办件可能已被删除）。")
        if status not in EDITABLE_STATUSES:
            raise AttachmentError("办件已受理，材料页面已随办件提交冻结，不能再修改。如需更正，请走更正流程。")
