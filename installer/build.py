"""Build OneWindow for the current platform: translations, the PyInstaller bundle, and on Linux a .deb.

    python installer/build.py                       # bundle (+ .deb on Linux) into dist/
    python installer/build.py --no-deb              # bundle only
    python installer/build.py --glibc-target 2.36   # allow a newer floor (a build on a newer host)

The version comes from the package metadata (pyproject.toml, installed into a staging dir here), the one
source of truth shown by `onewindow --version`, the About dialog, the bundle and the .deb.

On Linux the bundle follows installer/bundle_policy.toml: Qt modules, plugins and translations on an
allow-list, host libraries only where declared, the fcitx input-method plugins from Debian's packages,
libraries stripped; then installer/bundle_check.py proves every library the bundle needs is bundled or
declared, computes the glibc floor (written into `Depends: libc6 (>= …)`, fails above the target) and
looks for build-machine paths. The linux build is meant to run in the bullseye build root
(installer/buildroot/build_in_root.sh) for a glibc 2.31 floor.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import time
from email.parser import Parser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_check  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
PACKAGE = "onewindow"
CONTENTS = "_internal"  # PyInstaller's contents directory inside the one-folder bundle
# GLIBCXX_3.4.x -> the first libstdc++6 (GCC) version that provides it.
GLIBCXX_TO_GCC = {"3.4.21": "5", "3.4.22": "6", "3.4.23": "7", "3.4.24": "7", "3.4.25": "8", "3.4.26": "9",
                  "3.4.27": "9", "3.4.28": "10", "3.4.29": "11", "3.4.30": "12"}


def run(*cmd: str | Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def source_date_epoch() -> int:
    """The timestamp every packaged file gets: SOURCE_DATE_EPOCH, else the last commit's time."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, check=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 1_700_000_000


# Symbol versions of libstdc++ 11-14 the Debian 13 input-method plugins need, provided by
# libonewindow-cxxcompat where the target's libstdc++ is older (installer/linux/cxxcompat.cpp).
CXX_VERSIONS_FROM_COMPAT = ("GLIBCXX_3.4.29", "CXXABI_1.3.15")


