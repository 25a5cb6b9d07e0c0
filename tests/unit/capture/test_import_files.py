"""Importing files into a material: good pages stay, each bad file gets its own message."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from desktop.devices.capture.simulated import SimulatedScanner, document_page, page_jpeg
from desktop.services.attachments import attach_pages, collect_garbage, import_files
from desktop.services.attachments.blobstore import BlobStore
from desktop.store.database import Database

from .conftest import make_application


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_good_files_import_in_order_and_bad_ones_are_reported_by_name(service, clerk_app, tmp_path):
    user, _app, (mid, _) = clerk_app
    png = io.BytesIO()
    document_page(2, size=(500, 707)).save(png, "PNG")
    files = [
        _write(tmp_path / "1.jpg", page_jpeg(1, size=(500, 707))),
        _write(tmp_path / "empty.jpg", b""),
        _write(tmp_path / "setup.pdf", b"MZ" + b"\x00" * 100),
        _write(tmp_path / "2.png", png.getvalue()),
        _write(tmp_path / "cut.jpg", page_jpeg(3, size=(500, 707))[:2000]),
        tmp_path / "gone.jpg",
    ]
    progress = []
    report = import_files(service, mid, files, user, progress=lambda d, t, w: progress.append((d, t, w)))
    assert len(report.added) == 2 and [p.page_no for p in service.list_pages(mid)] == [1, 2]
    assert [name for name, _ in report.problems] == ["empty.jpg", "setup.pdf", "cut.jpg", "gone.jpg"]
    messages = dict(report.problems)
    assert "空的" in messages["empty.jpg"] and "程序文件" in messages["setup.pdf"]
    assert "不存在" in messages["gone.jpg"]
    assert report.summary == "已添加 2 页，4 个文件未导入"
    assert progress[-1][:2] == (6, 6)


def test_cancel_stops_between_pages_and_keeps_what_was_stored(service, clerk_app, tmp_path):
    user, _app, (mid, _) = clerk_app
    files = [_write(tmp_path / f"{n}.jpg", page_jpeg(n, size=(300, 424))) for n in range(1, 5)]
    calls = iter(range(100))
    report = import_files(service, mid, files, user, cancel=lambda: next(calls) >= 2)
    assert report.cancelled and len(report.added) == 2 == service.pages_count(mid)


def test_scanner_jam_keeps_the_pages_scanned_before(service, clerk_app):
    user, _app, (mid, _) = clerk_app
    report = attach_pages(service, mid, SimulatedScanner(pages=5, fail_after=2).scan(), user)
    assert len(report.added) == 2 and "卡纸" in report.problems[0][1]


@pytest.mark.processes
def test_kill_9_during_import_leaves_no_row_without_its_file(ctx, tmp_path):
    """A SIGKILLed import leaves at most unreferenced files/temp files, which gc removes."""
    _user, _app, (mid, _) = make_application(ctx)
    src = tmp_path / "pages"
    src.mkdir()
    for n in range(1, 4):
        _write(src / f"{n}.jpg", page_jpeg(n, size=(900, 1273)))
    marker = tmp_path / "started"
    script = textwrap.dedent(f"""
        import itertools, pathlib
        from desktop.config import load_config
        from desktop.services.context import AppContext
        from desktop.services.attachments import AttachmentService, import_files
        ctx = AppContext.open(load_config(data_dir=pathlib.Path({str(ctx.config.data_dir)!r}),
                                          search_default_provisioning=False))
        service = AttachmentService(ctx)
        files = sorted(pathlib.Path({str(src)!r}).glob("*.jpg"))
        for i in itertools.count():
            import_files(service, {mid}, files)
            if i == 1:
                pathlib.Path({str(marker)!r}).write_text("go")
    """)
    env = dict(os.environ, PYTHONPATH=str(Path.cwd()))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=Path.cwd())
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the importing subprocess died on its own"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)  # let it get into the middle of another page
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    db = Database(ctx.config.db_path)
    try:
        with db.session() as s:
            rows = s.execute(__import__("sqlalchemy").text(
                "SELECT sha256 FROM attachment WHERE material_id = :m"), {"m": mid}).scalars().all()
    finally:
        db.dispose()
    assert len(rows) >= 6
    store = BlobStore(ctx.config.attachments_dir)
    for sha in set(rows):
        assert store.read(sha)  # every row's file is there and verifies
    collect_garbage(ctx, min_age_seconds=0)
    assert list(store.iter_temp_files()) == []
    assert {sha for sha, _ in store.iter_blobs()} == set(rows)
    with Image.open(io.BytesIO(store.read(rows[0]))) as img:
        assert img.format == "JPEG"
