"""Import files into a material page by page, so what was captured stays when a later file fails.

One file's problem (corrupt, empty, a renamed program, too many pages) becomes one line of
the report, in Chinese; the other files still import. Progress is reported per page, and a
cancel stops between pages — pages already stored remain attached.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.devices.capture.base import (
    CancelFn,
    CaptureCancelled,
    CapturedPage,
    CaptureProblem,
    ProgressFn,
    never_cancel,
    no_progress,
)
from desktop.devices.capture.images import image_pages
from desktop.services.attachments.errors import AttachmentError
from desktop.services.attachments.service import AttachmentService, PageInfo

log = logging.getLogger("onewindow.attachments")


@dataclass
class ImportReport:
    added: list[PageInfo] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file name, message)
    cancelled: bool = False

    @property
    def summary(self) -> str:
        parts = [f"已添加 {len(self.added)} 页"]
        if self.problems:
            parts.append(f"{len(self.problems)} 个文件未导入")
        if self.cancelled:
            parts.append("已取消（取消前的页面已保存）")
        return "，".join(parts)


def read_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CaptureProblem("文件不存在（可能已被移走或 U 盘已拔出）。") from None
    except PermissionError:
        raise CaptureProblem("没有权限读取该文件。") from None
    except IsADirectoryError:
        raise CaptureProblem("这是一个文件夹，请选择其中的文件。") from None
    except OSError as exc:
        raise CaptureProblem(f"读取文件失败：{exc.strerror or exc}") from None


def import_files(service: AttachmentService, material_id: int, paths: Iterable[Path], user=None, *,
                 source: str = "file", progress: ProgressFn = no_progress,
                 cancel: CancelFn = never_cancel) -> ImportReport:
    """Decode, normalise and attach every page of ``paths`` to ``material_id``, in order."""
    report = ImportReport()
    paths = [Path(p) for p in paths]
    for index, path in enumerate(paths):
        name = path.name

        def file_progress(done: int, total: int, _what: str, _i=index, _name=name) -> None:
            progress(_i, len(paths), f"{_name}：第 {min(done + 1, total)}/{total} 页" if total > 1 else _name)

        try:
            data = read_file(path)
            for page in image_pages(data, service.limits, source=source, origin=name,
                                    progress=file_progress, cancel=cancel):
                report.added.append(service.add_page(material_id, page, user))
        except CaptureCancelled:
            report.cancelled = True
            break
        except (CaptureProblem, AttachmentError) as exc:
            log.info("import of a %s file refused: %s", path.suffix or "(no suffix)", type(exc).__name__)
            report.problems.append((name, str(exc)))
            if isinstance(exc, AttachmentError) and not isinstance(exc, CaptureProblem):
                break  # storage itself is failing (disk full, frozen application): stop, keep what we have
    progress(len(paths), len(paths), "")
    return report


def attach_pages(service: AttachmentService, material_id: int, pages: Iterable[CapturedPage], user=None, *,
                 progress: ProgressFn = no_progress, cancel: CancelFn = never_cancel) -> ImportReport:
    """Attach pages a device produced (scanner batch, camera shot), one by one."""
    report = ImportReport()
    try:
        for n, page in enumerate(pages, start=1):
            if cancel():
                report.cancelled = True
                break
            report.added.append(service.add_page(material_id, page, user))
            progress(n, 0, page.origin)
    except CaptureCancelled:
        report.cancelled = True
    except (CaptureProblem, AttachmentError) as exc:
        report.problems.append((getattr(exc, "origin", "") or "设备", str(exc)))
    return report
