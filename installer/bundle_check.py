"""The Linux bundle's policy (installer/bundle_policy.toml) and the checks the build runs on its result.

Used by the PyInstaller spec (what to keep) and by build.py (after the bundle is made):

* every ELF file's NEEDED libraries are found in the bundle or declared in ``[system]``;
* the highest ``GLIBC_x.y`` / ``GLIBCXX_3.4.x`` symbol version any bundled binary needs, which becomes
  ``Depends: libc6 (>= x.y)`` and must not exceed the policy's target;
* no file carries the build machine's paths.

ELF files are read with pyelftools, so the check runs the same on any build host.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from elftools.common.exceptions import ELFError
from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

POLICY = Path(__file__).resolve().parent / "bundle_policy.toml"
QT_PREFIX = "PySide6/Qt/"
_PYSIDE_MODULE = re.compile(r"^PySide6/(Qt\w+)\.abi3\.so$")


def load_policy(path: Path = POLICY) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


# --- what the spec keeps -------------------------------------------------------------------------

def keep_binary(dest: str, policy: dict) -> bool:
    """Whether a PyInstaller binary entry (its path inside the bundle) belongs in the bundle."""
    qt = policy["qt"]
    dest = dest.replace("\\", "/")
    if dest.startswith(QT_PREFIX + "lib/"):
        return dest.rsplit("/", 1)[1] in qt["libraries"]
    if dest.startswith(QT_PREFIX + "plugins/"):
        return dest[len(QT_PREFIX + "plugins/"):] in qt["plugins"]
    if dest.startswith(QT_PREFIX):
        return False
    module = _PYSIDE_MODULE.match(dest)
    if module:
        return module.group(1) in qt["modules"]
    if "/" not in dest and dest.startswith("lib") and ".so" in dest:
        # A library PyInstaller found on the build system: bundled only when declared.
        return dest in policy["bundled"]
    return True


def keep_data(dest: str, policy: dict) -> bool:
    dest = dest.replace("\\", "/")
    if "/__pycache__/" in dest:  # bytecode of data trees (migrations, resources): Alembic reads the .py
        return False
    if dest.startswith(QT_PREFIX + "translations/"):
        return dest.rsplit("/", 1)[1] in policy["qt"]["translations"]
    return not dest.startswith(QT_PREFIX)


# --- ELF facts -----------------------------------------------------------------------------------

@dataclass
class ElfFacts:
    path: Path
    soname: str | None
    needed: list[str]
    runpath: list[str]
    versions: dict[str, set[str]]  # file -> symbol versions needed from it


def read_elf(path: Path) -> ElfFacts | None:
    try:
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                return None
            fh.seek(0)
            elf = ELFFile(fh)
            soname, needed, runpath = None, [], []
            versions: dict[str, set[str]] = {}
            for section in elf.iter_sections():
                if isinstance(section, DynamicSection):
                    for tag in section.iter_tags():
                        if tag.entry.d_tag == "DT_NEEDED":
                            needed.append(tag.needed)
                        elif tag.entry.d_tag == "DT_SONAME":
                            soname = tag.soname
                        elif tag.entry.d_tag in ("DT_RUNPATH", "DT_RPATH"):
                            runpath += (tag.runpath if tag.entry.d_tag == "DT_RUNPATH" else tag.rpath).split(":")
                elif isinstance(section, GNUVerNeedSection):
                    for verneed, auxiliaries in section.iter_versions():
                        names = versions.setdefault(verneed.name, set())
                        for aux in auxiliaries:
                            if not aux.entry.vna_flags & 0x2:  # VER_FLG_WEAK: optional, see weaken_version()
                                names.add(aux.name)
            return ElfFacts(path, soname, needed, runpath, versions)
    except (ELFError, OSError):
        return None


def has_symbols(path: Path) -> bool:
    """Whether an ELF file still carries a symbol table or debug info (worth stripping)."""
    with path.open("rb") as fh:
        elf = ELFFile(fh)
        return any(sec.name == ".symtab" or sec.name.startswith(".debug") for sec in elf.iter_sections())


def misaligned_segments(path: Path) -> list[int]:
    """LOAD segments whose file offset and address disagree modulo their alignment: the loader refuses
    such a file ("ELF load command address/offset not properly aligned"), as an old ``strip`` makes of a
    library patchelf already rewrote."""
    bad = []
    with path.open("rb") as fh:
        elf = ELFFile(fh)
        for index, seg in enumerate(elf.iter_segments()):
            align = seg["p_align"]
            if seg["p_type"] == "PT_LOAD" and align > 1 and seg["p_offset"] % align != seg["p_vaddr"] % align:
                bad.append(index)
    return bad


def elf_files(root: Path) -> list[ElfFacts]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            facts = read_elf(path)
            if facts is not None:
                found.append(facts)
    return found


def highest(facts: list[ElfFacts], prefix: str) -> tuple[str, list[str]]:
    """The highest ``<prefix>x.y`` version any file needs, and which files need it."""
    best, who = "0", []
    for f in facts:
        for names in f.versions.values():
            for name in names:
                if not name.startswith(prefix):
                    continue
                ver = name[len(prefix):]
                if version_key(ver) > version_key(best):
                    best, who = ver, [str(f.path)]
                elif ver == best:
                    who.append(str(f.path))
    return best, who


@dataclass
class BundleReport:
    glibc: str
    glibc_by: list[str]
    glibcxx: str
    system_packages: list[str]
    problems: list[str] = field(default_factory=list)


def check_bundle(bundle: Path, policy: dict, *, glibc_target: str, glibcxx_target: str,
                 forbidden_paths: tuple[str, ...] = ()) -> BundleReport:
    facts = elf_files(bundle)
    provided = {f.path.name for f in facts} | {f.soname for f in facts if f.soname}
    provided |= {p.name for p in bundle.rglob("*") if p.is_symlink()}
    soname_to_package = {so: pkg for pkg, sonames in policy["system"].items() for so in sonames}
    problems, used = [], set()
    for f in facts:
        for lib in f.needed:
            if lib in provided:
                continue
            package = soname_to_package.get(lib)
            if package is None:
                problems.append(f"{f.path.relative_to(bundle)} needs {lib}: neither bundled nor declared in "
                                "[system] of installer/bundle_policy.toml")
            else:
                used.add(package)
    glibc, glibc_by = highest(facts, "GLIBC_")
    glibcxx, _ = highest(facts, "GLIBCXX_")
    if version_key(glibc) > version_key(glibc_target):
        problems.append(f"glibc floor {glibc} is above the target {glibc_target} (needed by "
                        f"{', '.join(glibc_by[:5])})")
    if version_key(glibcxx) > version_key(glibcxx_target):
        problems.append(f"GLIBCXX_{glibcxx} is above the target GLIBCXX_{glibcxx_target}")
    for needle in forbidden_paths:
        raw = needle.encode()
        hits = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and raw in p.read_bytes()]
        if hits:
            problems.append(f"build path {needle} found in {len(hits)} file(s), e.g. "
                            f"{', '.join(str(h.relative_to(bundle)) for h in hits[:5])}")
    for f in facts:
        if misaligned_segments(f.path):
            problems.append(f"{f.path.relative_to(bundle)}: LOAD segments not properly aligned (the loader refuses it)")
    used |= set(policy.get("system_dlopen", {}))
    return BundleReport(glibc, glibc_by, glibcxx, sorted(used), problems)


# --- patching Debian's plugins for older libstdc++ --------------------------------------------------

def weaken_version(path: Path, version: str) -> bool:
    """Mark the need for ``version`` (e.g. GLIBCXX_3.4.29) weak, so an older libstdc++ is accepted.

    Debian 12's fcitx Qt 6 plugins need GLIBCXX_3.4.29 for one symbol only,
    ``std::__throw_bad_array_new_length()``; the bundle's libonewindow-cxxcompat provides it where the
    system's libstdc++ (GCC 8-10 on UOS 20, Kylin V10, Debian 11) does not. glibc's loader treats a
    missing weak version as no error (elf/dl-version.c); the symbol then binds to whichever library
    defines it.
    """
    data = bytearray(path.read_bytes())
    changed = False
    with path.open("rb") as fh:
        elf = ELFFile(fh)
        for section in elf.iter_sections():
            if not isinstance(section, GNUVerNeedSection):
                continue
            need_at = section["sh_offset"]
            for _ in range(section.num_versions()):
                need = elf.structs.Elf_Verneed.parse(bytes(data[need_at:need_at + 16]))
                aux_at = need_at + need.vn_aux
                for _ in range(need.vn_cnt):
                    aux = elf.structs.Elf_Vernaux.parse(bytes(data[aux_at:aux_at + 16]))
                    if section.stringtable.get_string(aux.vna_name) == version and not aux.vna_flags & 0x2:
                        flags_at = aux_at + 4  # vna_hash (4 bytes), then vna_flags (2 bytes)
                        data[flags_at:flags_at + 2] = (aux.vna_flags | 0x2).to_bytes(2, "little")
                        changed = True
                    aux_at += aux.vna_next
                need_at += need.vn_next
    if changed:
        path.write_bytes(bytes(data))
    return changed
