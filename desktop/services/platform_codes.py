"""Load the code mapping of the platform this PC talks to (``server.platform``), once per process.

``server.platform`` is a name (a file under ``resources/platforms/``) or a path to a ``.toml``
file IT provisioned; see ``desktop/domain/platform_codes.py`` for what the file says.
"""
from __future__ import annotations

import functools
from pathlib import Path

import resources
from desktop.domain.platform_codes import PlatformCodes, PlatformCodesInvalid, parse_platform_codes

PLATFORMS_DIR = Path(resources.__file__).parent / "platforms"


def platform_file(name: str) -> Path:
    if name.endswith(".toml") or "/" in name or "\\" in name:
        return Path(name)
    return PLATFORMS_DIR / f"{name}.toml"


@functools.lru_cache(maxsize=8)
def _load(path: str) -> PlatformCodes:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PlatformCodesInvalid(f"平台编码文件 {path} 无法读取：{exc.strerror or exc}") from exc
    return parse_platform_codes(text, source=path)


def platform_codes(config) -> PlatformCodes:
    return _load(str(platform_file(config.server.platform)))


def available_platforms() -> list[str]:
    return sorted(p.stem for p in PLATFORMS_DIR.glob("*.toml"))
