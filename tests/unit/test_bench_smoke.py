"""Every benchmark still runs: ``python -m tests.bench --quick NAME`` at toy sizes (nothing is timed here).

The figures of a quick run mean nothing; what this catches is a benchmark broken by a change
elsewhere (a renamed service, a new required argument), long before someone needs its numbers.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.__main__ import BENCHES

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BENCHES))
def test_benchmark_runs_at_quick_size_and_prints_its_table(name, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
               TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "tests.bench", "--quick", name], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "== " in done.stdout and "load average" in done.stdout, done.stdout
    assert "bare" in done.stdout
