"""The local copy of looked-up e-certificates, so a counter without network still sees them.

The holder is stored only as a keyed hash (the key is a random per-install secret in
``key_value``), so the table cannot be read back into a list of citizens' ID numbers; the
certificate number is stored masked. Rows older than ``certificates.cache_days`` are ignored:
a certificate revoked yesterday must not live on forever at an offline counter.
"""
from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.domain.certificates import Certificate, holder_key
from desktop.domain.masking import mask_text
from desktop.store.models import CertificateCache, KeyValue

SECRET_KEY = "certificates.holder_key_secret"


def _secret(session: Session) -> bytes:
    row = session.get(KeyValue, SECRET_KEY)
    if row is None:
        row = KeyValue(key=SECRET_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value)


def key_for(session: Session, holder_type: str, holder_id: str) -> str:
    return holder_key(_secret(session), holder_type, holder_id)


def replace_holder(session: Session, holder_type: str, holder_id: str, certs: list[Certificate],
                   now: dt.datetime) -> None:
    """The platform's answer is authoritative: the holder's cached rows become exactly ``certs``."""
    key = key_for(session, holder_type, holder_id)
    session.execute(delete(CertificateCache).where(CertificateCache.holder_key == key))
    for c in certs:
        session.add(CertificateCache(holder_type=holder_type, holder_key=key, cert_id=c.cert_id, type_code=c.type_code,
                                     name=c.name, number=mask_text(c.number)[:100], issuer=c.issuer,
                                     issued_on=c.issued_on, valid_until=c.valid_until, status=c.status,
                                     doc_ref=c.doc_ref, fetched_at=now, file_sha256=c.file_sha256))
    session.flush()


def cached(session: Session, holder_type: str, holder_id: str, *, now: dt.datetime,
           cache_days: int) -> tuple[list[Certificate], dt.datetime | None]:
    """Fresh cached certificates of a holder and when they were fetched (oldest), or ([], None)."""
    key = key_for(session, holder_type, holder_id)
    oldest = now - dt.timedelta(days=cache_days)
    rows = session.scalars(select(CertificateCache).where(CertificateCache.holder_key == key,
                                                          CertificateCache.holder_type == holder_type,
                                                          CertificateCache.fetched_at >= oldest)
                           .order_by(CertificateCache.id)).all()
    certs = [Certificate(cert_id=r.cert_id, type_code=r.type_code, name=r.name, number=r.number,
                         holder_type=holder_type, holder_id=holder_id, issuer=r.issuer, issued_on=r.issued_on,
                         valid_until=r.valid_until, status=r.status, doc_ref=r.doc_ref, file_sha256=r.file_sha256)
             for r in rows]
    return certs, (min(r.fetched_at for r in rows) if rows else None)