class Build:
    def __init__(self, out: Path, work: Path) -> None:
        self.dist, self.work = out, work
        self._apt_updated: set[str] = set()
        self.incremental = False
        self.site = work / "site"
        self.epoch = source_date_epoch()

    # --- the package itself ----------------------------------------------------------------------

    def stage_package(self) -> str:
        """Install this tree (no dependencies) into a staging dir: its metadata is the version."""
        if self.site.exists():
            shutil.rmtree(self.site)
        run(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-compile",
            "--target", self.site, ROOT, cwd=self.work)
        for leftover in (ROOT / "build" / "lib", ROOT / "build" / "bdist.linux-x86_64"):
            shutil.rmtree(leftover, ignore_errors=True)
        infos = list(self.site.glob(f"{PACKAGE}-*.dist-info"))
        if len(infos) != 1:
            sys.exit(f"expected one {PACKAGE} dist-info in {self.site}, found {infos}")
        (infos[0] / "direct_url.json").unlink(missing_ok=True)  # names the build machine's source path
        meta = Parser().parsestr((infos[0] / "METADATA").read_text(encoding="utf-8"))
        return meta["Version"]

    def compile_translations(self) -> Path:
        """Compile resources/translations/*.ts into build/qm with the lrelease that ships with PySide6."""
        out = self.work / "qm"
        out.mkdir(parents=True, exist_ok=True)
        lrelease = shutil.which("pyside6-lrelease") or shutil.which("pyside6-lrelease",
                                                                    path=sysconfig.get_path("scripts"))
        sources = sorted((ROOT / "resources" / "translations").glob("*.ts"))
        if sources and lrelease is None:
            sys.exit("pyside6-lrelease not found; it ships with PySide6 (pip install PySide6-Essentials)")
        for ts in sources:
            run(lrelease, "-silent", ts, "-qm", out / ts.with_suffix(".qm").name)
        return out

    def pyinstaller(self, qm_dir: Path, version: str) -> Path:
        env = dict(os.environ, ONEWINDOW_QM_DIR=str(qm_dir), ONEWINDOW_SITE=str(self.site),
                   SOURCE_DATE_EPOCH=str(self.epoch), PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
        clean = [] if self.incremental else ["--clean"]
        run(sys.executable, "-m", "PyInstaller", "--noconfirm", *clean, "--log-level", "WARN",
            "--distpath", self.dist, "--workpath", self.work / "pyinstaller", INSTALLER / "onewindow.spec",
            env=env, cwd=self.work)
        bundle = self.dist / "onewindow"
        (bundle / "VERSION").write_text(version + "\n", encoding="utf-8")
        return bundle

    # --- Linux: input methods, stripping, checks -------------------------------------------------

    def apt_options(self, suite: str) -> list[str]:
        """apt options for a private package list of ``suite``: the host's own sources are not used."""
        base = self.work / "apt" / suite
        (base / "lists" / "partial").mkdir(parents=True, exist_ok=True)
        (base / "archives" / "partial").mkdir(parents=True, exist_ok=True)
        mirror = os.environ.get("ONEWINDOW_DEBIAN_MIRROR", "http://deb.debian.org/debian")
        (base / "sources.list").write_text(f"deb {mirror} {suite} main\n", encoding="utf-8")
        return [f"-oDir::Etc::SourceList={base / 'sources.list'}", "-oDir::Etc::SourceParts=/dev/null",
                f"-oDir::State::Lists={base / 'lists'}", f"-oDir::Cache::Archives={base / 'archives'}",
                "-oDir::State::Status=/dev/null", "-oAPT::Sandbox::User=root", "-qq"]

    def debian_file(self, entry: dict) -> Path:
        """One file out of a Debian package (fetched once with apt-get download, version pinned)."""
        debs = self.work / "debs"
        debs.mkdir(parents=True, exist_ok=True)
        arch = deb_architecture()
        deb = debs / f"{entry['package']}_{entry['version'].replace(':', '%3a')}_{arch}.deb"
        if not deb.exists():
            options = self.apt_options(entry["suite"])
            try:
                if entry["suite"] not in self._apt_updated:
                    run("apt-get", *options, "update")
                    self._apt_updated.add(entry["suite"])
                run("apt-get", *options, "download", f"{entry['package']}={entry['version']}", cwd=debs)
            except (OSError, subprocess.CalledProcessError):
                sys.exit(f"could not download {entry['package']}={entry['version']} ({entry['suite']}) with "
                         "apt-get; if the mirror has a newer build, update installer/bundle_policy.toml")
        unpacked = debs / deb.stem
        if not unpacked.exists():
            run("dpkg-deb", "-x", deb, unpacked)
        return unpacked / entry["file"].replace("x86_64-linux-gnu", multiarch())

    def add_input_methods(self, bundle: Path, policy: dict) -> list[str]:
        contents = bundle / CONTENTS
        qt_lib = contents / "PySide6" / "Qt" / "lib"
        compat = qt_lib / "libonewindow-cxxcompat.so.1"
        run("c++", "-shared", "-fPIC", "-O2", "-s", "-Wl,-soname,libonewindow-cxxcompat.so.1", "-Wl,--no-as-needed",
            "-lc",
            "-o", compat, INSTALLER / "linux" / "cxxcompat.cpp")
        added = []
        for entry in policy["debian_files"]:
            src = self.debian_file(entry)
            dest = contents / entry["dest"]
            shutil.copyfile(src, dest)
            dest.chmod(0o644)
            if not entry.get("cxx"):
                added.append(f"{entry['dest']} <- {entry['package']} {entry['version']} ({entry['suite']})")
                continue
            # Debian 13 builds with GCC 14: the few newer libstdc++ symbols come from the compat lib where the
            # system's libstdc++ is older (see bundle_check.weaken_version).
            for version in CXX_VERSIONS_FROM_COMPAT:
                bundle_check.weaken_version(dest, version)
            # one patchelf change per call: bullseye's patchelf 0.12 mixes up combined edits
            run("patchelf", "--add-needed", compat.name, dest)
            run("patchelf", "--set-rpath", os.path.relpath(qt_lib, dest.parent).replace("..", "$ORIGIN/..", 1)
                if dest.parent != qt_lib else "$ORIGIN", dest)
            added.append(f"{entry['dest']} <- {entry['package']} {entry['version']} ({entry['suite']})")
        return added

    def strip(self, bundle: Path) -> int:
        """Strip what still has symbols (Python's own build); wheels' libraries come stripped already, and
        re-stripping one patchelf rewrote can break its segment alignment, so a stripped file that the
        loader would refuse is put back as it was."""
        saved = 0
        for path in sorted((bundle / CONTENTS).rglob("*.so*")):
            if path.is_symlink() or not path.is_file() or bundle_check.read_elf(path) is None:
                continue
            if not bundle_check.has_symbols(path):
                continue
            original = path.read_bytes()
            subprocess.run(["strip", "--strip-unneeded", "--remove-section=.comment", str(path)], check=False,
                           stderr=subprocess.DEVNULL)
            if bundle_check.misaligned_segments(path):
                path.write_bytes(original)
                continue
            saved += len(original) - path.stat().st_size
        return saved

    def drop_build_rpaths(self, bundle: Path) -> int:
        """Remove RUNPATH entries that point into the build machine (a Python built with an rpath)."""
        fixed = 0
        for facts in bundle_check.elf_files(bundle / CONTENTS):
            keep = [p for p in facts.runpath if p.startswith("$ORIGIN")]
            if keep != facts.runpath:
                if keep:
                    run("patchelf", "--set-rpath", ":".join(keep), facts.path)
                else:
                    run("patchelf", "--remove-rpath", facts.path)
                fixed += 1
        return fixed

    def clamp_times(self, tree: Path) -> None:
        for path in [tree, *tree.rglob("*")]:
            os.utime(path, (self.epoch, self.epoch), follow_symlinks=False)

    # --- the .deb --------------------------------------------------------------------------------

    def build_deb(self, bundle: Path, version: str, report: bundle_check.BundleReport, policy: dict) -> Path:
        arch = deb_architecture()
        stage = self.work / "deb" / f"{PACKAGE}_{version}_{arch}"
        if stage.exists():
            shutil.rmtree(stage)
        shutil.copytree(bundle, stage / "opt" / "onewindow", symlinks=True)
        linux = INSTALLER / "linux"
        put(stage / "usr/bin/onewindow", (linux / "onewindow.sh").read_bytes(), 0o755)
        put(stage / "usr/share/applications/onewindow.desktop", (linux / "onewindow.desktop").read_bytes())
        put(stage / "usr/share/icons/hicolor/256x256/apps/onewindow.png",
            (ROOT / "resources/icons/onewindow-256.png").read_bytes())
        put(stage / "usr/share/icons/hicolor/48x48/apps/onewindow.png",
            (ROOT / "resources/icons/onewindow-48.png").read_bytes())
        put(stage / "etc/onewindow/provisioning.sample.toml", (INSTALLER / "provisioning.sample.toml").read_bytes())
        doc = stage / "usr/share/doc/onewindow"
        put(doc / "copyright", (linux / "copyright").read_bytes())
        put(doc / "changelog.gz", gz(changelog(version, self.epoch)))
        put(stage / "usr/share/man/man1/onewindow.1.gz", gz((linux / "onewindow.1").read_bytes()))
        put(stage / "usr/share/lintian/overrides/onewindow", (linux / "lintian-overrides").read_bytes())
        debian = stage / "DEBIAN"
        debian.mkdir()
        for script in ("postinst", "postrm"):
            put(debian / script, (linux / script).read_bytes(), 0o755)
        put(debian / "conffiles", b"/etc/onewindow/provisioning.sample.toml\n")
        put(debian / "md5sums", md5sums(stage))
        put(debian / "control", control(version, arch, installed_size(stage), depends(report, policy),
                                        ", ".join(policy["recommends"])).encode())
        for path in stage.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
            elif path.is_file() and ".so" in path.name and path.parent != stage / "DEBIAN":
                path.chmod(0o644)  # shared libraries are not executables (Debian Policy 8.1)
        self.clamp_times(stage)
        out = self.dist / f"{PACKAGE}_{version}_{arch}.deb"
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(self.epoch))
        run("dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", stage, out, env=env,
            stdout=subprocess.DEVNULL)
        return out


