"""Build OneWindow for the current platform: translations, the PyInstaller bundle, and on Linux a .deb.

    python installer/build.py            # bundle (+ .deb on Linux) into dist/
    python installer/build.py --no-deb   # bundle only

The version comes from the package metadata (pyproject.toml), the one source of truth shown by
`onewindow --version`, the About dialog, the bundle and the .deb.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
PACKAGE = "onewindow"
# Runtime libraries the Qt xcb platform plugin and fontconfig need on Debian/UOS/Kylin.
DEB_DEPENDS = ("libc6, libegl1, libgl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libdbus-1-3, "
               "libglib2.0-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-xinerama0, "
               "libxcb-randr0, libxcb-render-util0, libxcb-image0")


def version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        sys.exit("onewindow is not installed; run `pip install -e .` first so the version is known")


def compile_translations() -> Path:
    """Compile resources/translations/*.ts into build/qm with the lrelease that ships with PySide6."""
    out = BUILD / "qm"
    out.mkdir(parents=True, exist_ok=True)
    lrelease = shutil.which("pyside6-lrelease")
    sources = sorted((ROOT / "resources" / "translations").glob("*.ts"))
    if sources and lrelease is None:
        sys.exit("pyside6-lrelease not found; it ships with PySide6 (pip install PySide6-Essentials)")
    for ts in sources:
        subprocess.run([lrelease, str(ts), "-qm", str(out / ts.with_suffix(".qm").name)], check=True)
    return out


def build_bundle(qm_dir: Path) -> Path:
    env = dict(os.environ, ONEWINDOW_QM_DIR=str(qm_dir))
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(DIST),
                    "--workpath", str(BUILD / "pyinstaller"), str(ROOT / "installer" / "onewindow.spec")],
                   check=True, env=env, cwd=ROOT)
    bundle = DIST / "onewindow"
    (bundle / "VERSION").write_text(version() + "\n", encoding="utf-8")
    return bundle


def deb_architecture() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def build_deb(bundle: Path) -> Path:
    """Lay out /opt/onewindow, the launcher, desktop entry and icon, then dpkg-deb --build."""
    ver, arch = version(), deb_architecture()
    stage = BUILD / "deb" / f"{PACKAGE}_{ver}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(bundle, stage / "opt" / "onewindow", symlinks=True)
    installer = ROOT / "installer"
    launcher = stage / "usr" / "bin" / "onewindow"
    launcher.parent.mkdir(parents=True)
    shutil.copy(installer / "linux" / "onewindow.sh", launcher)
    launcher.chmod(0o755)
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(installer / "linux" / "onewindow.desktop", apps / "onewindow.desktop")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "onewindow-256.png", icons / "onewindow.png")
    etc = stage / "etc" / "onewindow"
    etc.mkdir(parents=True)
    shutil.copy(installer / "provisioning.sample.toml", etc / "provisioning.sample.toml")
    debian = stage / "DEBIAN"
    debian.mkdir()
    size_kb = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file()) // 1024
    (debian / "control").write_text(
        f"Package: {PACKAGE}\nVersion: {ver}\nArchitecture: {arch}\nMaintainer: OneWindow Team <it@example.gov.cn>\n"
        f"Installed-Size: {size_kb}\nDepends: {DEB_DEPENDS}\nSection: misc\nPriority: optional\n"
        "Description: OneWindow (一窗通) service-hall intake client\n"
        " Offline-first desktop client for the clerks at a government service hall's one-window counter.\n"
        " User data lives in each user's data directory and is kept across upgrades; the system-wide\n"
        " provisioning file is /etc/onewindow/provisioning.toml (sample beside it).\n",
        encoding="utf-8")
    for script in ("postinst", "postrm"):
        src = installer / "linux" / script
        if src.exists():
            shutil.copy(src, debian / script)
            (debian / script).chmod(0o755)
    out = DIST / f"{PACKAGE}_{ver}_{arch}.deb"
    subprocess.run(["fakeroot", "dpkg-deb", "--build", "-Zgzip", str(stage), str(out)]
                   if shutil.which("fakeroot") else ["dpkg-deb", "--root-owner-group", "--build", "-Zgzip",
                                                     str(stage), str(out)], check=True)
    return out


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-deb", action="store_true")
    args = parser.parse_args()
    bundle = build_bundle(compile_translations())
    print(f"bundle: {bundle} ({tree_size(bundle) / 2**20:.0f} MiB, version {version()})")
    if sys.platform.startswith("linux") and not args.no_deb:
        deb = build_deb(bundle)
        print(f"deb: {deb} ({deb.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
