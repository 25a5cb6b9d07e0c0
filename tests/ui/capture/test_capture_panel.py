"""The capture panel attaches pages from every source and shows them, with clear messages on faults."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent

from desktop.devices.capture.scan_folder import IMPORTED_DIR
from desktop.devices.capture.simulated import SimulatedScanner, page_jpeg
from tests.unit.capture.conftest import make_application

pytestmark = pytest.mark.gui


def _files(folder: Path, n: int, start: int = 1) -> list[Path]:
    paths = []
    for i in range(start, start + n):
        p = folder / f"page{i}.jpg"
        p.write_bytes(page_jpeg(i, size=(500, 707)))
        paths.append(p)
    return paths


def test_imported_files_appear_as_thumbnails_with_the_page_count(make_panel, qtbot, tmp_path, app_materials):
    panel = make_panel()
    with qtbot.waitSignal(panel.pages_changed) as signal:
        panel.import_paths(_files(tmp_path, 2))
    assert signal.args == [app_materials[2][0], 2]
    assert panel.strip.count() == 2 and panel.count_label.text() == "Pages: 2"
    assert not panel.strip.item(0).icon().isNull()
    assert panel.message.text().startswith("已添加 2 页")


def test_files_dropped_on_the_page_strip_are_imported(make_panel, tmp_path):
    panel = make_panel()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in _files(tmp_path, 2)])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.strip.dropEvent(event)
    assert panel.strip.count() == 2


def test_a_corrupt_file_gets_a_message_and_the_good_pages_stay(make_panel, tmp_path):
    panel = make_panel()
    good = _files(tmp_path, 1)
    bad = tmp_path / "坏文件.jpg"
    bad.write_bytes(page_jpeg(1, size=(500, 707))[:1500])
    exe = tmp_path / "scan.pdf"
    exe.write_bytes(b"MZ" + b"\x00" * 64)
    panel.import_paths(good + [bad, exe])
    assert panel.strip.count() == 1
    text = panel.message.text()
    assert "已添加 1 页，2 个文件未导入" in text and "坏文件.jpg" in text and "程序文件" in text


def test_scan_inbox_file_is_assigned_with_the_enter_key_and_moved_aside(make_panel, qtbot, scan_dir):
    _files(scan_dir, 2)
    panel = make_panel()
    panel.show()
    qtbot.mouseClick(panel.inbox_button, Qt.MouseButton.LeftButton)
    assert panel.inbox_widget.isVisible() and panel.inbox_widget.files.count() == 2
    panel.inbox_widget.files.setFocus()
    qtbot.keyClick(panel.inbox_widget.files, Qt.Key.Key_Return)
    assert panel.strip.count() == 1
    assert (scan_dir / IMPORTED_DIR / "page1.jpg").exists() and not (scan_dir / "page1.jpg").exists()
    assert panel.inbox_widget.files.count() == 1


def test_simulated_scanner_batch_lands_in_order(make_panel, qtbot):
    panel = make_panel(scanner=SimulatedScanner(pages=3))
    qtbot.mouseClick(panel.scanner_button, Qt.MouseButton.LeftButton)
    assert [panel.strip.item(i).text() for i in range(3)] == ["Page 1", "Page 2", "Page 3"]
    assert panel.service.list_pages(panel.material_id)[0].source == "scanner"


def test_camera_capture_adds_a_cropped_page_and_unplugging_leaves_other_sources_working(make_panel, qtbot, tmp_path):
    panel = make_panel()
    qtbot.mouseClick(panel.camera_button, Qt.MouseButton.LeftButton)
    dialog = panel.camera_dialog
    qtbot.waitUntil(lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull())
    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    assert panel.strip.count() == 1
    page = panel.service.list_pages(panel.material_id)[0]
    assert page.source == "camera" and page.height > page.width  # the page, not the landscape desk
    panel.camera.unplug()
    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    assert "disconnected" in dialog.message.text() and not dialog.capture_button.isEnabled()
    dialog.accept()
    panel.import_paths(_files(tmp_path, 1))
    assert panel.strip.count() == 2


def test_rotate_move_and_delete_from_the_buttons(make_panel, qtbot, tmp_path):
    panel = make_panel()
    panel.import_paths(_files(tmp_path, 3))
    first, second, third = panel.strip.ids()
    panel.strip.select_id(third)
    qtbot.mouseClick(panel.left_button, Qt.MouseButton.LeftButton)
    assert panel.strip.ids() == [first, third, second] and panel.strip.current_id() == third
    qtbot.mouseClick(panel.rotate_button, Qt.MouseButton.LeftButton)
    rotated = next(p for p in panel.service.list_pages(panel.material_id) if p.id == third)
    assert rotated.width > rotated.height
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.strip.ids() == [first, second] and panel.count_label.text() == "Pages: 2"


def test_unavailable_sources_say_why_when_clicked(ctx, qtbot, app_materials, make_workspace):
    from ui.capture.panel import CapturePanel

    panel = CapturePanel(make_workspace(app_materials[0]))  # real adapters: none present here
    qtbot.addWidget(panel)
    panel.set_material(app_materials[2][0])
    assert "(unavailable)" in panel.scanner_button.text() and "(unavailable)" in panel.inbox_button.text()
    qtbot.mouseClick(panel.scanner_button, Qt.MouseButton.LeftButton)
    assert "扫描到文件夹" in panel.message.text()
    qtbot.mouseClick(panel.camera_button, Qt.MouseButton.LeftButton)
    assert "camera" in panel.message.text()
    qtbot.mouseClick(panel.inbox_button, Qt.MouseButton.LeftButton)
    assert "未设置扫描文件夹" in panel.message.text()


def test_a_thread_pool_import_reports_progress_and_finishes(make_panel, qtbot, tmp_path):
    pool = QThreadPool()  # real threads (the GUI tests' default pool is synchronous)
    panel = make_panel(pool=pool)
    progress = []
    panel.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(panel.pages_changed, timeout=20_000):
        panel.import_paths(_files(tmp_path, 4))
        assert panel.busy and not panel.progress.isHidden() and not panel.import_button.isEnabled()
    assert panel.strip.count() == 4 and not panel.busy and panel.progress.isHidden()
    assert progress and max(progress) >= 3
    qtbot.waitUntil(lambda: len(panel._icons) == 4)  # thumbnails arrive from the pool too
    assert pool.waitForDone(10_000)


def test_pages_of_an_accepted_application_are_view_only(ctx, make_panel):
    _user, _app, (mid, _) = make_application(ctx, status="accepted")
    panel = make_panel()
    panel.set_material(mid)
    assert not panel.import_button.isEnabled() and "read-only" in panel.message.text()


@pytest.mark.expect_errors(r"failed verification")
def test_a_page_whose_file_was_damaged_shows_a_warning_instead_of_the_image(make_panel, ctx, tmp_path):
    panel = make_panel()
    panel.import_paths(_files(tmp_path, 2))
    damaged = panel.service.list_pages(panel.material_id)[1]
    (ctx.config.attachments_dir / damaged.sha256[:2] / damaged.sha256[2:]).write_bytes(b"\xff\xd8\xffbroken")
    fresh = make_panel()
    assert fresh.strip.count() == 2
    assert "已损坏" in fresh.message.text() and "重新采集" in fresh.message.text()


def test_retake_with_the_camera_replaces_the_selected_page_in_place(make_panel, qtbot, tmp_path):
    panel = make_panel()
    panel.import_paths(_files(tmp_path, 2))
    first, second = panel.strip.ids()
    old = panel.service.list_pages(panel.material_id)[0].sha256
    panel.strip.select_id(first)
    qtbot.mouseClick(panel.retake_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.camera_dialog.capture_button, Qt.MouseButton.LeftButton)
    pages = panel.service.list_pages(panel.material_id)
    assert [p.id for p in pages] == [first, second] and pages[0].sha256 != old and pages[0].source == "camera"
    assert not panel.camera_dialog.isVisible()  # a retake closes the camera window after one shot


def test_switching_material_during_an_import_reports_the_count_for_the_material_imported_into(
        make_panel, qtbot, tmp_path, app_materials):
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    panel = make_panel(pool=pool)
    first, second = app_materials[2]
    with qtbot.waitSignal(panel.pages_changed, timeout=20_000) as signal:
        panel.import_paths(_files(tmp_path, 2))
        panel.set_material(second)  # while the import is still running
    assert signal.args == [first, 2]
    assert panel.strip.count() == 0 and panel.count_label.text() == "Pages: 0"
    assert pool.waitForDone(10_000)


def test_the_file_dialog_opens_in_the_home_folder_then_where_the_last_file_came_from(make_panel, tmp_path,
                                                                                   monkeypatch):
    """It opened in the program's working directory (the install folder on a counter PC)."""
    from ui.capture import panel as panel_module

    stick = tmp_path / "usb"
    stick.mkdir()
    (picked,) = _files(stick, 1)
    asked: list[str] = []

    def answer(_parent, _title, directory, _filter):
        asked.append(directory)
        return [str(picked)], ""

    monkeypatch.setattr(panel_module.QFileDialog, "getOpenFileNames", answer)
    panel = make_panel()
    assert panel.choose_paths() == [picked]
    assert panel.choose_paths() == [picked]
    assert asked == [str(Path.home()), str(stick)]


@pytest.mark.usefixtures("pc_time_zone")
def test_the_scan_folder_lists_each_file_at_the_halls_time_whatever_the_pcs_zone(make_panel, qtbot, scan_dir):
    """A PC left on UTC listed a page scanned at 19:17 in the hall as 11:17."""
    import datetime as dt
    import os

    (page,) = _files(scan_dir, 1)
    scanned = dt.datetime(2026, 11, 29, 11, 17, 20, tzinfo=dt.UTC).timestamp()  # 19:17:20 in Beijing
    os.utime(page, (scanned, scanned))
    panel = make_panel()
    panel.show()
    qtbot.mouseClick(panel.inbox_button, Qt.MouseButton.LeftButton)
    assert panel.inbox_widget.files.count() == 1
    assert "19:17:20" in panel.inbox_widget.files.item(0).text()
