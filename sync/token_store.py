"""Where the device token lives: the OS keyring in production, never a plaintext file silently.

``token_store_for(config)`` picks the store. Production: :class:`KeyringTokenStore` (service
"onewindow", one entry per data dir and server), which refuses to work — with a clear message —
when the only backend is the null/fail keyring or a plaintext one. Tests inject a
:class:`MemoryTokenStore`; subprocess tests and demos may opt in to :class:`PlaintextFileTokenStore`
by setting ``ONEWINDOW_INSECURE_TOKEN_FILE``, and every use of it says so in the log and the CLI.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

from sync.errors import SyncError

log = logging.getLogger("onewindow.sync")

SERVICE = "onewindow"
INSECURE_FILE_ENV = "ONEWINDOW_INSECURE_TOKEN_FILE"
_INSECURE_BACKENDS = {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring",
                      "keyrings.alt.file.PlaintextKeyring"}


class TokenStore(Protocol):
    description: str
    secure: bool

    def get(self) -> str | None: ...

    def set(self, token: str) -> None: ...

    def delete(self) -> None: ...


def token_key(data_dir: Path, server_url: str) -> str:
    return f"device-token|{server_url.rstrip('/')}|{Path(data_dir).resolve()}"


class KeyringTokenStore:
    secure = True

    def __init__(self, key: str) -> None:
        self.key = key
        self.description = "系统钥匙串（keyring）"

    @staticmethod
    def backend_name() -> str:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__qualname__}"

    def _keyring(self):
        import keyring
        from keyring.backends import chainer

        backend = keyring.get_keyring()
        name = self.backend_name()
        empty_chain = isinstance(backend, chainer.ChainerBackend) and not backend.backends
        if name in _INSECURE_BACKENDS or empty_chain:
            raise SyncError("no_keyring", detail=f"keyring backend {name}")
        return keyring

    def get(self) -> str | None:
        from keyring.errors import KeyringError

        try:
            return self._keyring().get_password(SERVICE, self.key)
        except KeyringError as exc:
            raise SyncError("no_keyring", detail=type(exc).__name__) from exc

    def set(self, token: str) -> None:
        from keyring.errors import KeyringError

        try:
            self._keyring().set_password(SERVICE, self.key, token)
        except KeyringError as exc:
            raise SyncError("no_keyring", detail=type(exc).__name__) from exc

    def delete(self) -> None:
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self._keyring().delete_password(SERVICE, self.key)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise SyncError("no_keyring", detail=type(exc).__name__) from exc


class MemoryTokenStore:
    """In-process only (tests, a single demo run): nothing touches the disk."""

    secure = True
    description = "内存（仅本次运行）"

    def __init__(self, token: str | None = None) -> None:
        self._token = token

    def get(self) -> str | None:
        return self._token

    def set(self, token: str) -> None:
        self._token = token

    def delete(self) -> None:
        self._token = None


class PlaintextFileTokenStore:
    """Opt-in plaintext file for tests and demos, announced loudly on every use."""

    secure = False

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.description = f"明文文件 {self.path}（不安全，仅供测试/演示）"

    def get(self) -> str | None:
        log.warning("device token read from an insecure plaintext file (%s)", INSECURE_FILE_ENV)
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def set(self, token: str) -> None:
        log.warning("device token written to an insecure plaintext file (%s)", INSECURE_FILE_ENV)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(token)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


def token_store_for(data_dir: Path, server_url: str) -> TokenStore:
    """The keyring store, unless the insecure test/demo file was explicitly requested."""
    explicit = os.environ.get(INSECURE_FILE_ENV)
    if explicit:
        return PlaintextFileTokenStore(Path(explicit))
    return KeyringTokenStore(token_key(data_dir, server_url))
