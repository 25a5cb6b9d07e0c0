"""What a signed-in session loads: a PC that is not enrolled with a platform never loads the HTTP
stack or the push/pull code, even after its sync runs (issue 17, memory).

Checked in a fresh process, since this test session has long imported everything.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

SESSION = """
import json, sys, time
from desktop.config import load_config
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from ui.qt import QApplication
from ui.composition import Workspace, session_services
from ui.main_window import MainWindow

app = QApplication([])
ctx = AppContext.open(load_config(data_dir=sys.argv[1], search_default_provisioning=False))
user = CurrentUser(id=1, username="w", display_name="窗口", role="supervisor")
ws = Workspace(ctx, user, session_services(ctx))
window = MainWindow(ws)
window.show()
ws.start()
window.show_page("applications")
ws.sync.sync_now()
deadline = time.monotonic() + 60
while time.monotonic() < deadline and (ws.sync.running or ws.sync.last is None):
    app.processEvents()
    time.sleep(0.01)
loaded = [m for m in ("requests", "urllib3", "sync.api", "sync.pusher", "sync.catalog_pull", "sync.status_pull",
                      "sync.hall_sync") if m in sys.modules]
print(json.dumps({"error_kind": ws.sync.last.error_kind if ws.sync.last else None, "loaded": loaded}))
ws.close()
window.close()
ctx.close()
"""


def test_an_unenrolled_window_syncs_without_loading_the_http_stack(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    done = subprocess.run([sys.executable, "-c", SESSION, str(tmp_path / "data")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["error_kind"] == "not_configured"  # the run happened, and told why it could not sync
    assert report["loaded"] == []
