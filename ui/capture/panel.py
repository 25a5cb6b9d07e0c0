"""The capture panel for one material: thumbnails, sources, page operations, progress, messages.

Embedding (intake screen)::

    panel = CapturePanel(ctx, user, tasks)       # tasks: optional ui.tasks.TaskRunner
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
from ui.capture.worker import CaptureTasks, as_capture_tasks
from ui.qt import (
    QFileDialog,
    QHBoxLayout,
    QIcon,
    QImage,
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

FILE_PATTERNS = "*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf"


class CapturePanel(QWidget):
    pages_changed = Signal(int, int)  # material_id, page count

    def __init__(self, ctx, user, tasks=None, *, service: AttachmentService | None = None,
                 camera: CameraBackend | None = None, scanner=None, inbox: ScanFolderInbox | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capture_panel")
        self.ctx, self.user = ctx, user
        self.tasks: CaptureTasks = as_capture_tasks(tasks, self)
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
        button = self._button(text if available.available else self.tr("{0} (unavailable)").format(text), name, slot,
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

        self.import_button = self._button(self.tr("Import files…"), "capture_import", self.choose_files,
                                          self.tr("Choose images or PDF files, or drag files onto the pages"))
        self.inbox_button = self._source_button(self.tr("Scan folder"), "capture_inbox", self.toggle_inbox,
                                                self.inbox.availability())
        self.inbox_button.setCheckable(True)
        self.camera_button = self._source_button(self.tr("Document camera"), "capture_camera", self.open_camera,
                                                 self.camera.availability())
        self.scanner_button = self._source_button(self.tr("Scanner"), "capture_scanner", self.scan,
                                                  self.scanner.availability())
        sources = QHBoxLayout()
        for b in (self.import_button, self.inbox_button, self.camera_button, self.scanner_button):
            sources.addWidget(b)
        sources.addStretch(1)

        self.strip = PageStrip(self)
        self.strip.order_changed.connect(self._reordered)
        self.strip.files_dropped.connect(self.import_paths)

        self.left_button = self._button(self.tr("◀ Earlier"), "page_left", lambda: self._move(-1))
        self.right_button = self._button(self.tr("Later ▶"), "page_right", lambda: self._move(+1))
        self.rotate_button = self._button(self.tr("Rotate 90°"), "page_rotate", self.rotate_current)
        self.delete_button = self._button(self.tr("Delete"), "page_delete", self.delete_current)
        self.retake_button = self._button(self.tr("Retake"), "page_retake", self.retake_current,
                                          self.tr("Replace the selected page with a camera shot or a file"))
        self.export_button = self._button(self.tr("Export PDF…"), "capture_export", self.export_pdf)
        ops = QHBoxLayout()
        for b in (self.left_button, self.right_button, self.rotate_button, self.delete_button,
                  self.retake_button):
            ops.addWidget(b)
        ops.addStretch(1)
        ops.addWidget(self.export_button)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.strip, activated=self.delete_current)

        self.progress = QProgressBar()
        self.progress.setObjectName("capture_progress")
        self.cancel_button = self._button(self.tr("Cancel"), "capture_cancel", self.cancel)
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

    def _file_filter(self) -> str:
        return self.tr("Images or PDF ({0});;All files (*)").format(FILE_PATTERNS)

    # --- material ------------------------------------------------------------------------------

    def set_material(self, material_id: int | None) -> None:
        """Show (and capture into) ``material_id``; None clears the panel."""
        if material_id is not None and material_id == self.material_id:
            self.refresh()  # re-selected: keep the last message (e.g. an import's report)
            return
        self.material_id = material_id
        self.message.setText("")
        if material_id is None:
            self.title.setText(self.tr("Select a material in the checklist"))
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
        self.title.setText(self.tr("{0} (electronic copy required)").format(info.name) if info.electronic_required
                           else info.name)
        self._editable = info.editable
        if not info.editable:
            self.message.setText(self.tr("The application has been accepted; its pages are read-only."))
        status = storage_status(self.ctx)
        if status.warning:
            self.message.setText(status.warning)
        self.refresh()

    def refresh(self) -> None:
        if self.material_id is None:
            return
        pages = self.service.list_pages(self.material_id)
        self.strip.set_pages(pages, self._icons)
        self.count_label.setText(self.tr("Pages: {0}").format(len(pages)))
        self._update_enabled(editable=self._editable)
        missing = [p for p in pages if p.sha256 not in self._icons]
        if missing:
            self.tasks.run(lambda _p, _c: self._thumbnails(missing), self._thumbs_ready,
                           lambda exc: log.error("thumbnails failed", exc_info=exc))

    def _thumbnails(self, pages) -> dict[str, QImage | str]:
        """Worker thread: decode the small previews into QImages (QPixmap is UI-thread only)."""
        out: dict[str, QImage | str] = {}
        for page in pages:
            try:
                out[page.sha256] = QImage.fromData(self.service.thumbnail(page.id))
            except (AttachmentError, OSError) as exc:
                out[page.sha256] = str(exc)
        return out

    def _thumbs_ready(self, thumbs: dict[str, QImage | str]) -> None:
        problems = []
        for sha, image in thumbs.items():
            if isinstance(image, QImage) and not image.isNull():
                self._icons[sha] = QIcon(QPixmap.fromImage(image))
                self.strip.set_icon(sha, self._icons[sha])
            else:
                self.strip.set_icon(sha, placeholder(self.tr("File damaged,\nplease retake"), "#c00"))
                problems.append(image if isinstance(image, str)
                                else self.tr("File damaged,\nplease retake").replace("\n", " "))
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
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose material files"), "", self._file_filter())
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path], *, after=None) -> None:
        """Import files into the current material in the background (drops, dialogs, inbox)."""
        mid = self.material_id
        if mid is None or not paths:
            return
        self._start(self.tr("Importing {0} file(s)…").format(len(paths)),
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
        self._start(self.tr("Scanning…"), lambda progress, cancel: attach_pages(
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

        self._start(self.tr("Saving the captured page…"), work,
                    lambda info: self._finish(self.tr("Saved page {0}").format(info.page_no), info.id))

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
            self.message.setText(self.tr("Select the page to rotate first."))
            return
        self._start(self.tr("Rotating…"), lambda _p, _c: self.service.rotate_page(current, 90, self.user),
                    lambda info: self._finish(self.tr("Page {0} rotated").format(info.page_no), info.id))

    def delete_current(self) -> None:
        current = self.strip.current_id()
        if current is None:
            return
        try:
            self.service.delete_page(current, self.user)
        except AttachmentError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Page deleted."))
        self._changed()

    def retake_current(self) -> None:
        current = self.strip.current_id()
        if current is None:
            self.message.setText(self.tr("Select the page to retake first."))
            return
        if self.camera.availability().available:
            self.open_camera(retake_id=current)
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the replacement file"), "",
                                              self._file_filter())
        if path:
            self.retake_from_file(current, Path(path))

    def retake_from_file(self, attachment_id: int, path: Path) -> None:
        from desktop.devices.capture.images import image_pages
        from desktop.services.attachments.importing import read_file

        def work(_p, _c):
            page = next(image_pages(read_file(path), self.service.limits, source="file", origin=path.name))
            return self.service.replace_page(attachment_id, page, self.user)

        self._start(self.tr("Replacing the page…"), work,
                    lambda info: self._finish(self.tr("Page {0} replaced").format(info.page_no), info.id))

    def export_pdf(self) -> None:
        if self.material_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as PDF"), f"{self.title.text()}.pdf", "PDF (*.pdf)")
        if path:
            self.export_pdf_to(Path(path))

    def export_pdf_to(self, path: Path) -> None:
        mid = self.material_id
        self._start(self.tr("Exporting PDF…"), lambda _p, _c: path.write_bytes(self.service.export_pdf(mid)),
                    lambda _n: self._finish(self.tr("Exported to {0}").format(path)))

    # --- background plumbing -------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _start(self, what: str, work, on_done) -> None:
        """Run a storing operation (one at a time) on the serialised write pool."""
        if self._busy:
            self.message.setText(self.tr("The previous operation is still running; please wait."))
            return
        self._busy = True
        self._update_enabled(editable=self._editable)
        self._show_progress(True)
        self.progress.setRange(0, 0)
        self.message.setText(what)
        op_material = self.material_id
        self._cancel = self.tasks.run(work, lambda r: self._done(on_done, r, op_material),
                                      lambda e: self._failed(e, op_material), self._progressed, writes_db=True)

    def _progressed(self, done: int, total: int, what: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if what:
            self.progress.setFormat(f"{what}  %p%")

    def _done(self, on_done, result, op_material: int | None) -> None:
        self._idle()
        if op_material != self.material_id:  # the clerk moved on to another material meanwhile
            self._other_material_changed(op_material)
            return
        on_done(result)

    def _other_material_changed(self, material_id: int | None) -> None:
        if material_id is not None:
            self.pages_changed.emit(material_id, self.service.pages_count(material_id))

    def _failed(self, exc: BaseException, op_material: int | None = None) -> None:
        self._idle()
        if op_material is not None and op_material != self.material_id:
            self._other_material_changed(op_material)
        if isinstance(exc, CaptureProblem | AttachmentError):
            self.message.setText(str(exc))
        else:
            log.error("capture operation failed", exc_info=exc)
            self.message.setText(self.tr("The operation failed ({0}). Pages already saved are kept; the log has details.")
                                 .format(type(exc).__name__))
        self._changed()

    def _idle(self) -> None:
        self._busy = False
        self._cancel = None
        self._show_progress(False)
        self._update_enabled(editable=self._editable)

    def _report_done(self, report, after=None) -> None:
        lines = [report.summary] + [f"· {name}：{message}" for name, message in report.problems[:5]]
        if len(report.problems) > 5:
            lines.append(self.tr("· {0} more file(s) not imported").format(len(report.problems) - 5))
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
            self.message.setText(self.tr("Cancelling… (pages already saved are kept)"))

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
