"""The capture panel for one material: thumbnails, sources, page operations, progress, messages.

Embedding (intake screen)::

    panel = CapturePanel(workspace)                   # the session's operations and devices
    panel.set_material(material_id, case_uuid)        # or None to clear
    panel.pages_changed.connect(on_pages)             # (material_id, page_count) after every change
    panel.import_paths([Path(...)])                   # e.g. files dropped on a checklist row

Every read and every change of pages is an operation (``ui/operations/capture.py``): long work
(decode, normalise, store, rotate, scan) runs on the write lane with progress and a cancel
button, and one Chinese message line tells the outcome.
"""
from __future__ import annotations

import logging
from pathlib import Path

from desktop.devices.capture.base import Availability
from ui.capture.camera_dialog import CameraDialog
from ui.capture.inbox import ScanInboxWidget
from ui.capture.page_strip import PageStrip, placeholder
from ui.composition import Workspace
from ui.focus import return_focus_after
from ui.messages import explain, is_user_error
from ui.operations.base import Operation
from ui.operations.capture import (
    DeletePage,
    ExportMaterialPdf,
    ImportFiles,
    MaterialPages,
    ReorderPages,
    ReplaceFromFile,
    RotatePage,
    ScanPages,
    ShowMaterial,
    StoreShot,
    Thumbnails,
)
from ui.operations.runner import Running
from ui.qt import (
    QApplication,
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

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capture_panel")
        self.ops = ws.ops
        self.camera = ws.devices.camera
        self.scanner = ws.ports.scanner
        self.inbox = ws.devices.inbox
        self.material_id: int | None = None
        self.case_uuid = ""
        self._icons: dict[str, QIcon] = {}
        self._running: Running | None = None
        self._busy = False
        self._editable = True
        self._select_after: int | None = None
        self._announce_pages = False
        self.choose_paths = self._ask_paths  # tests and the end-to-end suite answer the file dialog
        self._build()
        self.set_material(None)

    # --- layout ------------------------------------------------------------------------------

    def _button(self, text: str, name: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setToolTip(tip)
        return button

    def _source_button(self, text: str, name: str, slot, available: Availability | None) -> QPushButton:
        button = self._button(text, name, slot, text)
        if available is not None:
            self._show_availability(button, text, available)
        return button

    def _show_availability(self, button: QPushButton, text: str, available: Availability) -> None:
        button.setText(text if available.available else self.tr("{0} (unavailable)").format(text))
        button.setToolTip(available.reason or text)
        button.setProperty("available", available.available)

    def _check_camera(self) -> None:
        """Ask the camera whether it is there the first time a material is shown, not when the window
        is built: asking loads Qt Multimedia and FFmpeg (about 17 MB resident), which a session that
        never captures a page does not need. Until then the button is disabled (no material)."""
        if self._camera_unchecked:
            self._camera_unchecked = False
            self._show_availability(self.camera_button, self.tr("Document camera"), self.camera.availability())

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
        self.camera_button = self._source_button(self.tr("Document camera"), "capture_camera", self.open_camera, None)
        self._camera_unchecked = True  # see _check_camera
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
        # The page operations are keys on the strip, not Tab stops: Shift+Tab out of the panel must
        # land on the checklist, never on a button that moves, turns or deletes a page. The keys
        # work only while the strip has the focus (Delete elsewhere resets a checklist row; Ctrl+R
        # elsewhere is 不予受理).
        for key, slot in ((QKeySequence(Qt.Key.Key_Delete), self.delete_current),
                          (QKeySequence("Ctrl+Left"), lambda: self._move(-1)),
                          (QKeySequence("Ctrl+Right"), lambda: self._move(+1)),
                          (QKeySequence("Ctrl+Shift+R"), self.rotate_current)):
            shortcut = QShortcut(key, self.strip, activated=slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        for button in (self.left_button, self.right_button, self.rotate_button, self.delete_button,
                       self.retake_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

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

    def set_material(self, material_id: int | None, case_uuid: str = "") -> None:
        """Show (and capture into) ``material_id`` of case ``case_uuid``; None clears the panel."""
        if material_id is not None and material_id == self.material_id:
            self.refresh()  # re-selected: keep the last message (e.g. an import's report)
            return
        self.material_id = material_id
        self.case_uuid = case_uuid if material_id is not None else ""
        if material_id is not None:
            self._check_camera()
        self.message.setText("")
        self.strip.clear()
        self.count_label.setText("")
        self._update_enabled(editable=False)
        if material_id is None:
            self.title.setText(self.tr("Select a material in the checklist"))
            return
        self.ops.run(ShowMaterial(material_id), owner=self, on_done=self._shown, on_error=self._not_shown)

    def refresh(self) -> None:
        if self.material_id is not None:
            self.ops.run(ShowMaterial(self.material_id, with_storage=False), owner=self, on_done=self._shown,
                         on_error=self._not_shown)

    def _not_shown(self, error: BaseException) -> None:
        self.message.setText(explain(error))

    def _shown(self, shown: MaterialPages) -> None:
        info = shown.info
        if info.id != self.material_id:
            return  # the clerk moved to another material meanwhile
        self.title.setText(self.tr("{0} (electronic copy required)").format(info.name) if info.electronic_required
                           else info.name)
        self._editable = info.editable
        if not info.editable:
            self.message.setText(self.tr("The application has been accepted; its pages are read-only."))
        if shown.storage_warning:
            self.message.setText(shown.storage_warning)
        selected = self._select_after
        self._select_after = None
        self.strip.set_pages(shown.pages, self._icons)
        if selected is not None:
            self.strip.select_id(selected)
        self.count_label.setText(self.tr("Pages: {0}").format(len(shown.pages)))
        self._update_enabled(editable=self._editable)
        missing = tuple((p.id, p.sha256) for p in shown.pages if p.sha256 not in self._icons)
        if missing:
            self.ops.run(Thumbnails(missing), owner=self, on_done=self._thumbs_ready,
                         on_error=lambda exc: self.message.setText(explain(exc)))
        if self._announce_pages:
            self._announce_pages = False
            self.pages_changed.emit(info.id, len(shown.pages))

    def _thumbs_ready(self, thumbs: dict[str, bytes | str]) -> None:
        problems = []
        for sha, data in thumbs.items():
            image = QImage.fromData(data) if isinstance(data, bytes) else None
            if image is not None and not image.isNull():
                self._icons[sha] = QIcon(QPixmap.fromImage(image))
                self.strip.set_icon(sha, self._icons[sha])
            else:
                self.strip.set_icon(sha, placeholder(self.tr("File damaged,\nplease retake"), "#c00"))
                problems.append(data if isinstance(data, str)
                                else self.tr("File damaged,\nplease retake").replace("\n", " "))
        if problems:
            self.message.setText(problems[0])

    def _changed(self, select_id: int | None = None) -> None:
        """Pages changed: read them again, select ``select_id``, then tell the screen (pages_changed)."""
        self._select_after = select_id
        self._announce_pages = True
        self.refresh()

    # --- sources -------------------------------------------------------------------------------

    def tab_chain(self) -> list[QWidget]:
        """The panel's Tab stops in screen order: the pages, then the sources, then export."""
        return [self.strip, self.import_button, self.inbox_button, self.camera_button, self.scanner_button,
                self.inbox_widget.files, self.inbox_widget.assign_button, self.export_button]

    def _ask_paths(self) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose material files"), "", self._file_filter())
        return [Path(p) for p in paths]

    def choose_files(self) -> None:
        back = QApplication.focusWidget()
        paths = self.choose_paths()
        if back is not None:
            back.setFocus()  # the file dialog is gone: the keyboard goes back where the clerk was
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[Path], *, after=None) -> None:
        """Import files into the current material in the background (drops, dialogs, inbox)."""
        mid = self.material_id
        if mid is None or not paths:
            return
        self._start(self.tr("Importing {0} file(s)…").format(len(paths)),
                    ImportFiles(mid, tuple(Path(p) for p in paths), self.case_uuid),
                    lambda report: self._report_done(report, after))

    def toggle_inbox(self) -> None:
        if not self.inbox_button.property("available"):
            self.inbox_button.setChecked(False)
            self.message.setText(self.inbox.availability().reason)
            return
        self.inbox_widget.setVisible(self.inbox_button.isChecked())
        self.inbox_widget.refresh()

    def show_scan_folder(self) -> None:
        """F9: the scan folder's waiting files, with the keyboard on them (Enter assigns, the keyboard returns)."""
        self._back_from_inbox = QApplication.focusWidget()
        self.inbox_button.setChecked(True)
        self.toggle_inbox()
        if self.inbox_widget.isVisible():
            self.inbox_widget.files.setFocus()

    def _assign_from_inbox(self, paths: list[Path]) -> None:
        back = getattr(self, "_back_from_inbox", None)
        if back is not None and back.isVisible():
            back.setFocus()
            self._back_from_inbox = None

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
        self._start(self.tr("Scanning…"), ScanPages(mid, self.case_uuid), self._report_done)

    def open_camera(self, *, retake_id: int | None = None) -> CameraDialog | None:
        available = self.camera.availability()
        if not available.available:
            self.message.setText(available.reason)
            return None
        dialog = CameraDialog(self.camera, self, retake=retake_id is not None)
        dialog.shot_taken.connect(lambda data: self._store_shot(data, retake_id))
        dialog.setModal(True)
        return_focus_after(dialog)  # Ctrl+Enter works at once after the camera, no Tab needed
        dialog.show()
        dialog.activateWindow()
        self.camera_dialog = dialog
        return dialog

    def _store_shot(self, data: bytes, retake_id: int | None) -> None:
        mid = self.material_id
        if mid is None:
            return
        self._start(self.tr("Saving the captured page…"),
                    StoreShot(mid, bytes(data), type(self.camera).__name__, retake_id, self.case_uuid),
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
        if self.material_id is None:
            return
        keep = select_id if select_id is not None else self.strip.current_id()
        self._start(self.tr("Moving the page…"), ReorderPages(self.material_id, tuple(ids), self.case_uuid),
                    lambda _r: self._finish("", keep))

    def rotate_current(self) -> None:
        current = self.strip.current_id()
        if current is None:
            self.message.setText(self.tr("Select the page to rotate first."))
            return
        self._start(self.tr("Rotating…"), RotatePage(current, 90, self.case_uuid),
                    lambda info: self._finish(self.tr("Page {0} rotated").format(info.page_no), info.id))

    def delete_current(self) -> None:
        current = self.strip.current_id()
        if current is None:
            return
        self._start(self.tr("Deleting the page…"), DeletePage(current, self.case_uuid),
                    lambda _r: self._finish(self.tr("Page deleted.")))

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
        self._start(self.tr("Replacing the page…"), ReplaceFromFile(attachment_id, Path(path), self.case_uuid),
                    lambda info: self._finish(self.tr("Page {0} replaced").format(info.page_no), info.id))

    def export_pdf(self) -> None:
        if self.material_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as PDF"), f"{self.title.text()}.pdf", "PDF (*.pdf)")
        if path:
            self.export_pdf_to(Path(path))

    def export_pdf_to(self, path: Path) -> None:
        if self.material_id is None:
            return
        self._start(self.tr("Exporting PDF…"), ExportMaterialPdf(self.material_id, Path(path)),
                    lambda _n: self._finish(self.tr("Exported to {0}").format(path)), changes_pages=False)

    # --- background plumbing -------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _start(self, what: str, operation: Operation, on_done, *, changes_pages: bool = True) -> None:
        """Run one page operation at a time, with progress and a cancel button."""
        if self._busy:
            self.message.setText(self.tr("The previous operation is still running; please wait."))
            return
        self._busy = True
        self._update_enabled(editable=self._editable)
        self._show_progress(True)
        self.progress.setRange(0, 0)
        self.message.setText(what)
        op_material = self.material_id
        self._running = self.ops.run(operation, owner=self, on_done=lambda r: self._done(on_done, r, op_material),
                                     on_error=lambda e: self._failed(e, op_material, changes_pages),
                                     on_progress=self._progressed)

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
        """Work finished for a material the clerk already left: report its new page count all the same."""
        if material_id is not None:
            self.ops.run(ShowMaterial(material_id, with_storage=False), owner=self,
                         on_done=lambda shown: self.pages_changed.emit(material_id, len(shown.pages)))

    def _failed(self, exc: BaseException, op_material: int | None = None, changes_pages: bool = True) -> None:
        self._idle()
        if op_material is not None and op_material != self.material_id:
            self._other_material_changed(op_material)
        text = explain(exc)  # a refusal is shown as written; a bug is logged with its stack
        if not is_user_error(exc):
            text = self.tr("The operation failed ({0}). Pages already saved are kept; the log has details.").format(
                type(exc).__name__)
        self.message.setText(text)
        if changes_pages:
            self._changed()

    def _idle(self) -> None:
        self._busy = False
        self._running = None
        self._show_progress(False)
        self._update_enabled(editable=self._editable)

    def _report_done(self, report, after=None) -> None:
        lines = [report.summary] + [f"· {name}: {message}" for name, message in report.problems[:5]]
        if len(report.problems) > 5:
            lines.append(self.tr("· {0} more file(s) not imported").format(len(report.problems) - 5))
        self.message.setText("\n".join(lines))
        if after:
            after(report)
        self._changed(report.added[-1].id if report.added else None)

    def _finish(self, text: str, select_id: int | None = None) -> None:
        if text:
            self.message.setText(text)
        self._changed(select_id)

    def cancel(self) -> None:
        if self._running is not None:
            self._running.cancel()
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
