"""The scanner's "scan to folder" output as an inbox of pages waiting to be assigned.

Many hall scanners (and every networked MFP) can only save files into a folder. We watch that
folder (the UI polls, or uses a file-system watcher; this core stays Qt-free), list new files
once they have stopped growing, and move each file into ``已导入`` after the clerk assigned it
to a material — so the folder never fills with pages already attached, and nothing is deleted.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.devices.capture.base import Availability

SUPPORTED_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pdf")
IMPORTED_DIR = "已导入"
SETTLE_SECONDS = 1.0  # a file unchanged this long is no longer being written by the scanner


@dataclass(frozen=True)
class InboxFile:
    path: Path
    size: int
    modified: dt.datetime

    @property
    def name(self) -> str:
        return self.path.name


class ScanFolderInbox:
    """New, complete files in ``devices.scan_folder``, oldest first."""

    kind = "folder"
    label = "扫描文件夹"

    def __init__(self, folder: str | Path, *, clock=time.time, settle_seconds: float = SETTLE_SECONDS) -> None:
        self.folder = Path(folder) if folder else None
        self._clock = clock
        self._settle = settle_seconds
        self._seen: dict[Path, tuple[int, float]] = {}

    def availability(self) -> Availability:
        if self.folder is None:
            return Availability.missing("未设置扫描文件夹（设置项 devices.scan_folder）；请让信息技术人员配置扫描仪的“扫描到文件夹”。")
        if not self.folder.is_dir():
            return Availability.missing(f"扫描文件夹不存在或无法访问：{self.folder}")
        if not os.access(self.folder, os.R_OK | os.W_OK):
            return Availability.missing(f"没有读写扫描文件夹的权限：{self.folder}")
        return Availability.ok()

    def poll(self) -> list[InboxFile]:
        """Files ready to import: a supported kind, not hidden, and no longer growing."""
        if self.folder is None or not self.folder.is_dir():
            return []
        now = self._clock()
        ready, current = [], {}
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        for entry in entries:
            if not entry.is_file() or entry.name.startswith((".", "~")):
                continue
            if not entry.name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            path = Path(entry.path)
            current[path] = (st.st_size, st.st_mtime)
            stable = self._seen.get(path) == current[path] or now - st.st_mtime >= self._settle
            if stable:  # an empty file that stays empty is listed too: importing it explains the failure
                ready.append(InboxFile(path, st.st_size, dt.datetime.fromtimestamp(st.st_mtime)))
        self._seen = current
        return sorted(ready, key=lambda f: (f.modified, f.name))

    def mark_imported(self, path: Path) -> Path:
        """Move an assigned file out of the inbox into ``已导入`` (kept, never deleted)."""
        target_dir = Path(path).parent / IMPORTED_DIR
        target_dir.mkdir(exist_ok=True)
        target = target_dir / Path(path).name
        if target.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            target = target_dir / f"{Path(path).stem}-{stamp}{Path(path).suffix}"
        os.replace(path, target)
        self._seen.pop(Path(path), None)
        return target

    def dismiss(self, path: Path) -> None:
        """Take a file out of the inbox without attaching it (moved aside like an imported one)."""
        with contextlib.suppress(FileNotFoundError):
            self.mark_imported(path)
