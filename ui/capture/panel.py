"""The capture panel for one material: thumbnails, sources, page operations, progress, messages.

Embedding (intake screen)::

    panel = CapturePanel(ctx, user, tasks)       # tasks: optional, defaults to a thread pool
    panel.set_material(material_id)              # or None to clear
    panel.pages_changed.connect(on_pages)        # (material_id, page_count) after every change
    panel.import_paths([Path(...)])              # e.g. files dropped on a checklist row

Long work (decode, normalise, store, rotate, scan) runs through ``tasks`` off the UI thread;
the panel shows progress and a cancel button, and one Chinese message line for the outcome.
"""
from __future__ import annotations

import logging
from pathlib import Path

from desktop.devices.capture.base import Availability, CaptureProblem
from desktop.devices.capture.images import camera_page
from desktop.devices.capture.scan_folder import ScanFolderInbox
from desktop.devices.capture.scanners import make_scanner
from desktop.services.attachments import (
    AttachmentError,
    AttachmentService,
    attach_pages,
    import_files,
    storage_status,
)
from ui.capture.camera import CameraBackend, make_camera_backend
from ui.capture.camera_dialog import CameraDialog
from ui.capture.inbox import ScanInboxWidget
from ui.capture.page_strip import PageStrip, placeholder
from ui.capture.worker import Tasks, default_tasks
from ui.qt import (
    QFileDialog,
    QHBoxLayout,
    QIcon,
    QKeySequence,
    QLabel,
    QPixmap,
    QProgressBar,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("onewindow.ui.capture")

FILE_FILTER = "图片或 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;所有文件 (*)"


class CapturePanel(QWidget):
    pages_changed = Signal(int, int)  # material_id, page count

    def __init__(self, ctx, user, tasks: Tasks | None = None, *, service: AttachmentService | None = None,
                 camera: CameraBackend | None = None, scanner=None, inbox: ScanFolderInbox | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capture_panel")
        self.ctx, self.user = ctx, user
        self.tasks = tasks or default_tasks()
        self.service = service or AttachmentService(ctx)
        self.camera = camera or make_camera_backend(ctx.config.devices, self)
        self.scanner = scanner or make_scanner(ctx.config.devices, self.service.limits)
        self.inbox = inbox or ScanFolderInbox(ctx.config.devices.scan_folder)
        self.material_id: int | None = None
        self._icons: dict[str, QIcon] = {}
        self._cancel = None
        self._busy = False
        self._editable = True
        self._build()
        self.set_material(None)

    # --- layout ------------------------------------------------------------------------------

    def _button(self, text: str, name: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setToolTip(tip)
        return button

    def _source_button(self, text: str, name: str, slot, available: Availability) -> QPushButton:
        button = self._button(text if available.available else f"{text}（不可用）", name, slot,
                              available.reason or text)
        button.setProperty("available", available.available)
        return button

    def _build(self) -> None:
        self.title = QLabel("")
        self.title.setObjectName("capture_title")
        self.count_label = QLabel("")
        self.count_label.setObjectName("capture_count")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.count_label)

        self.import_button = self._button("导入文件…", "capture_import", self.choose_files,
                                          "选择图片或 PDF，也可以把文件拖到页面栏")
        self.inbox_button = self._source_button("扫描文件夹", "capture_inbox", self.toggle_inbox,
                                                self.inbox.availability())
        self.inbox_button.setCheckable(True)
        self.camera_button = self._source_button("高拍仪", "capture_camera", self.open_camera,
                                                 self.camera.availability())
        self.scanner_button = self._source_button("扫描仪", "capture_scanner", self.scan,
                                                  self.scanner.availability())
        sources = QHBoxLayout()
        for b in (self.import_button, self.inbox_button, self.camera_button, self.scanner_button):
            sources.addWidget(b)
        sources.addStretch(1)

        self.strip = PageStrip(self)
        self.strip.order_changed.connect(self._reordered)
        self.strip.files_dropped.connect(self.import_paths)

        self.left_button = self._button("◀ 前移", "page_left", lambda: self._move(-1))
        self.right_button = self._button("后移 ▶", "page_right", lambda: self._move(+1))
        self.rotate_button = self._button("旋转 90°", "page_rotate", self.rotate_current)
        self.delete_button = self._button("删除", "page_delete", self.delete_current)
        self.retake_button = self._button("重拍", "page_retake", self.retake_current,
                                          "用高拍仪（或选择文件）替换当前页")
        self.export_button = self._button("导出 PDF…", "capture_export", self.export_pdf)
        ops = QHBoxLayout()
        for b in (self.left_button, self.right_button, self.rotate_button, self.delete_button,
                  self.retake_button):
            ops.addWidget(b)
        ops.addStretch(1)
        ops.addWidget(self.export_button)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.strip, activated=self.delete_current)

        self.progress = QProgressBar()
        self.progress.setObjectName("capture_progress")
        self.cancel_button = self._button("取消", "capture_cancel", self.cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.message = QLabel("")
        self.message.setObjectName("capture_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.inbox_widget = ScanInboxWidget(self.inbox, self)
        self.inbox_widget.assign_requested.connect(self._assign_from_inbox)
        self.inbox_widget.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(sources)
        layout.addWidget(self.strip, 1)
        layout.addLayout(ops)
        layout.addLayout(progress_row)
        layout.addWidget(self.message)
        layout.addWidget(self.inbox_widget)
        self._show_progress(False)

    # --- material ------------------------------------------------------------------------------

    def set_material(self, material_id: int | None) -> None:
        """Show (and capture into) ``material_id``; None clears the panel."""
        self.material_id = material_id
        self.message.setText("")
        if material_id is None:
            self.title.setText("请在左侧选择一项材料")
            self.strip.clear()
            self.count_label.setText("")
            self._update_enabled(editable=False)
            return
        try:
            info = self.service.material_info(material_id)
        except AttachmentError as exc:
            self.material_id = None
            self.title.setText(str(exc))
            self._update_enabled(editable=False)
            return
        self.title.setText(info.name + ("（须提供电子件）" if info.electronic_required else ""))
        self._editable = info.editable
        if not info.editable:
            self.message.setText("办件已受理，页面只能查看。")
        status = storage_status(self.ctx)
        if status.warning:
            self.message.setText(status.warning)
        self.refresh()

    def refresh(self) -> None:
        if self.material_id is None:
            return
        pages = self.service.list_pages(self.material_id)
        self.strip.set_pages(pages, self._icons)
        self.count_label.setText(f"共 {len(pages)} 页")
        self._update_enabled(editable=self._editable)
        missing = [p for p in pages if p.sha256 not in self._icons]
        if missing:
            self.tasks.run(lambda _p, _c: self._thumbnails(missing), self._thumbs_ready,
                           lambda exc: log.error("thumbnails failed", exc_info=exc))

    def _thumbnails(self, pages) -> dict[str, bytes | str]:
        out: dict[str, bytes | str] = {}
        for page in pages:
            try:
                out[page.sha256] = self.service.thumbnail(page.id)
            except (AttachmentError, OSError) as exc:
                out[page.sha256] = str(exc)
        return out

    def _thumbs_ready(self, thumbs: dict[str, bytes | str]) -> None:
        problems = []
        for sha, data in thumbs.items():
            if isinstance(data, bytes):
                pix = QPixmap()
                pix.loadFromData(data)
                self._icons[sha] = QIcon(pix)
                self.strip.set_icon(sha, self._icons[sha])
            else:
                self.strip.set_icon(sha, placeholder("文件损坏\n请重拍", "#c00"))
                problems.append(data)
        if problems:
            self.message.setText(problems[0])

    def _changed(self, select_id: int | None = None) -> None:
        self.refresh()
        if select_id is not None:
            self.strip.select_id(select_id)
        if self.material_id is not None:
            self.pages_changed.emit(self.material_id, self.strip.count())

    # --- sources -------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择材料文件", "", FILE_FILTER)
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path], *, after=None) -> None:
        """Import files into the current material in the background (drops, dialogs, inbox)."""
        mid = self.material_id
        if mid is None or not paths:
            return
        self._start(f"正在导入 {len(paths)} 个文件…",
                    lambda progress, cancel: import_files(self.service, mid, paths, self.user, progress=progress,
                                                          cancel=cancel),
                    lambda report: self._report_done(report, after))

    def toggle_inbox(self) -> None:
        if not self.inbox_button.property("available"):
            self.inbox_button.setChecked(False)
            self.message.setText(self.inbox.availability().reason)
            return
        self.inbox_widget.setVisible(self.inbox_button.isChecked())
        self.inbox_widget.refresh()

    def _assign_from_inbox(self, paths: list[Path]) -> None:
        def after(report) -> None:
            failed = {name for name, _ in report.problems}
            done = [p for p in paths if p.name not in failed] if not report.cancelled else []
            self.inbox_widget.mark_imported(done)

        self.import_paths(paths, after=after)

    def scan(self) -> None:
        available = self.scanner.availability()
        if not available.available:
            self.message.setText(available.reason)
            return
        mid = self.material_id
        if mid is None:
            return
        self._start("正在扫描…", lambda progress, cancel: attach_pages(
            self.service, mid, self.scanner.scan(progress, cancel), self.user, cancel=cancel), self._report_done)

    def open_camera(self, *, retake_id: int | None = None) -> CameraDialog | None:
        available = self.camera.availability()
        if not available.available:
            self.message.setText(available.reason)
            return None
        dialog = CameraDialog(self.camera, self, retake=retake_id is not None)
        dialog.shot_taken.connect(lambda data: self._store_shot(data, retake_id))
        dialog.setModal(True)
        dialog.show()
        self.camera_dialog = dialog
        return dialog

    def _store_shot(self, data: bytes, retake_id: int | None) -> None:
        mid = self.material_id
        if mid is None:
            return

        def work(_progress, _cancel):
            page = camera_page(data, self.service.limits, origin=self.camera.__class__.__name__)
            if retake_id is not None:
                return self.service.replace_page(retake_id, page, self.user)
            return self.service.add_page(mid, page, self.user)

        self._start("正在保存拍摄的页面…", work, lambda info: self._finish(f"已保存第 {info.page_no} 页", info.id))

    # --- page operations -----------------------------------------------------------------------

    def _move(self, step: int) -> None:
        ids = self.strip.ids()
        current = self.strip.current_id()
        if current is None:
            return
        index = ids.index(current)
        target = max(0, min(len(ids) - 1, index + step))
        if target != index:
            ids.insert(target, ids.pop(index))
            self._reordered(ids, select_id=current)

    def _reordered(self, ids: list[int], select_id: int | None = None) -> None:
        try:
            self.service.reorder(self.material_id, ids, self.user)
        except AttachmentError as exc:
            self.message.setText(str(exc))
        self._changed(select_id if select_id is not None else self.strip.current_id())

    def rotate_current(self) -> None:
        current = self.strip.current_id()
        if current is None:
            self.message.setText("请先选中要旋转的页面。")
            return
        self._start("正在旋转…", lambda _p, _c: self.service.rotate_page(current, 90, self.user),
                    lambda info: self._finish(f"第 {info.page_no} 页已旋转", info.id))

    def delete_current(self) -> None:
        current = self.strip.current_id()
        if current is None:
            return
        try:
            self.service.delete_page(current, self.user)
        except AttachmentError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("已删除该页。")
        self._changed()

    def retake_current(self) -> None:
        current = self.strip.current_id()
        if current is None:
            self.message.setText("请先选中要重拍的页面。")
            return
        if self.camera.availability().available:
            self.open_camera(retake_id=current)
            return
        path, _ = QFileDialog.getOpenFileName(self, "选择替换的文件", "", FILE_FILTER)
        if path:
            self.retake_from_file(current, Path(path))

    def retake_from_file(self, attachment_id: int, path: Path) -> None:
        from desktop.devices.capture.images import image_pages
        from desktop.services.attachments.importing import read_file

        def work(_p, _c):
            page = next(image_pages(read_file(path), self.service.limits, source="file", origin=path.name))
            return self.service.replace_page(attachment_id, page, self.user)

        self._start("正在替换页面…", work, lambda info: self._finish(f"第 {info.page_no} 页已替换", info.id))

    def export_pdf(self) -> None:
        if self.material_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "导出为 PDF", f"{self.title.text()}.pdf", "PDF (*.pdf)")
        if path:
            self.export_pdf_to(Path(path))

    def export_pdf_to(self, path: Path) -> None:
        mid = self.material_id
        self._start("正在导出 PDF…", lambda _p, _c: path.write_bytes(self.service.export_pdf(mid)),
                    lambda _n: self._finish(f"已导出到 {path}"))

    # --- background plumbing -------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _start(self, what: str, work, on_done) -> None:
        if self._busy:
            self.message.setText("上一项操作尚未完成，请稍候。")
            return
        self._busy = True
        self._update_enabled(editable=self._editable)
        self._show_progress(True)
        self.progress.setRange(0, 0)
        self.message.setText(what)
        self._cancel = self.tasks.run(work, lambda r: self._done(on_done, r), self._failed, self._progressed)

    def _progressed(self, done: int, total: int, what: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if what:
            self.progress.setFormat(f"{what}  %p%")

    def _done(self, on_done, result) -> None:
        self._idle()
        on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        if isinstance(exc, CaptureProblem | AttachmentError):
            self.message.setText(str(exc))
        else:
            log.error("capture operation failed", exc_info=exc)
            self.message.setText(f"操作失败：{type(exc).__name__}。已保存的页面不受影响，详情见日志。")
        self._changed()

    def _idle(self) -> None:
        self._busy = False
        self._cancel = None
        self._show_progress(False)
        self._update_enabled(editable=self._editable)

    def _report_done(self, report, after=None) -> None:
        lines = [report.summary] + [f"· {name}：{message}" for name, message in report.problems[:5]]
        if len(report.problems) > 5:
            lines.append(f"· 另有 {len(report.problems) - 5} 个文件未导入")
        self.message.setText("\n".join(lines))
        if after:
            after(report)
        self._changed(report.added[-1].id if report.added else None)

    def _finish(self, text: str, select_id: int | None = None) -> None:
        self.message.setText(text)
        self._changed(select_id)

    def cancel(self) -> None:
        if self._cancel:
            self._cancel()
            self.message.setText("正在取消…（已保存的页面会保留）")

    def _show_progress(self, visible: bool) -> None:
        self.progress.setVisible(visible)
        self.cancel_button.setVisible(visible)

    def _update_enabled(self, *, editable: bool) -> None:
        can_add = editable and self.material_id is not None and not self._busy
        has_pages = self.strip.count() > 0 and not self._busy
        for b in (self.import_button, self.inbox_button, self.camera_button, self.scanner_button):
            b.setEnabled(can_add)
        for b in (self.left_button, self.right_button, self.rotate_button, self.delete_button, self.retake_button):
            b.setEnabled(can_add and has_pages)
        self.export_button.setEnabled(has_pages)
        self.strip.setAcceptDrops(can_add)
        self.strip.setDragEnabled(can_add)
