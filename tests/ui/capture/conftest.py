"""Fixtures for the capture panel: an application with materials, a panel with simulated devices."""
from __future__ import annotations

import pytest

from desktop.devices.capture.scan_folder import ScanFolderInbox
from desktop.devices.capture.simulated import SimulatedScanner
from desktop.services.accounts.auth import CurrentUser
from desktop.services.attachments import AttachmentService
from desktop.services.attachments.crypto import MemoryKeyStore
from tests.unit.capture.conftest import make_application
from ui.capture.camera import SimulatedCameraBackend
from ui.capture.panel import CapturePanel
from ui.capture.worker import synchronous_tasks


@pytest.fixture
def app_materials(ctx):
    user, app_id, mids = make_application(ctx)
    return CurrentUser(user.id, user.username, user.display_name, user.role), app_id, mids


@pytest.fixture
def scan_dir(tmp_path):
    d = tmp_path / "scans"
    d.mkdir()
    return d


@pytest.fixture
def make_panel(ctx, qtbot, app_materials, scan_dir):
    user = app_materials[0]

    def build(**kwargs):
        kwargs.setdefault("tasks", synchronous_tasks())
        kwargs.setdefault("service", AttachmentService(ctx, key_store=MemoryKeyStore(reason="无密钥环")))
        kwargs.setdefault("camera", SimulatedCameraBackend())
        kwargs.setdefault("scanner", SimulatedScanner(pages=3))
        kwargs.setdefault("inbox", ScanFolderInbox(scan_dir, settle_seconds=0))
        panel = CapturePanel(ctx, user, **kwargs)
        qtbot.addWidget(panel)
        panel.set_material(app_materials[2][0])
        return panel

    return build
