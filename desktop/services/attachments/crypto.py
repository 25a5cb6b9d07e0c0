"""Optional at-rest encryption of attachment files (AES-GCM, key in the OS keyring).

Why the key lives in the keyring and nowhere else: an attachment directory copied off a
counter PC (a stolen disk, a careless backup) must not show citizens' ID cards. Where no
secure keyring exists (a bare Linux session, the tests' null backend) encryption cannot be
switched on — a key written next to the data would protect nothing, so we say so instead.

File format: ``MAGIC | 12-byte nonce | ciphertext+tag``; the associated data is the
plaintext's sha256, so a file moved to another address fails authentication.
"""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.services.attachments.errors import EncryptionUnavailable, IntegrityError

MAGIC = b"OWE1"
NONCE_BYTES = 12
KEYRING_SERVICE = "onewindow"
KEYRING_USER = "attachment-key"


class KeyStore(Protocol):
    """Where the 256-bit attachment key is kept. Tests inject an in-memory one."""

    def secure_reason(self) -> str | None:
        """None when keys can be kept safely here, else why not (in Chinese)."""

    def load_key(self) -> bytes | None: ...

    def save_key(self, key: bytes) -> None: ...


class KeyringKeyStore:
    """The OS keyring (Windows Credential Manager, Secret Service / KWallet on Linux)."""

    def secure_reason(self) -> str | None:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, null.Keyring | fail.Keyring):
            return "本机没有可用的系统密钥环（如 Windows 凭据管理器或 Secret Service），无法安全保存加密密钥，因此不能开启附件加密。"
        if getattr(backend, "priority", 0) < 1 or "plaintext" in type(backend).__name__.lower():
            return f"系统密钥环后端“{type(backend).__name__}”不安全（密钥会以明文保存），不能开启附件加密。"
        return None

    def load_key(self) -> bytes | None:
        import keyring

        text = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        return base64.b64decode(text) if text else None

    def save_key(self, key: bytes) -> None:
        import keyring

        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, base64.b64encode(key).decode("ascii"))


class StoreDerivedKeyStore:
    """The page-file key of an encrypted store: derived from the store's SQLCipher key ("the same rule").

    No second secret to keep or lose: where the store's key lives (keyring or IT's key file), the
    page files' key lives too, and a store that is encrypted has encrypted pages.
    """

    def __init__(self, store_key: bytes) -> None:
        import hashlib
        import hmac

        self._key = hmac.new(store_key, b"onewindow/attachments/v1", hashlib.sha256).digest()

    def secure_reason(self) -> str | None:
        return None

    def load_key(self) -> bytes | None:
        return self._key

    def save_key(self, key: bytes) -> None:  # the key is derived, never stored
        pass


class MemoryKeyStore:
    """A key store in memory, for tests of the encrypted path and for throwaway demo halls."""

    def __init__(self, key: bytes | None = None, *, reason: str | None = None) -> None:
        self._key = key
        self._reason = reason

    def secure_reason(self) -> str | None:
        return self._reason

    def load_key(self) -> bytes | None:
        return self._key

    def save_key(self, key: bytes) -> None:
        self._key = key


@dataclass(frozen=True)
class Cipher:
    """AES-256-GCM over whole page files."""

    key: bytes

    def encrypt(self, plaintext: bytes, sha256: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return MAGIC + nonce + AESGCM(self.key).encrypt(nonce, plaintext, sha256.encode("ascii"))

    def decrypt(self, blob: bytes, sha256: str) -> bytes:
        nonce = blob[len(MAGIC):len(MAGIC) + NONCE_BYTES]
        try:
            return AESGCM(self.key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES:], sha256.encode("ascii"))
        except InvalidTag:
            raise IntegrityError(f"附件 {sha256[:12]}… 解密校验失败：文件已损坏、被篡改，或加密密钥已更换。") from None


def is_encrypted(blob_head: bytes) -> bool:
    return blob_head.startswith(MAGIC)


def cipher_from(store: KeyStore, *, create: bool) -> Cipher:
    """The cipher for ``store``'s key; with ``create`` a missing key is generated and saved."""
    reason = store.secure_reason()
    if reason:
        raise EncryptionUnavailable(reason)
    key = store.load_key()
    if key is None:
        if not create:
            raise EncryptionUnavailable("系统密钥环中找不到附件加密密钥，无法读取加密的附件。请联系信息技术人员。")
        key = AESGCM.generate_key(bit_length=256)
        store.save_key(key)
    if len(key) != 32:
        raise EncryptionUnavailable("系统密钥环中的附件加密密钥格式不正确（应为 256 位）。")
    return Cipher(key)


def enable_encryption(config, store: KeyStore | None = None):
    """Switch ``security.encrypt_attachments`` on — only where the key can be kept safely.

    Creates the key in ``store`` (the OS keyring by default) before saving the setting, so a
    page is never written "encrypted" with a key that does not exist. Returns the new config;
    raises :class:`EncryptionUnavailable` with the reason otherwise. Files already stored stay
    readable (plaintext files are recognised by their content); new pages are encrypted.
    """
    from desktop.config import save_local_settings

    cipher_from(store or KeyringKeyStore(), create=True)
    return save_local_settings(config, {"security": {"encrypt_attachments": True}})
