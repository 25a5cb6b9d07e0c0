"""Capture devices: the scan-folder inbox, scanner adapters' availability, the simulators."""
from __future__ import annotations

import io
import os
import sys

import pytest
from PIL import Image

from desktop.config import load_config
from desktop.devices.capture.base import DeviceGone
from desktop.devices.capture.scan_folder import IMPORTED_DIR, ScanFolderInbox
from desktop.devices.capture.scanners import SaneScanner, TwainScanner, UnavailableScanner, make_scanner
from desktop.devices.capture.simulated import SimulatedCamera, SimulatedScanner, page_jpeg


def test_scan_folder_lists_a_new_file_only_once_it_stopped_growing(tmp_path):
    now = [1_000_000.0]
    inbox = ScanFolderInbox(tmp_path, clock=lambda: now[0])
    page = tmp_path / "scan001.jpg"
    page.write_bytes(page_jpeg(1, size=(200, 283))[:500])
    os.utime(page, (now[0], now[0]))
    assert inbox.poll() == []  # just appeared: may still be written
    page.write_bytes(page_jpeg(1, size=(200, 283)))
    os.utime(page, (now[0] + 0.5, now[0] + 0.5))
    now[0] += 0.5
    assert inbox.poll() == []  # grew since the last look
    now[0] += 0.2
    assert [f.name for f in inbox.poll()] == ["scan001.jpg"]  # unchanged between two looks


def test_scan_folder_ignores_other_files_and_moves_imported_ones_aside(tmp_path):
    inbox = ScanFolderInbox(tmp_path, settle_seconds=0)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".~lock.jpg").write_bytes(b"x")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.JPG").write_bytes(b"\xff\xd8\xff")
    files = inbox.poll()
    assert [f.name for f in files] == sorted(f.name for f in files) and {f.name for f in files} == {"a.pdf", "b.JPG"}
    moved = inbox.mark_imported(files[0].path)
    assert moved.parent.name == IMPORTED_DIR and moved.exists()
    assert len(inbox.poll()) == 1
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 again")
    assert inbox.mark_imported(tmp_path / "a.pdf").name != "a.pdf"  # a second a.pdf does not overwrite


def test_scan_folder_availability_explains_what_is_wrong(tmp_path):
    assert "未设置扫描文件夹" in ScanFolderInbox("").availability().reason
    assert "不存在" in ScanFolderInbox(tmp_path / "nope").availability().reason
    assert ScanFolderInbox(tmp_path).availability().available


@pytest.mark.skipif(sys.platform.startswith("win"), reason="checks the Linux adapters")
def test_real_scanner_adapters_report_their_missing_library_with_a_fallback():
    sane = SaneScanner().availability()
    assert not sane.available and "python-sane" in sane.reason and "扫描到文件夹" in sane.reason
    twain = TwainScanner().availability()
    assert not twain.available and "Windows" in twain.reason


def test_scanner_choice_follows_the_setting(data_dir):
    def scanner(value):
        return make_scanner(load_config(data_dir=data_dir, search_default_provisioning=False,
                                        overrides={"devices": {"scanner": value}}).devices)

    assert isinstance(scanner("simulated"), SimulatedScanner)
    assert isinstance(scanner("none"), UnavailableScanner) and not scanner("none").availability().available
    assert isinstance(scanner("sane"), SaneScanner)
    assert isinstance(scanner("auto"), TwainScanner if sys.platform.startswith("win") else SaneScanner)


def test_simulated_scanner_pages_are_normalised_document_pages():
    pages = list(SimulatedScanner(pages=2).scan())
    assert [p.source for p in pages] == ["scanner", "scanner"] and pages[0].data != pages[1].data
    assert all(p.height > p.width and len(p.data) < 500_000 for p in pages)


def test_simulated_camera_crops_its_shot_and_reports_unplugging():
    camera = SimulatedCamera()
    shot = camera.capture()
    with Image.open(io.BytesIO(shot.data)) as img:
        assert img.height > img.width  # the portrait page, not the landscape desk
    camera.unplug()
    with pytest.raises(DeviceGone, match="已断开"):
        camera.frame()
    assert not camera.availability().available
