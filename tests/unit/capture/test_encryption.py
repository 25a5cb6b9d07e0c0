"""At-rest encryption: only with a secure key store; content address stays the plaintext hash."""
from __future__ import annotations

import hashlib
import os

import pytest

from desktop.devices.capture.base import CapturedPage
from desktop.devices.capture.images import JPEG
from desktop.devices.capture.simulated import page_jpeg
from desktop.services.attachments import AttachmentService, EncryptionUnavailable, IntegrityError
from desktop.services.attachments.crypto import KeyringKeyStore, MemoryKeyStore, enable_encryption


def _page() -> CapturedPage:
    return CapturedPage(page_jpeg(1, size=(300, 424)), JPEG, 300, 424, "file")


def test_encryption_cannot_be_enabled_without_a_secure_keyring(config):
    assert "密钥环" in (KeyringKeyStore().secure_reason() or "")  # the tests run on keyring's null backend
    with pytest.raises(EncryptionUnavailable, match="不能开启附件加密"):
        enable_encryption(config)
    assert not config.local_settings_path.exists()


def test_enabling_encryption_with_a_secure_store_creates_the_key_and_saves_the_setting(config):
    store = MemoryKeyStore()
    new = enable_encryption(config, store)
    assert new.security.encrypt_attachments and len(store.load_key()) == 32


def test_encrypted_page_is_not_readable_on_disk_but_reads_back_verified(ctx, clerk_app):
    user, _app, (mid, _) = clerk_app
    ctx.config = ctx.config.replace("security", encrypt_attachments=True)
    service = AttachmentService(ctx, key_store=MemoryKeyStore(os.urandom(32)))
    page = _page()
    info = service.add_page(mid, page, user)
    assert info.encrypted and info.sha256 == hashlib.sha256(page.data).hexdigest()
    on_disk = (ctx.config.attachments_dir / info.sha256[:2] / info.sha256[2:]).read_bytes()
    assert page.data[:200] not in on_disk and on_disk.startswith(b"OWE1")
    assert service.open_attachment_bytes(info.sha256) == page.data


def test_an_encrypted_file_read_with_another_key_is_an_integrity_error(ctx, clerk_app):
    user, _app, (mid, _) = clerk_app
    ctx.config = ctx.config.replace("security", encrypt_attachments=True)
    info = AttachmentService(ctx, key_store=MemoryKeyStore(os.urandom(32))).add_page(mid, _page(), user)
    other = AttachmentService(ctx, key_store=MemoryKeyStore(os.urandom(32)))
    with pytest.raises(IntegrityError, match="解密校验失败"):
        other.open_attachment_bytes(info.sha256)


def test_encryption_on_without_a_secure_store_refuses_to_write_plaintext(ctx, clerk_app):
    user, _app, (mid, _) = clerk_app
    ctx.config = ctx.config.replace("security", encrypt_attachments=True)
    service = AttachmentService(ctx)  # the OS keyring, null backend here
    with pytest.raises(EncryptionUnavailable):
        service.add_page(mid, _page(), user)
    assert service.list_pages(mid) == []
    assert not any(p.is_file() for p in ctx.config.attachments_dir.rglob("*")) if ctx.config.attachments_dir.exists() \
        else True


def test_the_encrypt_command_refuses_without_a_secure_keyring_and_says_why(data_dir, capsys):
    from desktop.cli import main

    assert main(["--data-dir", str(data_dir), "attachments", "encrypt"]) == 1
    assert "不能开启附件加密" in capsys.readouterr().err
