"""Use cases for e-certificates (电子证照) at the window: look up for a case, then use one for a material.

The network side is a *port* injected by the composition root (the GUI or a CLI command builds
``sync.certificates.CentralCertificates``); ``desktop`` never imports ``sync``. A port raises
:class:`CertificatesUnavailable` when the platform cannot be reached; the service then falls back
to the local cache, and intake simply goes on with paper if there is nothing to show.

Privacy: a lookup needs an open case (draft or waiting for supplement) of that holder — there is
no way to browse a citizen's certificates — and every lookup, refused ones included, is audited
with the clerk, the masked holder and the purpose. Network calls run outside any write
transaction, so a slow platform never holds the database.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from desktop.domain.certificates import (
    Certificate,
    CertificateDataError,
    match_rows,
    names_other_person,
    offerable,
    parse_certificate,
    unusable_reason,
)
from desktop.domain.errors import UserError
from desktop.domain.lifecycle import OPEN_STATUSES
from desktop.domain.masking import mask_id_number, mask_text
from desktop.services import audit
from desktop.services.accounts.auth import CurrentUser
from desktop.services.applications.loading import form_state, load_application, material_view
from desktop.services.applications.read_models import MaterialView
from desktop.services.attachments.service import AttachmentService
from desktop.services.certificates import cache as certificate_cache
from desktop.services.context import AppContext
from desktop.services.intake.applicants import PartyData
from desktop.store.models import Application, Attachment

log = logging.getLogger("onewindow.certificates")
_OPEN = frozenset(str(s) for s in OPEN_STATUSES)
DEFAULT_PURPOSE = "窗口受理材料核验"


class CertificateError(UserError):
    """A lookup or a use was refused; the message is for the clerk (the case is unchanged)."""


class CertificatesUnavailable(UserError):
    """The platform could not be reached (or timed out): fall back to the cache or to paper."""


class CertificatePort(Protocol):
    """What the platform offers; implemented over HTTP in ``sync/certificates.py``."""

    def lookup(self, holder_type: str, holder_id: str, types: Sequence[str]) -> list[dict[str, Any]]: ...

    def metadata(self, cert_id: str) -> dict[str, Any]: ...

    def file(self, cert_id: str) -> bytes: ...

    def verify(self, cert_id: str, sha256: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class OfferedCertificate:
    """A certificate the clerk may use, and the checklist rows it can stand in for."""

    cert_id: str
    type_code: str
    name: str
    number_masked: str
    issuer: str
    valid_until: dt.date | None
    reference: str
    seqs: tuple[int, ...]


@dataclass(frozen=True)
class LookupResult:
    source: str  # server | cache | none
    offered: tuple[OfferedCertificate, ...]
    rejected: tuple[str, ...] = ()  # clerk-facing reasons for items refused
    cached_at: dt.datetime | None = None
    message: str = ""

    @property
    def available_seqs(self) -> tuple[int, ...]:
        return tuple(sorted({s for c in self.offered for s in c.seqs}))


@dataclass(frozen=True)
class _Holder:
    kind: str
    id_number: str

    @property
    def masked(self) -> str:
        return mask_id_number(self.id_number) if self.kind == "person" else mask_text(self.id_number)


def _holder(app: Application) -> _Holder | None:
    if app.applicant is not None and app.applicant.id_number:
        return _Holder(app.applicant.kind, app.applicant.id_number.strip().upper())
    party = PartyData.from_dict(form_state(app).get("applicant"))
    if party is None or not party.id_number:
        return None
    return _Holder(party.kind if party.kind in ("person", "org") else "person", party.id_number)


def _rows(app: Application) -> list[tuple[int, str, str | None]]:
    return [(m.seq, m.name, m.cert_type) for m in app.materials if m.cert_type]


class CertificateService:
    def __init__(self, ctx: AppContext, port: CertificatePort | None = None, *,
                 attachments: AttachmentService | None = None) -> None:
        self.ctx = ctx
        self.port = port
        self._attachments = attachments

    @property
    def attachments(self) -> AttachmentService:
        if self._attachments is None:
            self._attachments = AttachmentService(self.ctx)
        return self._attachments

    def today(self) -> dt.date:
        return self.ctx.today()

    # --- the open-case rule ------------------------------------------------------------------

    def _open_case(self, clerk: CurrentUser, uuid: str, action: str, purpose: str) -> tuple[_Holder, list, list[str]]:
        """(holder, rows, types) of an open case, or an audited refusal."""
        with self.ctx.db.session() as s:
            app = load_application(s, uuid)
            holder = _holder(app)
            reason = None
            if app.status not in _OPEN:
                reason = "只能为正在受理（草稿或待补正）的办件查询电子证照"
            elif holder is None:
                reason = "请先录入申请人的证件号码，再查询电子证照"
            rows = _rows(app)
        if reason or holder is None:
            with self.ctx.db.transaction() as s:  # its own transaction: a refusal is recorded, not rolled back
                audit.record(s, clerk.username, f"{action}.refused", uuid,
                             {"holder": holder.masked if holder else "", "purpose": purpose, "reason": reason},
                             at=self.ctx.now())
            raise CertificateError(reason or "")
        return holder, rows, sorted({t for _, _, t in rows if t})

    # --- lookup ------------------------------------------------------------------------------

    def lookup_for_application(self, clerk: CurrentUser, uuid: str, *, purpose: str = DEFAULT_PURPOSE) -> LookupResult:
        """Ask the platform (or, offline, the cache) which certificates can stand in for this case's rows."""
        holder, rows, types = self._open_case(clerk, uuid, "certificate.lookup", purpose)
        if not types:
            return LookupResult("none", (), message="本事项没有可用电子证照替代的材料")
        source = "server"
        cached_at: dt.datetime | None = None
        rejected: list[str] = []
        certs: list[Certificate] = []
        raw: list[dict[str, Any]] | None = None
        if self.port is not None:
            try:
                raw = self.port.lookup(holder.kind, holder.id_number, types)
            except CertificatesUnavailable as exc:
                log.info("certificate lookup unavailable: %s", type(exc).__name__)
            except CertificateError as exc:
                rejected.append(str(exc))
                raw = []
        if raw is not None:
            certs, rejected = self._parse_all(raw, holder, rejected)
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            if raw is not None and not rejected_all(rejected, raw):
                certificate_cache.replace_holder(s, holder.kind, holder.id_number, certs, now)
            elif raw is None:
                source = "cache"
                certs, cached_at = certificate_cache.cached(s, holder.kind, holder.id_number, now=now,
                                                            cache_days=self.ctx.config.certificates.cache_days)
            usable = offerable(certs, self.today())
            matches = match_rows(rows, usable)
            self._mark_available(s, uuid, matches)
            audit.record(s, clerk.username, "certificate.lookup", uuid,
                         {"holder": holder.masked, "purpose": purpose, "source": source, "types": types,
                          "found": len(certs), "offered": len({c.cert_id for c in matches.values()}),
                          "rejected": len(rejected)}, at=now)
        offered = tuple(self._offer(c, [seq for seq, m in matches.items() if m.cert_id == c.cert_id])
                        for c in usable if any(m.cert_id == c.cert_id for m in matches.values()))
        message = ""
        if source == "cache":
            message = (f"中心平台暂不可达，显示缓存于 {cached_at:%Y-%m-%d %H:%M}（UTC）的电子证照" if cached_at
                       else "中心平台暂不可达，且本机没有该申请人的电子证照缓存，请收取纸质材料")
        return LookupResult(source, offered, tuple(rejected), cached_at, message)

    def _parse_all(self, raw: list[dict[str, Any]], holder: _Holder, rejected: list[str]) -> tuple[list, list[str]]:
        certs: list[Certificate] = []
        for item in raw:
            try:
                certs.append(parse_certificate(item, holder_type=holder.kind, holder_id=holder.id_number))
            except CertificateDataError as exc:
                rejected.append(str(exc))
                if "不属于本办件申请人" in str(exc):
                    # A platform that mixes up holders cannot be trusted for this answer at all.
                    log.warning("certificate answer named another holder; whole answer refused")
                    return [], [str(exc)]
        return certs, rejected

    def _offer(self, c: Certificate, seqs: list[int]) -> OfferedCertificate:
        return OfferedCertificate(c.cert_id, c.type_code, c.name, mask_text(c.number), c.issuer, c.valid_until,
                                  c.reference, tuple(sorted(seqs)))

    @staticmethod
    def _mark_available(s: Session, uuid: str, matches: dict[int, Certificate]) -> None:
        app = load_application(s, uuid)
        for m in app.materials:
            m.certificate_available = m.seq in matches or m.state == "certificate"

    # --- use ---------------------------------------------------------------------------------

    def use_certificate(self, clerk: CurrentUser, uuid: str, seq: int, cert_id: str, *,
                        purpose: str = DEFAULT_PURPOSE) -> MaterialView:
        """The clerk confirms: the row becomes 'certificate', with the file and verification attached.

        Online, the file is fetched, its sha256 compared with the platform's record and the
        platform asked to verify it. Offline, a fresh cached certificate may still be used; the
        verification record then says so, and the back office sees it was not checked online.
        """
        holder, rows, _ = self._open_case(clerk, uuid, "certificate.use", purpose)
        row = next((r for r in rows if r[0] == seq), None)
        if row is None:
            raise CertificateError(f"第 {seq} 项材料不能用电子证照替代，请收取纸质材料")
        if names_other_person(row[1]):
            raise CertificateError(f"“{row[1]}”是他人的证件，不能用申请人本人的电子证照替代")
        cert, pdf, verification = self._fetch_verified(holder, cert_id)
        if cert.type_code != row[2]:
            raise CertificateError(f"电子证照 {cert_id}（{cert.type_label}）与材料“{row[1]}”所需证照类型不符")
        if reason := unusable_reason(cert, self.today()):
            raise CertificateError(reason)
        return self._apply(clerk, uuid, seq, cert, pdf, verification, holder, purpose)

    def _fetch_verified(self, holder: _Holder, cert_id: str) -> tuple[Certificate, bytes | None, dict[str, Any]]:
        from desktop.services.attachments.blobstore import sha256_hex

        if self.port is not None:
            try:
                meta = self.port.metadata(cert_id)
                cert = self._parse_one(meta, holder)
                pdf = self.port.file(cert_id)
                if sha256_hex(pdf) != cert.file_sha256:
                    raise CertificateError(f"电子证照 {cert_id} 的文件与平台登记的校验值不一致（可能被篡改或传输损坏），"
                                           "已拒绝使用，请收取纸质材料")
                result = self.port.verify(cert_id, cert.file_sha256)
                if result.get("authentic") is not True:
                    raise CertificateError(f"中心平台未能核验电子证照 {cert_id} 的真实性，已拒绝使用，请收取纸质材料")
                return cert, pdf, {"mode": "online", "cert_id": cert_id, "sha256": cert.file_sha256,
                                   "platform": {k: result.get(k) for k in ("authentic", "status", "checked_at",
                                                                           "verification_no")}}
            except CertificatesUnavailable:
                pass
        with self.ctx.db.session() as s:
            certs, cached_at = certificate_cache.cached(s, holder.kind, holder.id_number, now=self.ctx.now(),
                                                        cache_days=self.ctx.config.certificates.cache_days)
        cached = next((c for c in certs if c.cert_id == cert_id), None)
        if cached is None:
            raise CertificateError("中心平台暂不可达，本机也没有该电子证照的有效缓存，请收取纸质材料")
        return cached, None, {"mode": "cache", "cert_id": cert_id, "sha256": cached.file_sha256,
                              "cached_at": cached_at.isoformat() if cached_at else None,
                              "note": "离线使用缓存的电子证照，未经中心平台在线核验"}

    def _parse_one(self, meta: dict[str, Any], holder: _Holder) -> Certificate:
        try:
            return parse_certificate(meta, holder_type=holder.kind, holder_id=holder.id_number)
        except CertificateDataError as exc:
            raise CertificateError(str(exc)) from exc

    def _apply(self, clerk: CurrentUser, uuid: str, seq: int, cert: Certificate, pdf: bytes | None,
               verification: dict[str, Any], holder: _Holder, purpose: str) -> MaterialView:
        now = self.ctx.now()
        verification = {**verification, "type": cert.type_code, "reference": cert.reference, "checked_by": clerk.username,
                        "at": now.isoformat() + "Z"}
        blobs = self.attachments.blobs
        encrypt = self.attachments.encrypting
        files = []
        if pdf is not None:
            files.append((blobs.put(pdf, encrypt=encrypt), "application/pdf"))
        record = json.dumps(verification, ensure_ascii=False, sort_keys=True).encode("utf-8")
        files.append((blobs.put(record, encrypt=encrypt), "application/json"))
        with self.ctx.db.transaction() as s:
            app = load_application(s, uuid)
            if app.status not in _OPEN:
                raise CertificateError("办件已不在受理中，不能再使用电子证照")
            row = next(m for m in app.materials if m.seq == seq)
            for old in [a for a in row.attachments if a.source == "certificate"]:
                row.attachments.remove(old)
            page = max((a.page_no for a in row.attachments), default=0)
            for stored, mime in files:
                page += 1
                row.attachments.append(Attachment(page_no=page, sha256=stored.sha256, mime=mime, size=stored.size,
                                                  source="certificate", encrypted=stored.encrypted,
                                                  created_by=clerk.id, created_at=now))
            row.state, row.certificate_ref, row.certificate_available = "certificate", cert.reference, True
            row.provided_form, row.provided_copies, row.deferred_until = "", 0, None
            app.updated_at = now
            audit.record(s, clerk.username, "certificate.use", uuid,
                         {"holder": holder.masked, "purpose": purpose, "seq": seq, "cert_id": cert.cert_id,
                          "type": cert.type_code, "mode": verification["mode"]}, at=now)
            s.flush()
            return material_view(row)


def rejected_all(rejected: list[str], raw: list[dict[str, Any]]) -> bool:
    """True when the answer as a whole was refused (another holder): keep the cache as it was."""
    return bool(rejected) and any("不属于本办件申请人" in r for r in rejected)
