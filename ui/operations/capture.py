"""Operations of the capture panel: a material's pages, and adding, turning, moving, removing them.

Storing a page (decode, straighten, normalise, hash, write) takes a moment per page, so the
long ones report progress and stop between pages when the clerk cancels; pages stored before
the cancel stay. Every change announces ``cases_changed`` for its case's material.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ui.events import CasesChanged, EventHub
from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.services.attachments import ImportReport, PageInfo
    from desktop.services.attachments.service import MaterialInfo


@dataclass(frozen=True)
class MaterialPages:
    """What the panel shows for one material."""

    info: MaterialInfo
    pages: list[PageInfo]
    storage_warning: str | None


@dataclass(frozen=True)
class ShowMaterial(Operation[MaterialPages]):
    material_id: int
    with_storage: bool = True  # the space check once per material, not after every page

    def perform(self, env: Env) -> MaterialPages:
        s = env.services
        info = s.attachments.material_info(self.material_id)
        warning = s.storage_status().warning if self.with_storage else None
        return MaterialPages(info, s.attachments.list_pages(self.material_id), warning)


@dataclass(frozen=True)
class Thumbnails(Operation["dict[str, bytes | str]"]):
    """Small previews by content hash; a damaged file comes back as the clerk's message instead."""

    pages: tuple[tuple[int, str], ...]  # (attachment id, sha256)

    def perform(self, env: Env) -> dict[str, bytes | str]:
        from desktop.services.attachments import AttachmentError

        out: dict[str, bytes | str] = {}
        for attachment_id, sha in self.pages:
            try:
                out[sha] = env.services.attachments.thumbnail(attachment_id)
            except (AttachmentError, OSError) as exc:
                out[sha] = str(exc)
        return out


class _PagesChange(Operation):
    lane = Lane.WRITE

    def announce(self, result: object, events: EventHub) -> None:
        uuid = getattr(self, "case_uuid", "")
        events.cases_changed.emit(CasesChanged((uuid,) if uuid else ()))


@dataclass(frozen=True)
class ImportFiles(_PagesChange):
    material_id: int
    paths: tuple[Path, ...]
    case_uuid: str = ""

    def perform(self, env: Env) -> ImportReport:
        from desktop.services.attachments import import_files

        return import_files(env.services.attachments, self.material_id, list(self.paths), env.user,
                            progress=env.progress, cancel=env.cancelled)


@dataclass(frozen=True)
class ScanPages(_PagesChange):
    """The scanner's pages, one by one into the material (the scanner is the session's device)."""

    material_id: int
    case_uuid: str = ""

    def perform(self, env: Env) -> ImportReport:
        from desktop.services.attachments import attach_pages

        scanner = env.require_ports().scanner
        return attach_pages(env.services.attachments, self.material_id, scanner.scan(env.progress, env.cancelled),
                            env.user, cancel=env.cancelled)


@dataclass(frozen=True)
class StoreShot(_PagesChange):
    """A document-camera shot (JPEG bytes): cropped and straightened into a page, or replacing one."""

    material_id: int
    data: bytes
    origin: str
    retake_id: int | None = None
    case_uuid: str = ""

    def perform(self, env: Env) -> PageInfo:
        from desktop.devices.capture.images import camera_page

        service = env.services.attachments
        page = camera_page(self.data, service.limits, origin=self.origin)
        if self.retake_id is not None:
            return service.replace_page(self.retake_id, page, env.user)
        return service.add_page(self.material_id, page, env.user)


@dataclass(frozen=True)
class ReplaceFromFile(_PagesChange):
    attachment_id: int
    path: Path
    case_uuid: str = ""

    def perform(self, env: Env) -> PageInfo:
        from desktop.devices.capture.images import image_pages
        from desktop.services.attachments.importing import read_file

        service = env.services.attachments
        page = next(image_pages(read_file(self.path), service.limits, source="file", origin=self.path.name))
        return service.replace_page(self.attachment_id, page, env.user)


@dataclass(frozen=True)
class RotatePage(_PagesChange):
    attachment_id: int
    degrees: int = 90
    case_uuid: str = ""

    def perform(self, env: Env) -> PageInfo:
        return env.services.attachments.rotate_page(self.attachment_id, self.degrees, env.user)


@dataclass(frozen=True)
class DeletePage(_PagesChange):
    attachment_id: int
    case_uuid: str = ""

    def perform(self, env: Env) -> None:
        env.services.attachments.delete_page(self.attachment_id, env.user)


@dataclass(frozen=True)
class ReorderPages(_PagesChange):
    material_id: int
    attachment_ids: tuple[int, ...]
    case_uuid: str = ""

    def perform(self, env: Env) -> None:
        env.services.attachments.reorder(self.material_id, list(self.attachment_ids), env.user)


@dataclass(frozen=True)
class ExportMaterialPdf(Operation[Path]):
    material_id: int
    path: Path

    def perform(self, env: Env) -> Path:
        self.path.write_bytes(env.services.attachments.export_pdf(self.material_id))
        return self.path
