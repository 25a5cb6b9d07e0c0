"""Issue 16 #8: the store, its backups and the page files are encrypted; IT can still get in, audited."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.config import load_config
from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext
from desktop.store.connect import SQLITE_HEADER

ROOT = Path(__file__).resolve().parents[3]


def keyed_config(data_dir: Path, key_file: Path):
    """What IT provisions on a PC without a keyring (and what tests and CI use): a key file."""
    return load_config(data_dir=data_dir, search_default_provisioning=False,
                       overrides={"security": {"store_encryption": "key-file", "store_key_file": str(key_file)}})


@pytest.fixture
def keyed(tmp_path):
    return keyed_config(tmp_path / "data", tmp_path / "keys" / "store.key")


def _header(path: Path) -> bytes:
    return path.read_bytes()[:16]


def test_the_store_is_unreadable_without_its_key_and_works_with_it(keyed):
    ctx = AppContext.open(keyed)
    AuthService(ctx).create_user("admin", "admin2026", "admin")
    ctx.close()
    assert _header(keyed.db_path) != SQLITE_HEADER
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(keyed.db_path).execute("SELECT count(*) FROM user").fetchone()
    ctx = AppContext.open(keyed)
    assert [u["username"] for u in AuthService(ctx).list_users()] == ["admin"]
    from desktop.services.maintenance.store_recovery import check_store

    assert [f.name for f in check_store(keyed) if not f.ok] == []
    backup = __import__("desktop.store.migrate", fromlist=["rotate_backup"]).rotate_backup(
        ctx.db.store, keyed.backup_dir, 3, "test")
    ctx.close()
    assert _header(backup) != SQLITE_HEADER  # backups keep the store's encryption


def _plain_store_with_cases(tmp_path) -> Path:
    data = tmp_path / "data"
    ctx = AppContext.open(load_config(data_dir=data, search_default_provisioning=False))
    auth = AuthService(ctx)
    auth.create_user("admin", "admin2026", "admin")
    auth.create_user("amy", "clerk2026", "clerk")
    ctx.close()
    assert _header(data / "onewindow.sqlite3") == SQLITE_HEADER
    return data


@pytest.mark.parametrize("crash_at", [None, "exported", "journal-written", "original-kept", "incoming-placed",
                                      "swapped"])
def test_a_plain_store_is_encrypted_in_place_and_a_kill_9_at_any_step_loses_nothing(tmp_path, crash_at):
    data = _plain_store_with_cases(tmp_path)
    key_file = tmp_path / "keys" / "store.key"
    keyed = keyed_config(data, key_file)
    if crash_at is not None:
        child = subprocess.run([sys.executable, "-c", (
            "import sys; from pathlib import Path; from desktop.store.keys import write_key_file; "
            "from desktop.store.connect import StoreFile; from desktop.store.encryption import encrypt_in_place; "
            "key = write_key_file(Path(sys.argv[2])); "
            "encrypt_in_place(StoreFile(Path(sys.argv[1]), key), crash_at=sys.argv[3])"),
            str(keyed.db_path), str(key_file), crash_at], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert child.returncode == 137, child.stderr
    ctx = AppContext.open(keyed)  # the next start finishes the job
    try:
        assert sorted(u["username"] for u in AuthService(ctx).list_users()) == ["admin", "amy"]
    finally:
        ctx.close()
    assert _header(keyed.db_path) != SQLITE_HEADER
    leftovers = [p for p in data.iterdir() if p.is_file() and p.suffix == ".sqlite3"
                 and _header(p) == SQLITE_HEADER]
    assert leftovers == []  # no plain copy of the citizens' data stays behind


def test_page_files_are_encrypted_with_the_store(keyed):
    from desktop.devices.capture.base import CapturedPage
    from desktop.services.attachments import AttachmentService
    from tests.unit.hardening.cases import draft_material

    ctx = AppContext.open(keyed)
    material = draft_material(ctx)
    jpeg = b"\xff\xd8\xff\xe0 a scanned ID card \xff\xd9"
    service = AttachmentService(ctx)
    page = service.add_page(material, CapturedPage(jpeg, "image/jpeg", 10, 10, "file"))
    on_disk = service.blobs.path_for(page.sha256).read_bytes()
    assert jpeg not in on_disk and page.encrypted
    assert service.page_bytes(page.id) == jpeg
    assert oct(service.blobs.path_for(page.sha256).stat().st_mode & 0o777) == "0o600"
    ctx.close()


def test_it_can_export_an_unencrypted_copy_for_support_with_an_admin_credential_audited(keyed, tmp_path):
    ctx = AppContext.open(keyed)
    AuthService(ctx).create_user("admin", "admin2026", "admin")
    ctx.close()
    from desktop.cli import main

    out = tmp_path / "support.sqlite3"
    args = ["--data-dir", str(keyed.data_dir), "db", "export-plain", "--out", str(out)]
    settings = keyed.data_dir / "settings.toml"
    settings.write_text(f'[security]\nstore_encryption = "key-file"\nstore_key_file = "{keyed.security.store_key_file}"\n',
                        encoding="utf-8")
    assert main(args) != 0 and not out.exists()  # no credential, no copy
    sys.stdin = __import__("io").StringIO("admin2026\n")
    try:
        assert main([*args, "--admin", "admin", "--admin-password-stdin"]) == 0
    finally:
        sys.stdin = sys.__stdin__
    plain = sqlite3.connect(out)
    assert plain.execute("SELECT username FROM user").fetchall() == [("admin",)]
    plain.close()
    ctx = AppContext.open(keyed)
    with ctx.db.session() as s:
        from sqlalchemy import select

        from desktop.store.models import AuditEvent

        actions = list(s.scalars(select(AuditEvent.action)))
    ctx.close()
    assert "cli.db.export_plain" in actions
