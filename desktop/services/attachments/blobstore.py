"""Content-addressed page files: ``attachments/ab/cdef…`` named by the sha256 of the plaintext.

Why content addressing: identical pages are stored once, a file can be verified against its
own name on every read (a flipped bit shows as a warning, never as a silently wrong image),
and sync uploads by hash, so a retry resends nothing that already arrived.

Durability: a file is written to ``tmp/``, fsynced, renamed into place and its directory
fsynced before anyone may reference it from the database. A crash leaves at most a stray
temp file, which ``attachments gc`` removes.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.services.attachments.crypto import Cipher, is_encrypted
from desktop.services.attachments.errors import AttachmentError, IntegrityError, MissingFileError

log = logging.getLogger("onewindow.attachments")

_SHA_RE = re.compile(r"[0-9a-f]{64}")
TMP_DIR = "tmp"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int  # plaintext bytes
    encrypted: bool
    deduplicated: bool  # an identical page was already on disk


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """The files under one attachments dir. ``cipher`` is asked for lazily (only when needed)."""

    def __init__(self, root: Path, cipher: Callable[[], Cipher] | None = None) -> None:
        self.root = Path(root)
        self._cipher = cipher

    # --- paths ---------------------------------------------------------------------------

    def path_for(self, sha256: str) -> Path:
        if not _SHA_RE.fullmatch(sha256):
            raise AttachmentError(f"附件编号格式不正确：{sha256[:16]!r}")
        return self.root / sha256[:2] / sha256[2:]

    @property
    def tmp_dir(self) -> Path:
        return self.root / TMP_DIR

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    # --- write ---------------------------------------------------------------------------

    def put(self, plaintext: bytes, *, encrypt: bool = False) -> Stored:
        """Store ``plaintext`` durably; returns once the file is safe to reference."""
        if not plaintext:
            raise AttachmentError("页面内容为空，未保存。")
        sha = sha256_hex(plaintext)
        final = self.path_for(sha)
        if final.is_file():
            try:
                self.read(sha)
                os.utime(final)  # reused now: gc's grace period starts again
                return Stored(sha, len(plaintext), is_encrypted(self._head(final)), deduplicated=True)
            except (IntegrityError, OSError):
                log.warning("attachment %s on disk is damaged; rewriting it from the fresh capture", sha[:12])
        blob = self._require_cipher().encrypt(plaintext, sha) if encrypt else plaintext
        self._write_atomically(final, blob)
        return Stored(sha, len(plaintext), encrypt, deduplicated=False)

    def _write_atomically(self, final: Path, blob: bytes) -> None:
        for directory in (self.root, self.tmp_dir, final.parent):
            if not directory.is_dir():
                directory.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):
                    os.chmod(directory, 0o700)  # a citizen's ID card scan is for this OS user only
        tmp = self.tmp_dir / f"{final.parent.name}{final.name}.{secrets.token_hex(4)}.part"
        try:
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
                fh.write(blob)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise AttachmentError(f"无法保存页面文件：{exc.strerror or exc}（请检查磁盘空间和数据目录权限）") from exc

    # --- read ----------------------------------------------------------------------------

    def read(self, sha256: str) -> bytes:
        """The plaintext of ``sha256``, verified against its name."""
        path = self.path_for(sha256)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise MissingFileError(f"附件文件丢失（{sha256[:12]}…）：数据目录中找不到这页的文件。") from None
        except OSError as exc:
            raise AttachmentError(f"无法读取附件文件（{sha256[:12]}…）：{exc.strerror or exc}") from exc
        plaintext = self._require_cipher().decrypt(blob, sha256) if is_encrypted(blob[:8]) else blob
        if sha256_hex(plaintext) != sha256:
            log.error("attachment %s failed verification (%d bytes on disk)", sha256[:12], len(blob))
            raise IntegrityError(f"附件文件已损坏（{sha256[:12]}…）：内容与登记的校验值不符，不能显示或上传。"
                                 "请重新采集这一页。")
        return plaintext

    def _head(self, path: Path) -> bytes:
        with open(path, "rb") as fh:
            return fh.read(8)

    def _require_cipher(self) -> Cipher:
        if self._cipher is None:
            from desktop.services.attachments.errors import EncryptionUnavailable

            raise EncryptionUnavailable("附件已加密，但本机没有配置加密密钥，无法读取。")
        return self._cipher()

    # --- housekeeping --------------------------------------------------------------------

    def iter_blobs(self) -> Iterator[tuple[str, Path]]:
        """Every stored page file as (sha256, path); foreign files are ignored."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if len(sub.name) != 2 or not sub.is_dir():
                continue
            for path in sub.iterdir():
                sha = sub.name + path.name
                if _SHA_RE.fullmatch(sha) and path.is_file():
                    yield sha, path

    def iter_temp_files(self) -> Iterator[Path]:
        if self.tmp_dir.is_dir():
            yield from (p for p in self.tmp_dir.iterdir() if p.is_file())

    def remove(self, sha256: str) -> int:
        """Delete one page file; returns the bytes freed."""
        path = self.path_for(sha256)
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            return 0
        return size
