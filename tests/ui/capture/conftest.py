"""Fixtures for the capture panel: an application with materials, a panel with simulated devices."""
from __future__ import annotations

import pytest

from desktop.devices.capture.scan_folder import ScanFolderInbox
from desktop.devices.capture.simulated import SimulatedScanner
from desktop.services.accounts.auth import CurrentUser
from tests.unit.capture.conftest import make_application
from ui.capture.camera import SimulatedCameraBackend
from ui.capture.panel import CapturePanel


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
def make_panel(ctx, qtbot, app_materials, scan_dir, make_workspace):
    """``make_panel(scanner=…, pool=…)``: a capture panel over a session with simulated devices."""
    user = app_materials[0]

    def build(**kwargs):
        kwargs.setdefault("camera", SimulatedCameraBackend())
        kwargs.setdefault("scanner", SimulatedScanner(pages=3))
        kwargs.setdefault("inbox", ScanFolderInbox(scan_dir, settle_seconds=0))
        ws = make_workspace(user, **kwargs)
        panel = CapturePanel(ws)
        panel.service = ws.services.attachments  # for the tests' own look at the store
        qtbot.addWidget(panel)
        panel.set_material(app_materials[2][0])
        return panel

    return build
