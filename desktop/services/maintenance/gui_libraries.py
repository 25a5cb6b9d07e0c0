"""Before Qt loads: are the system libraries its X11 (xcb) platform plugin needs installed?

When one is missing, Qt aborts the whole process, and its message names the plugin, not the
package to install ("could not load the Qt platform plugin xcb … libxcb-cursor0 is needed" —
even when it is libxcb-icccm4 that is missing). So the GUI checks first, with the loader Qt will
use, and stops with the app's own message naming the Debian/UOS/Kylin packages IT must install.
``onewindow self-test`` reports the same check. The list is what ``ldd`` shows for PySide6 6.8's
``libqxcb.so`` and ``libQt6XcbQpa.so.6``.
"""
from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# shared object -> Debian package that ships it
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will pick its X11 plugin: Linux, and no other platform asked for."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux":
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")  # Qt prefers Wayland when a Wayland session is running


def missing_packages(loads: Callable[[str], bool] = _loads) -> list[tuple[str, str]]:
    """(shared object, Debian package) for every library of the X11 plugin that cannot be loaded."""
    return [(lib, pkg) for lib, pkg in XCB_LIBRARIES.items() if not loads(lib)]


def missing_message(missing: list[tuple[str, str]]) -> str:
    """The clerk's and IT's message (Simplified Chinese) naming the packages to install."""
    packages = sorted({pkg for _, pkg in missing})
    libs = "、".join(lib for lib, _ in missing)
    return (f"一窗通无法启动图形界面：缺少系统库 {libs}。\n"
            f"请信息技术人员安装（Debian / 统信 UOS / 麒麟）：sudo apt-get install {' '.join(packages)}\n"
            "安装后重新打开一窗通；也可运行 onewindow self-test 检查本机环境。")


def gui_preflight(environ: Mapping[str, str] | None = None,
                  loads: Callable[[str], bool] = _loads) -> str | None:
    """The message to show instead of starting Qt, or None when the GUI can start."""
    if not uses_xcb(environ):
        return None
    missing = missing_packages(loads)
    return missing_message(missing) if missing else None
