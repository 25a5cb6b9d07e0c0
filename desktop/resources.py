"""Where bundled resources live: the `resources` package beside `desktop`, in a source tree,
an installed wheel and a PyInstaller bundle alike."""
from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return RESOURCES_DIR.joinpath(*parts)
