"""Where the store's encryption key comes from: the OS keyring, a key file IT provisioned, or nowhere.

``security.store_encryption`` chooses (see ``docs/ARCHITECTURE.md`` "Personal data at rest"):

* ``auto`` (default): the OS keyring when a secure backend exists (Windows Credential Manager,
  Secret Service / KWallet); otherwise the key file named by ``security.store_key_file`` if IT
  provisioned one; otherwise the store stays plain and self-test / ``db check`` say so.
* ``keyring``: the keyring or nothing — start-up stops when no secure keyring exists.
* ``key-file``: the file ``security.store_key_file`` (64 hex digits, 0600). The trade-off: the
  key lies on the same PC, readable by the same OS user, so it protects copies of the store
  (a backup on a USB stick, a copied data dir, a disk image of the data partition without the
  key file) but not a stolen PC whose whole disk is taken. Put the key file outside the data
  dir (e.g. ``/etc/onewindow/store.key`` readable by the clerk's account only, or a removable
  key medium). Tests, CI and the demo use this mode with a throwaway key file — CI has no keyring.
* ``off``: plain SQLite (for IT's benchmarks and for support on purpose).

The key is 32 random bytes; SQLCipher gets it raw, so no passphrase KDF runs per connection.
"""
from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from desktop.store.connect import KEY_BYTES, PRIVATE_FILE, cipher_available

log = logging.getLogger("onewindow.store.keys")

KEYRING_SERVICE = "onewindow"
MODES = ("auto", "keyring", "key-file", "off")


class StoreKeyUnavailable(RuntimeError):
    """The configured key source cannot give a key; the message is for IT."""


@dataclass(frozen=True)
class KeyChoice:
    key: bytes | None
    source: str  # "keyring" | "key-file" | "off" | "none"
    warning: str = ""  # why the store is not encrypted, for self-test / db check


def keyring_user(db_path: Path) -> str:
    """One keyring entry per store file (a PC may hold a demo hall beside the real one)."""
    return "store-key|" + hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:24]


def secure_keyring_reason() -> str | None:
    """None when the OS keyring can hold a key safely, else why not (in Chinese)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except Exception as exc:  # noqa: BLE001 - a broken keyring install must not stop start-up
        return f"系统密钥环无法加载（{type(exc).__name__}）"
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001
        return f"系统密钥环无法初始化（{type(exc).__name__}）"
    if isinstance(backend, null.Keyring | fail.Keyring):
        return "本机没有可用的系统密钥环（如 Windows 凭据管理器或 Secret Service）"
    if getattr(backend, "priority", 0) < 1 or "plaintext" in type(backend).__name__.lower():
        return f"系统密钥环后端“{type(backend).__name__}”不安全（会以明文保存密钥）"
    return None


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except FileNotFoundError:
        raise StoreKeyUnavailable(f"数据库密钥文件 {path} 不存在。请信息技术人员放回密钥文件。") from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise StoreKeyUnavailable(f"数据库密钥文件 {path} 无法读取或格式不正确（应为 64 位十六进制数字）："
                                  f"{exc}") from exc
    if len(key) != KEY_BYTES:
        raise StoreKeyUnavailable(f"数据库密钥文件 {path} 格式不正确（应为 64 位十六进制数字）。")
    return key


def write_key_file(path: Path, key: bytes | None = None) -> bytes:
    """Create a new key file, user-only (0600); refuses to overwrite an existing one."""
    key = key or secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        os.write(fd, key.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def _keyring_key(db_path: Path, *, create: bool) -> bytes | None:
    import keyring

    user = keyring_user(db_path)
    text = keyring.get_password(KEYRING_SERVICE, user)
    if text:
        try:
            key = bytes.fromhex(text)
        except ValueError:
            key = b""
        if len(key) != KEY_BYTES:
            raise StoreKeyUnavailable("系统密钥环中的数据库密钥格式不正确。请联系信息技术人员。")
        return key
    if not create:
        return None
    key = secrets.token_bytes(KEY_BYTES)
    keyring.set_password(KEYRING_SERVICE, user, key.hex())
    if keyring.get_password(KEYRING_SERVICE, user) != key.hex():
        raise StoreKeyUnavailable("无法把数据库密钥保存到系统密钥环。")
    return key


def choose_key(mode: str, key_file: str, db_path: Path, *, store_exists: bool, store_is_plain: bool) -> KeyChoice:
    """The key for the store at ``db_path`` under the configured ``mode``.

    A key is created only when there is nothing it could lock out: a new store, or a plain
    store about to be encrypted in place. An encrypted store whose key is gone is an error for
    IT (the backups hold the same key), never a reason to start a new store.
    """
    if mode not in MODES:
        raise StoreKeyUnavailable(f"security.store_encryption 的值“{mode}”无效（可选：{', '.join(MODES)}）。")
    if mode == "off":
        return KeyChoice(None, "off", "数据库加密已被设置关闭（security.store_encryption = off）。")
    if not cipher_available():
        if mode == "auto":
            return KeyChoice(None, "none", "缺少 SQLCipher 组件，数据库未加密。")
        raise StoreKeyUnavailable("本程序缺少数据库加密组件（sqlcipher3），请重新安装一窗通。")
    may_create = not store_exists or store_is_plain
    if mode in ("auto", "keyring"):
        reason = secure_keyring_reason()
        if reason is None:
            key = _keyring_key(db_path, create=may_create)
            if key is None:
                raise StoreKeyUnavailable("数据库已加密，但系统密钥环中找不到它的密钥（可能换了 Windows 账号或重装了系统）。"
                                          "请联系信息技术人员用密钥备份恢复。")
            return KeyChoice(key, "keyring")
        if mode == "keyring":
            raise StoreKeyUnavailable(f"{reason}，按设置（store_encryption = keyring）不能启动。"
                                      "请信息技术人员配置系统密钥环，或提供数据库密钥文件。")
    if key_file:
        path = Path(key_file)
        if not path.exists() and may_create:
            log.warning("creating the store key file %s", path)
            return KeyChoice(write_key_file(path), "key-file")
        return KeyChoice(read_key_file(path), "key-file")
    if mode == "key-file":
        raise StoreKeyUnavailable("设置要求使用数据库密钥文件，但没有设置 security.store_key_file。")
    if store_exists and not store_is_plain:
        raise StoreKeyUnavailable("数据库已加密，但本机既没有系统密钥环，也没有配置数据库密钥文件。请联系信息技术人员。")
    return KeyChoice(None, "none", f"{secure_keyring_reason()}，也没有配置数据库密钥文件：个人数据未加密保存。"
                                   "请信息技术人员配置系统密钥环或数据库密钥文件（security.store_key_file）。")
