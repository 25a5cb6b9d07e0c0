"""Reading attachment bytes for upload, verified against their sha256.

Uses the attachments service's blob store when it is present (it knows about at-rest
encryption); otherwise reads ``attachments/ab/cdef…`` directly. Either way the bytes are
checked against their name before they leave the machine.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path


class BlobMissing(Exception):
    """The page's file is not on this machine (or fails its checksum)."""


BlobReader = Callable[[str], bytes]


def plain_reader(attachments_dir: Path) -> BlobReader:
    def read(sha256: str) -> bytes:
        try:
            data = (Path(attachments_dir) / sha256[:2] / sha256[2:]).read_bytes()
        except OSError as exc:
            raise BlobMissing(sha256) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BlobMissing(sha256)
        return data

    return read


def default_reader(ctx) -> BlobReader:
    try:
        from desktop.services.attachments.errors import AttachmentError
        from desktop.services.attachments.service import AttachmentService
    except ImportError:
        return plain_reader(ctx.config.attachments_dir)
    service = AttachmentService(ctx)

    def read(sha256: str) -> bytes:
        try:
            return service.open_attachment_bytes(sha256)
        except AttachmentError as exc:
            raise BlobMissing(sha256) from exc

    return read
