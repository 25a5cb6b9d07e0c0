"""Fixtures shared by every test: an isolated data dir, a config on it, a migrated real database.

Tests never touch the user's home: every config is built with an explicit data dir, and the
Qt platform is offscreen. Area-specific fixtures live in the conftest of their test folder.
"""
from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ONEWINDOW_CONFIG", os.devnull + ".absent")  # never pick up a machine's provisioning file
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# The demo's live hall (a platform process and window W05) only where a test asks for it
# (tests/integration/test_demo_hall.py); every other demo in the suite is one window.
os.environ.setdefault("ONEWINDOW_DEMO_LIVE", "0")

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from desktop.config import Config, load_config  # noqa: E402

pytest_plugins = ["tests.logfail", "pytester"]
from desktop.domain.hall_clock import HallClock, use_hall_clock  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def config(data_dir: Path) -> Config:
    return load_config(data_dir=data_dir, search_default_provisioning=False)


@pytest.fixture
def ctx(config: Config):
    """A real, migrated SQLite database in the test's data dir."""
    context = AppContext.open(config)
    yield context
    context.close()


# The counter PC's own zone must never decide a business date: date-sensitive tests run under
# each of these (the hall stays on Asia/Shanghai). Los Angeles is a day behind Shanghai for
# most of the day, UTC for the early morning, so a leak of the PC's zone shows in either.
PC_TIME_ZONES = ("Asia/Shanghai", "UTC", "America/Los_Angeles")


@pytest.fixture(params=PC_TIME_ZONES)
def pc_time_zone(request):
    """Run the test with the PC's zone (``TZ``) set to each of :data:`PC_TIME_ZONES`."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(autouse=True)
def _hall_clock_reset():
    """A context built with another hall zone must not leak that zone into the next test."""
    yield
    use_hall_clock(HallClock())


E2E_KEYS_FILE = "e2e-keys.jsonl"  # written by tests/e2e's record_keys fixture


def pytest_terminal_summary(terminalreporter, config) -> None:
    """The key events each end-to-end path needed, as a table (xdist workers write beside the controller)."""
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is None:
        return
    root = factory.getbasetemp()
    rows = []
    for path in sorted({*root.glob(E2E_KEYS_FILE), *root.glob(f"*/{E2E_KEYS_FILE}")}):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        return
    terminalreporter.section("key events per end-to-end path")
    for row in sorted(rows, key=lambda r: r["path"]):
        terminalreporter.write_line(f"{row['path']:<60} {row['keys']:>4}  {row['note']}")
    report = os.environ.get("ONEWINDOW_E2E_KEYS")
    if report:
        Path(report).write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
