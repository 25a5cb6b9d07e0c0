"""On Linux the data folder is the signed-in user's alone: 0700, files 0600 (other local accounts
on a counter PC must not read the applicants' data)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_and_its_files_are_private(tmp_path):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data), "db", "upgrade"], check=True,
                   capture_output=True)
    assert mode(data) == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert files and all(mode(p) == 0o600 for p in files), {str(p): oct(mode(p)) for p in files}
    assert all(mode(p) == 0o700 for p in data.rglob("*") if p.is_dir())


def test_a_data_folder_left_open_by_an_older_version_is_closed_when_the_store_opens(tmp_path):
    from desktop.config import load_config
    from desktop.services.context import AppContext

    data = tmp_path / "old"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    ctx = AppContext.open(load_config(data_dir=data, search_default_provisioning=False))
    ctx.close()
    assert mode(data) == 0o700
