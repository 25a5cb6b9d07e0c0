"""Which input method a clerk types Chinese with, and whether Qt has the plugin to talk to it.

UOS and Kylin desktops run fcitx (fcitx5, or fcitx 4 on older releases), GNOME-based ones ibus.
Qt picks its input-context plugin from ``QT_IM_MODULE``; a missing plugin means no Chinese input
at all, silently, so `self-test` names the framework and the plugin file it needs.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# framework -> the Qt 6 input-context plugin file that talks to it (bundled, see installer/bundle_policy.toml)
PLUGINS = {
    "fcitx5": "libfcitx5platforminputcontextplugin.so",
    "fcitx": "libfcitxplatforminputcontextplugin-qt6.so",
    "ibus": "libibusplatforminputcontextplugin.so",
}
# process name -> framework
DAEMONS = {"fcitx5": "fcitx5", "fcitx": "fcitx", "ibus-daemon": "ibus"}


@dataclass(frozen=True)
class InputMethod:
    framework: str | None  # fcitx5 | fcitx | ibus | None (none found)
    how: str  # how it was found, for the report
    plugin: str | None  # the plugin file Qt needs for it
    plugin_present: bool


def running_daemons(proc: Path = Path("/proc")) -> set[str]:
    """Names of the input-method daemons running on this machine (Linux /proc; empty elsewhere)."""
    found: set[str] = set()
    try:
        entries = list(proc.iterdir())
    except OSError:
        return found
    for entry in entries:
        if entry.name.isdigit():
            try:
                name = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                continue
            if name in DAEMONS:
                found.add(name)
    return found


def detect(env: Mapping[str, str], daemons: Iterable[str], plugins: Iterable[str]) -> InputMethod:
    """The active framework: ``QT_IM_MODULE`` first, then ``XMODIFIERS``, then a running daemon."""
    available = set(plugins)
    daemons = set(daemons)
    framework, how = None, "未检测到输入法框架"
    qt_module = env.get("QT_IM_MODULE", "").strip().lower()
    xmods = env.get("XMODIFIERS", "").replace(" ", "").lower()
    if qt_module in PLUGINS:
        framework, how = qt_module, f"QT_IM_MODULE={qt_module}"
    elif "@im=" in xmods and xmods.split("@im=", 1)[1] in PLUGINS:
        framework, how = xmods.split("@im=", 1)[1], f"XMODIFIERS={env['XMODIFIERS']}"
    elif daemons:
        name = sorted(daemons)[0]
        framework, how = DAEMONS[name], f"进程 {name} 正在运行"
    if framework == "fcitx" and "fcitx5" in daemons:
        framework = "fcitx5"  # fcitx5 answers the "fcitx" name too
    plugin = PLUGINS.get(framework) if framework else None
    return InputMethod(framework, how, plugin, plugin is not None and plugin in available)


def detect_here(plugin_dir: Path | None) -> InputMethod:
    plugins = sorted(p.name for p in plugin_dir.iterdir()) if plugin_dir and plugin_dir.is_dir() else []
    return detect(os.environ, running_daemons(), plugins)
