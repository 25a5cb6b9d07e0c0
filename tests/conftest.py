"""Fixtures shared by every test: an isolated data dir, a config on it, a migrated real database.

Tests never touch the user's home: every config is built with an explicit data dir, and the
Qt platform is offscreen. Area-specific fixtures live in the conftest of their test folder.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ONEWINDOW_CONFIG", os.devnull + ".absent")  # never pick up a machine's provisioning file
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from desktop.config import Config, load_config  # noqa: E402
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