def put(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(mode)


def gz(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(data)
    return buf.getvalue()


def changelog(version: str, epoch: int) -> bytes:
    date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(epoch))
    return (f"onewindow ({version}) unstable; urgency=medium\n\n"
            f"  * Release {version}; see the project's history for the changes.\n\n"
            f" -- OneWindow Team <it@onewindow.example.org>  {date}\n").encode()


def md5sums(stage: Path) -> bytes:
    lines = []
    for path in sorted(stage.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.relative_to(stage).parts:
            lines.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {path.relative_to(stage).as_posix()}\n")
    return "".join(lines).encode()


def installed_size(stage: Path) -> int:
    """KiB as dpkg-gencontrol counts it: each regular file rounded up, each link or directory 1."""
    total = 0
    for path in stage.rglob("*"):
        if "DEBIAN" in path.relative_to(stage).parts:
            continue
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += -(-path.stat().st_size // 1024)
    return total


def depends(report: bundle_check.BundleReport, policy: dict) -> str:
    items = []
    for package in report.system_packages:
        if package == "libc6":
            items.append(f"libc6 (>= {report.glibc})")
        elif package == "libstdc++6":
            gcc = GLIBCXX_TO_GCC.get(report.glibcxx)
            items.append(f"libstdc++6 (>= {gcc})" if gcc else "libstdc++6")
        else:
            items.append(package)
    if not any(item.startswith("libc6 ") for item in items):
        items.insert(0, f"libc6 (>= {report.glibc})")
    return ", ".join(items)


def control(version: str, arch: str, size_kb: int, deps: str, recommends: str) -> str:
    return (f"Package: {PACKAGE}\nVersion: {version}\nArchitecture: {arch}\n"
            "Maintainer: OneWindow Team <it@onewindow.example.org>\n"
            f"Installed-Size: {size_kb}\nDepends: {deps}\nRecommends: {recommends}\n"
            "Section: misc\nPriority: optional\n"
            "Description: service-hall intake client (一窗通)\n"
            " OneWindow is the offline-first desktop client for the clerks at a government\n"
            " service hall's one-window counter: find the matter, record the applicant,\n"
            " check the materials, accept the application and print the receipt.\n"
            " .\n"
            " User data lives in each user's data directory and is kept across upgrades\n"
            " and removal; the system-wide provisioning file is\n"
            " /etc/onewindow/provisioning.toml (a sample is installed beside it).\n")


def multiarch() -> str:
    return {"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}.get(deb_architecture(), "x86_64-linux-gnu")


def deb_architecture() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def file_list(bundle: Path, version: str) -> str:
    """The bundle's files, one per line, the version replaced so two releases compare equal."""
    rows = sorted(p.relative_to(bundle).as_posix().replace(version, "{version}") for p in bundle.rglob("*")
                  if not p.is_dir())
    return "\n".join(rows) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-deb", action="store_true")
    parser.add_argument("--glibc-target", help="highest glibc floor accepted (default: bundle_policy.toml)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--incremental", action="store_true",
                        help="reuse PyInstaller's analysis cache in the work dir (a second build of the same inputs)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    args.work.mkdir(parents=True, exist_ok=True)
    build = Build(args.out.resolve(), args.work.resolve())
    build.incremental = args.incremental
    started = time.monotonic()
    version = build.stage_package()
    bundle = build.pyinstaller(build.compile_translations(), version)
    if not sys.platform.startswith("linux"):
        print(f"bundle: {bundle} ({tree_size(bundle) / 2**20:.0f} MiB, version {version})")
        return 0
    policy = bundle_check.load_policy()
    for line in build.add_input_methods(bundle, policy):
        print(f"input method: {line}")
    saved = build.strip(bundle)
    build.drop_build_rpaths(bundle)
    build.clamp_times(bundle)
    glibc_target = args.glibc_target or policy["glibc"]["target"]
    # The source tree, the work dir and the build venv must not leak into the bundle. The interpreter's
    # own install prefix (sys.base_prefix) stays compiled into libpython as getpath's default; a frozen
    # app never reads it, and it names no build machine (/opt/python3.11 in the build root).
    forbidden = tuple(sorted({str(ROOT), str(build.work), sys.prefix} - {"/", "/usr", sys.base_prefix}))
    report = bundle_check.check_bundle(bundle, policy, glibc_target=glibc_target,
                                       glibcxx_target=policy["glibc"]["glibcxx_target"],
                                       forbidden_paths=forbidden)
    (args.out / "onewindow.files").write_text(file_list(bundle, version), encoding="utf-8")
    facts = {"version": version, "glibc_floor": report.glibc, "glibc_target": glibc_target,
             "glibc_floor_needed_by": [str(Path(p).relative_to(bundle)) for p in report.glibc_by],
             "glibcxx_floor": report.glibcxx, "system_packages": report.system_packages,
             "bundle_bytes": tree_size(bundle), "stripped_bytes": saved, "problems": report.problems}
    print(f"glibc floor: {report.glibc} (target <= {glibc_target}; needed by "
          f"{', '.join(facts['glibc_floor_needed_by'][:3])}); GLIBCXX floor: {report.glibcxx}")
    print(f"bundle: {bundle} ({facts['bundle_bytes'] / 2**20:.1f} MiB, {saved / 2**20:.1f} MiB stripped, "
          f"version {version})")
    if report.problems:
        (args.out / "build-report.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
        for problem in report.problems:
            print(f"BUILD PROBLEM: {problem}", file=sys.stderr)
        return 1
    if not args.no_deb:
        deb = build.build_deb(bundle, version, report, policy)
        facts["deb"] = deb.name
        facts["deb_bytes"] = deb.stat().st_size
        print(f"deb: {deb} ({facts['deb_bytes'] / 2**20:.1f} MiB xz)")
        print(f"Depends: {depends(report, policy)}")
    (args.out / "build-report.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
    print(f"build took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
