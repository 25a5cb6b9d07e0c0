"""A document value as text and back: what a paper showed, kept with its issue record.

A paper handed over at the counter must be reproducible exactly, years later, whatever happened
to the rows it was built from. So the value the template rendered (hall, case, parties, matter
and version, materials, dates, clerk, numbers) is frozen as canonical JSON and a reprint renders
the thawed value again. The codec follows the dataclasses' own type hints, so a field added to a
document later reads back with its default from papers frozen before it existed.

``content_digest`` is the hash printed (shortened) in the paper's QR code: it covers everything
the paper says except the QR payload itself and the reprint marker.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import types
import typing
from typing import Any

from desktop.domain.canonical_json import canonical
from printing.documents import DOCUMENT_TYPES, Document, DocumentKind, IssueInfo

VERIFY_CODE_LENGTH = 10


class FrozenDocumentError(ValueError):
    """Stored content that cannot be read back as the document it claims to be."""


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(options[0], value)
    if origin is tuple:
        (item, *_rest) = typing.get_args(tp)
        return tuple(_decode(item, v) for v in value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp) if f.init}
        return tp(**{k: _decode(hints[k], v) for k, v in value.items() if k in known})
    if tp is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if tp is dt.date:
        return dt.date.fromisoformat(value)
    return value


def freeze(document: Document) -> str:
    """Canonical JSON of a document value (sorted keys, UTF-8 characters kept, no spaces)."""
    return canonical(_encode(document))


def thaw(kind: DocumentKind | str, text: str) -> Document:
    """The document value ``freeze`` produced, for a paper of ``kind``."""
    cls = DOCUMENT_TYPES[DocumentKind(kind)]
    try:
        data = json.loads(text)
        document = _decode(cls, data)
    except (ValueError, TypeError, KeyError) as exc:
        raise FrozenDocumentError(f"stored content of a {DocumentKind(kind).value} cannot be read: {exc}") from exc
    return typing.cast(Document, document)


def content_digest(document: Document) -> str:
    """sha256 of what the paper says: without its QR payload and without a reprint marker."""
    issue = document.issue
    if issue is not None:
        issue = dataclasses.replace(issue, verify_code="", verify_payload="")
    bare = dataclasses.replace(document, issue=issue, reprint=None)
    return hashlib.sha256(freeze(bare).encode("utf-8")).hexdigest()


def verify_code(digest: str) -> str:
    """The short form of the digest printed in the QR code (upper-case hex)."""
    return digest[:VERIFY_CODE_LENGTH].upper()


def with_verification(document: Document, payload: str, code: str) -> Document:
    """The document with its QR payload filled in (the digest is computed without it)."""
    issue = document.issue or IssueInfo(issuing_body="", issued_on=dt.date.min)
    return typing.cast(Document, dataclasses.replace(
        document, issue=dataclasses.replace(issue, verify_code=code, verify_payload=payload)))
