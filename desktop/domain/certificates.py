"""Electronic certificates (电子证照): what the platform says a holder has, checked before use.

A certificate replaces paper only if it is provably the applicant's, currently valid and
exactly the file the platform vouches for. Everything the platform sends is therefore parsed
here into a :class:`Certificate` and refused with a plain Chinese reason when any part is off
(another holder, an unknown type, a date that is not a date): a wrong certificate on a case is
worse than none, because the back office would trust it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.domain.catalog_format import CERT_TYPES
from desktop.domain.errors import UserError

STATUSES = {"valid": "有效", "revoked": "已注销", "expired": "已过期"}
HOLDER_TYPES = ("person", "org")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Rows that name another person's document (an agent's, a parent's, the deceased's): the
# applicant's own certificate must not stand in for them.
_OTHER_PERSON_MARKERS = ("受托人", "代理人", "父母", "父（母）", "死者", "配偶", "迁入地")


class CertificateDataError(UserError, ValueError):
    """The platform's answer about a certificate cannot be trusted; the message is for the clerk."""


@dataclass(frozen=True)
class Certificate:
    """One e-certificate as the platform describes it (holder id kept only for the check)."""

    cert_id: str
    type_code: str
    name: str
    number: str
    holder_type: str
    holder_id: str
    issuer: str
    issued_on: dt.date | None
    valid_until: dt.date | None
    status: str
    doc_ref: str
    file_sha256: str

    @property
    def type_label(self) -> str:
        return CERT_TYPES.get(self.type_code, self.type_code)

    @property
    def reference(self) -> str:
        """What the case and the receipt record: the type's name and the platform's id (no personal number)."""
        return f"{self.name or self.type_label}（{self.cert_id}）"[:200]


def _date(raw: Mapping[str, Any], key: str, label: str, cert_id: str) -> dt.date | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            raise ValueError(value)
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CertificateDataError(f"电子证照 {cert_id} 的{label}“{value}”不是有效日期，已拒绝使用该证照") from exc


def parse_certificate(raw: Any, *, holder_type: str, holder_id: str) -> Certificate:
    """Check one item of the platform's answer against the holder that was asked about."""
    if not isinstance(raw, Mapping):
        raise CertificateDataError("中心平台返回的电子证照数据格式不正确，已拒绝使用")
    cert_id = str(raw.get("id") or "").strip()
    if not cert_id:
        raise CertificateDataError("电子证照缺少证照标识，已拒绝使用")
    type_code = str(raw.get("type") or "")
    if type_code not in CERT_TYPES:
        raise CertificateDataError(f"电子证照类型“{type_code}”本系统不认识，已拒绝使用证照 {cert_id}")
    got_holder = str(raw.get("holder_id") or "").strip().upper()
    if got_holder != holder_id.strip().upper() or str(raw.get("holder_type") or holder_type) != holder_type:
        raise CertificateDataError(f"中心平台返回的电子证照 {cert_id} 不属于本办件申请人，已拒绝使用，请收取纸质材料")
    status = str(raw.get("status") or "")
    if status not in STATUSES:
        raise CertificateDataError(f"电子证照 {cert_id} 的状态“{status}”无法识别，已拒绝使用")
    sha = str(raw.get("sha256") or "").lower()
    if not _SHA256.fullmatch(sha):
        raise CertificateDataError(f"电子证照 {cert_id} 缺少有效的文件校验值，已拒绝使用")
    issued = _date(raw, "issued_on", "签发日期", cert_id)
    valid_until = _date(raw, "valid_until", "有效期", cert_id)
    if issued and valid_until and valid_until < issued:
        raise CertificateDataError(f"电子证照 {cert_id} 的有效期早于签发日期，已拒绝使用")
    return Certificate(cert_id=cert_id[:100], type_code=type_code, name=str(raw.get("name") or CERT_TYPES[type_code])[:200],
                       number=str(raw.get("number") or "")[:100], holder_type=holder_type, holder_id=got_holder,
                       issuer=str(raw.get("issuer") or "")[:200], issued_on=issued, valid_until=valid_until,
                       status=status, doc_ref=str(raw.get("doc_ref") or "")[:200], file_sha256=sha)


def unusable_reason(cert: Certificate, today: dt.date) -> str | None:
    """Why a certificate may not stand in for paper today (None: it may).

    The platform's status can lag behind the printed validity date, so both are checked.
    """
    if cert.status != "valid":
        return f"电子证照 {cert.cert_id} {STATUSES[cert.status]}，不能使用"
    if cert.valid_until is not None and cert.valid_until < today:
        return f"电子证照 {cert.cert_id} 已于 {cert.valid_until.isoformat()} 过期，不能使用"
    return None


def offerable(certs: Iterable[Certificate], today: dt.date) -> list[Certificate]:
    """Only certificates the clerk may use: never an expired or revoked one."""
    return [c for c in certs if unusable_reason(c, today) is None]


def names_other_person(material_name: str) -> bool:
    return any(marker in material_name for marker in _OTHER_PERSON_MARKERS)


def match_rows(rows: Sequence[tuple[int, str, str | None]], certs: Sequence[Certificate]) -> dict[int, Certificate]:
    """Checklist seq -> the certificate that can stand in for it.

    ``rows`` are (seq, material name, cert_type). A row matches only the applicant's own
    certificate of the catalog's type; rows about someone else's document are left to paper.
    """
    by_type: dict[str, Certificate] = {}
    for cert in certs:
        by_type.setdefault(cert.type_code, cert)
    return {seq: by_type[ctype] for seq, name, ctype in rows
            if ctype and ctype in by_type and not names_other_person(name)}


def holder_key(secret: bytes, holder_type: str, holder_id: str) -> str:
    """A keyed hash of the holder: the cache can be searched by holder without storing the number."""
    message = f"{holder_type}|{holder_id.strip().upper()}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
