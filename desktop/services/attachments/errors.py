"""Errors of the attachment store; every message is for the clerk (Simplified Chinese)."""
from __future__ import annotations

from desktop.domain.errors import UserError


class AttachmentError(UserError):
    """A page could not be stored or read; ``str(exc)`` is shown to the clerk as is."""


class IntegrityError(AttachmentError):
    """A stored file no longer matches its content address: never show it as if it were the page."""


class MissingFileError(AttachmentError):
    """The database names a page whose file is gone (restored DB without its attachments dir, disk fault)."""


class EncryptionUnavailable(AttachmentError):
    """Encryption is asked for but no secure key store exists; we refuse rather than write plaintext."""


class PagesRequired(AttachmentError):
    """The matter demands an electronic copy of this material and none has been captured yet."""
