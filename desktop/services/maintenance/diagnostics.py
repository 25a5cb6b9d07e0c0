"""`onewindow diagnose`: one zip IT can mail to support — and nothing personal in it.

Included: logs (masked again on the way out, in case a line slipped through), the effective
config with secrets removed, versions, db check and self-test output, table row counts.
Never included: the database, attachments, tokens, or any ID number or phone.
"""
from __future__ import annotations

import datetime as dt
import json
import platform
import sqlite3
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from desktop import __version__
from desktop.config import Config
from desktop.domain.masking import mask_text
from desktop.store.connect import CORRUPT_ERRORS, StoreFile, StoreKeyError

PACKAGES = ("PySide6-Essentials", "SQLAlchemy", "alembic", "requests", "reportlab", "keyring", "argon2-cffi",
            "pypinyin", "pillow", "pypdf", "openpyxl", "cryptography", "sqlcipher3-binary")


def versions() -> dict[str, str]:
    found = {"onewindow": __version__, "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version,
             "platform": platform.platform(), "machine": platform.machine(),
             "frozen": str(bool(getattr(sys, "frozen", False)))}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "(not installed)"
    return found


def table_counts(db: StoreFile | Path) -> dict[str, int]:
    store = db if isinstance(db, StoreFile) else StoreFile(Path(db))
    if not store.path.exists():
        return {}
    try:
        conn = store.connect(readonly=True)
    except StoreKeyError as exc:
        return {"error": str(exc)}  # type: ignore[dict-item]
    except CORRUPT_ERRORS as exc:
        return {"error": str(exc)}  # type: ignore[dict-item]
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    except CORRUPT_ERRORS as exc:
        return {"error": str(exc)}  # type: ignore[dict-item]
    finally:
        conn.close()


def _store_of(config: Config) -> StoreFile | Path:
    from desktop.store.errors import StoreError
    from desktop.store.open_store import configured_store

    try:
        return configured_store(config)
    except StoreError:
        return config.db_path


def write_diagnostics(config: Config, out: Path, *, self_test_lines: list[str], db_check_lines: list[str]) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", "OneWindow diagnostics, created "
                    f"{dt.datetime.now().isoformat(timespec='seconds')}. No database, no attachments, "
                    "no personal data, no secrets.\n")
        zf.writestr("versions.json", json.dumps(versions(), ensure_ascii=False, indent=2))
        settings = config.as_dict(redact_secrets=True)
        zf.writestr("config.json", json.dumps({"sources": list(config.sources), "settings": settings},
                                              ensure_ascii=False, indent=2))
        zf.writestr("self-test.txt", mask_text("\n".join(self_test_lines)) + "\n")
        zf.writestr("db-check.txt", mask_text("\n".join(db_check_lines)) + "\n")
        zf.writestr("table-counts.json", json.dumps(table_counts(_store_of(config)), indent=2))
        if config.log_dir.is_dir():
            for log_file in sorted(config.log_dir.glob("*.log*")):
                text = log_file.read_text(encoding="utf-8", errors="replace")
                zf.writestr(f"logs/{log_file.name}", mask_text(text))
    tmp.replace(out)
    return out
