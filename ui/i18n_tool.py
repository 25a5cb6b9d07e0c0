"""Keep ``resources/translations/onewindow_zh_CN.ts`` in step with the source strings.

    python -m ui.i18n_tool            # add new strings from ui/**/*.py, list the untranslated ones
    python -m ui.i18n_tool --check    # only report (exit 1 if a string lacks Chinese or a translation is unused)

Wrap user-facing text in ``self.tr("English")`` (inside a QObject subclass) or
``QCoreApplication.translate("Context", "English")`` / ``QT_TRANSLATE_NOOP`` elsewhere, run
this tool, then fill in each ``<translation type="unfinished">`` with the Chinese text and
remove ``type="unfinished"``. Existing translations are kept; strings no longer in the code
are dropped. The ``.qm`` is compiled at start-up or build time, never committed.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import lrelease_command, ts_path

UI_DIR = Path(__file__).resolve().parent


def lupdate_command() -> list[str]:
    lrelease = lrelease_command()
    if lrelease is None:
        raise SystemExit("lupdate not found (it ships with PySide6)")
    return [str(Path(lrelease[0]).with_name(Path(lrelease[0]).name.replace("lrelease", "lupdate")))]


def sources() -> list[str]:
    return sorted(str(p) for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def run_lupdate(ts: Path) -> None:
    subprocess.run([*lupdate_command(), "-silent", "-no-obsolete", "-locations", "none",
                    "-target-language", "zh_CN", *sources(), "-ts", str(ts)], check=True)


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = "".join(translation.itertext()).strip() if translation is not None else ""
            if translation is None or translation.get("type") in {"unfinished", "vanished", "obsolete"} or not text:
                missing.append((name, message.findtext("source", "")))
    return missing


def messages(ts: Path) -> set[tuple[str, str]]:
    """(context, source) of every message in a .ts file."""
    return {(context.findtext("name", ""), message.findtext("source", ""))
            for context in ET.parse(ts).getroot().iter("context") for message in context.iter("message")}


def check_in_copy(ts: Path) -> list[tuple[str, str]]:
    """Untranslated strings as the code stands, without touching the committed file."""
    return audit(ts)[0]


def audit(ts: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(untranslated, unused) as the code stands: strings lacking Chinese, and translations nothing uses."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / ts.name
        copy.write_bytes(ts.read_bytes())
        run_lupdate(copy)
        return untranslated(copy), sorted(messages(ts) - messages(copy))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; do not rewrite the .ts file")
    args = parser.parse_args(argv)
    ts = ts_path("zh_CN")
    if args.check:
        missing, unused = audit(ts)
    else:
        before = messages(ts)
        run_lupdate(ts)  # drops what the code no longer says
        missing, unused = untranslated(ts), sorted(before - messages(ts))
    for context, source in missing:
        print(f"untranslated [{context}] {source!r}")
    for context, source in unused:
        print(f"unused [{context}] {source!r}" + ("" if args.check else " (dropped)"))
    print(f"{len(missing)} string(s) without Chinese, {len(unused)} unused, in {ts.name}")
    return 1 if missing or (args.check and unused) else 0


if __name__ == "__main__":
    sys.exit(main())
