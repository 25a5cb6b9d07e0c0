"""On Linux everything the app writes under its data folder is the signed-in user's alone: 0700,
files 0600 (the store itself is made private by desktop/store/connect.py; the process umask covers
logs and whatever else is written beside it)."""
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

