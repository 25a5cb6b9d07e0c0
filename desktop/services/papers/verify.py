"""Checking a paper against the record: what its QR code says, and whether the register agrees.

Every issued paper carries in its QR code the case, its number (文号) and a short hash of what it
says. Given that text (scanned, or typed from the paper: number and 核验码), this finds the issued
paper and answers in words a supervisor or an auditor can act on: the paper is as issued; the
number exists but the code does not match (the paper was altered or is not this office's); no
such paper was issued here; or the stored record itself no longer matches its own hash.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from desktop.domain.masking import mask_name
from desktop.services.context import AppContext
from desktop.services.papers.issuing import VERIFY_PREFIX, Issuer
from desktop.store.models import Application, IssuedDocument, PrintedDocument
from printing.documents import DocumentKind
from printing.frozen import FrozenDocumentError

GENUINE, ALTERED, UNKNOWN, DAMAGED = "genuine", "altered", "unknown", "damaged"


@dataclass(frozen=True)
class PaperClaim:
    """What a paper says about itself: its number, its code and (optionally) its case."""

    document_no: str
    code: str
    case: str = ""


@dataclass(frozen=True)
class Verification:
    outcome: str  # genuine | altered | unknown | damaged
    message: str
    document_no: str = ""
    title: str = ""
    case: str = ""
    matter: str = ""
    applicant: str = ""  # masked
    issued_at_local: dt.datetime | None = None
    prints: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == GENUINE

    def lines(self) -> list[str]:
        out = [self.message]
        if self.document_no:
            out.append(f"文书：《{self.title}》 {self.document_no}")
        if self.case:
            out.append(f"办件：{self.case}　事项：{self.matter}　申请人：{self.applicant}")
        if self.issued_at_local is not None:
            out.append(f"出具时间：{self.issued_at_local:%Y-%m-%d %H:%M}，已打印 {self.prints} 次")
        return out


def parse_claim(text: str, code: str = "") -> PaperClaim:
    """The claim in a QR text (URL with no/doc/v, or OW1|case|number|code) or a typed number + code."""
    text = (text or "").strip()
    if text.startswith(VERIFY_PREFIX + "|"):
        parts = text.split("|")
        if len(parts) == 4:
            return PaperClaim(document_no=parts[2], code=parts[3].upper(), case=parts[1])
    if "://" in text:
        query = parse_qs(urlsplit(text).query)
        return PaperClaim(document_no=(query.get("doc") or [""])[0], code=(query.get("v") or [""])[0].upper(),
                          case=(query.get("no") or [""])[0])
    return PaperClaim(document_no=text, code=code.strip().upper())


class PaperVerifier:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def verify(self, text: str, code: str = "") -> Verification:
        claim = parse_claim(text, code)
        if not claim.document_no:
            return Verification(UNKNOWN, "无法识别：请扫描文书上的二维码，或输入文书编号和核验码。")
        with self.ctx.db.session() as s:
            rows = s.scalars(select(IssuedDocument).where(IssuedDocument.document_no == claim.document_no)
                             .order_by(IssuedDocument.id)).all()
            if not rows:
                return Verification(UNKNOWN, f"查无此文书：本机登记中没有编号为 {claim.document_no} 的文书。",
                                    document_no=claim.document_no)
            row = next((r for r in rows if r.verify_code and r.verify_code == claim.code), rows[0])
            kind = DocumentKind(row.family)
            app = s.get_one(Application, row.application_id)
            prints = s.scalar(select(func.count()).select_from(PrintedDocument)
                              .where(PrintedDocument.issued_document_id == row.id)) or 0
            found = Verification(GENUINE, "", document_no=row.document_no, title=kind.title,
                                 case=app.acceptance_no or app.uuid, matter=app.matter_name,
                                 applicant=mask_name(app.applicant_name),
                                 issued_at_local=self.ctx.hall_clock.local(row.issued_at), prints=prints)

            def answer(outcome: str, message: str) -> Verification:
                return dataclasses.replace(found, outcome=outcome, message=message)

            try:
                intact = Issuer.intact(row, kind)
            except FrozenDocumentError:
                intact = False
            if not intact:
                return answer(DAMAGED, "登记记录异常：存档内容与其摘要不符，请联系 IT 检查数据库。")
            if row.content is None:
                return answer(UNKNOWN, "该文书出具于文书存档之前，没有核验码，只能核对编号与办件。")
            if claim.code != row.verify_code:
                return answer(ALTERED, "内容不符：文书编号存在，但核验码与登记不一致，"
                                       "该文书可能被改动或并非本单位出具。")
            if claim.case and claim.case not in (app.acceptance_no, app.uuid) and not app.uuid.replace(
                    "-", "").upper().startswith(claim.case):
                return answer(ALTERED, "内容不符：二维码中的办件与登记的办件不一致。")
            return answer(GENUINE, "核验通过：该文书与本单位登记的内容一致。")
