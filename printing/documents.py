"""What a printed document says, as frozen values: the templates' only input.

The service that reads the database (``desktop/services/papers/content.py``) builds these; the
templates turn them into PDF bytes. Keeping them plain and immutable means a template can be
tested without a database, and a document rendered for the preview is exactly the one printed.
Personal data arrives here already masked: a template has no way to print a full ID number.
Times are local wall-clock times (what the citizen reads on the hall's clock).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class DocumentKind(StrEnum):
    """The papers a citizen can take home; the value is the CLI name and ``printed_document.kind``."""

    RECEIPT = "receipt"
    RECEIPT_SLIP = "receipt-slip"
    SUPPLEMENT_NOTICE = "supplement-notice"
    REJECTION_NOTICE = "rejection-notice"
    DEFERRAL_UNDERTAKING = "deferral-undertaking"
    MATERIALS_RECEIPT = "materials-receipt"
    HANDOVER_RECEIPT = "handover-receipt"  # 领取回执: the result collected (or posted), at any window

    @property  # shadows str.title on purpose: kind.title is the printed heading
    def title(self) -> str:  # type: ignore[override]
        return TITLES[self]

    @property
    def family(self) -> DocumentKind:
        """The slip is the receipt on other paper: printing one after the other is a reprint."""
        return DocumentKind.RECEIPT if self is DocumentKind.RECEIPT_SLIP else self

    @property
    def thermal(self) -> bool:
        return self is DocumentKind.RECEIPT_SLIP


TITLES = {
    DocumentKind.RECEIPT: "受理通知书",
    DocumentKind.RECEIPT_SLIP: "受理回执",
    DocumentKind.SUPPLEMENT_NOTICE: "一次性告知书（补正材料通知书）",
    DocumentKind.REJECTION_NOTICE: "不予受理通知书",
    DocumentKind.DEFERRAL_UNDERTAKING: "容缺受理承诺书",
    DocumentKind.MATERIALS_RECEIPT: "材料接收凭证",
    DocumentKind.HANDOVER_RECEIPT: "办理结果领取回执",
}

FORM_LABELS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "": "—"}


@dataclass(frozen=True)
class HallInfo:
    """The issuing hall, from config ``[hall]``; image paths may be empty or wrong (reported, not fatal)."""

    name: str
    window_id: str
    phone: str
    address: str = ""
    enquiry_url: str = ""
    logo_path: str = ""
    seal_path: str = ""
    legal_basis: str = ""
    reconsideration_body: str = ""
    court: str = ""


@dataclass(frozen=True)
class Party:
    """An applicant or agent as printed: the ID and phone are masked before they get here."""

    kind: str  # person | org
    name: str
    id_masked: str
    phone_masked: str = ""
    address: str = ""
    legal_rep: str = ""

    @property
    def id_label(self) -> str:
        return "统一社会信用代码" if self.kind == "org" else "公民身份号码"


@dataclass(frozen=True)
class MaterialLine:
    """One checklist row: what was asked for and what the counter received."""

    seq: int
    name: str
    required: bool = True
    form_expected: str = "copy"  # original | copy | original_and_copy
    copies_expected: int = 1
    state: str = "pending"  # pending | provided | missing | deferred | certificate
    provided_form: str = ""
    provided_copies: int = 0
    pages: int = 0  # scanned pages received
    deferred_until: dt.date | None = None
    certificate_ref: str = ""
    cert_type: str = ""
    notes: str = ""
    electronic_required: bool = False

    @property
    def requirement(self) -> str:
        """What the citizen must bring, in words: '原件及复印件 2 份，需提供电子扫描件'."""
        text = f"{FORM_LABELS.get(self.form_expected, self.form_expected)} {self.copies_expected} 份"
        if self.electronic_required:
            text += "，需同时提供电子扫描件"
        if self.notes:
            text += f"；{self.notes}"
        return text


@dataclass(frozen=True)
class IssueInfo:
    """The official form of one issued paper (its number is ``CaseInfo.document_no``).

    ``issuing_body`` is the hall, or the competent department where the matter says so; it
    heads the seal area with ``issued_on`` written in Chinese numerals. ``verify_payload`` is
    what the QR code holds: the case, the paper's number and a short hash of what it says.
    """

    issuing_body: str
    issued_on: dt.date
    legal_basis: str = ""
    consequence: str = ""  # what follows if the citizen does nothing (supplement notice, deferrals)
    verify_code: str = ""
    verify_payload: str = ""


@dataclass(frozen=True)
class Reprint:
    """Set on a reprint (补打): the paper says so and shows when the original left the counter."""

    original_printed_at: dt.datetime


@dataclass(frozen=True)
class CaseInfo:
    """The application as every document shows it."""

    uuid: str
    document_no: str  # the number printed on this paper (acceptance number or notice number)
    matter_code: str
    matter_name: str
    applicant: Party
    clerk_name: str
    acceptance_no: str = ""
    official_no: str = ""  # 办件编号 from the platform, once known
    matter_version: int = 0  # the catalog version the case was taken against (kept with the paper)
    department: str = ""
    agent: Party | None = None
    materials: tuple[MaterialLine, ...] = ()

    @property
    def held(self) -> tuple[MaterialLine, ...]:
        """What receipts list: what the counter holds or was promised, and any required gap.

        An optional material the citizen did not bring is not "received"; listing it would only
        make the citizen wonder whether something is missing.
        """
        return tuple(m for m in self.materials if m.state in ("provided", "certificate", "deferred") or m.required)


@dataclass(frozen=True)
class AcceptanceReceipt:
    """受理通知书 / 受理回执."""

    hall: HallInfo
    case: CaseInfo
    accepted_at: dt.datetime
    due_date: dt.date | None
    promised_days: int = 0
    immediate: bool = False
    # Years the due date was counted through without an official holiday arrangement (Mon–Fri only).
    due_provisional_years: tuple[int, ...] = ()
    issue: IssueInfo | None = None
    reprint: Reprint | None = None


@dataclass(frozen=True)
class SupplementNotice:
    """一次性告知书: everything missing, told once, with a deadline."""

    hall: HallInfo
    case: CaseInfo
    issued_at: dt.datetime
    supplement_due: dt.date | None
    note: str = ""
    issue: IssueInfo | None = None
    reprint: Reprint | None = None

    @property
    def missing(self) -> tuple[MaterialLine, ...]:
        return tuple(m for m in self.case.materials if m.state == "missing"
                     or (m.required and m.state == "pending"))


@dataclass(frozen=True)
class RejectionNotice:
    """不予受理通知书: the reason and the citizen's remedies."""

    hall: HallInfo
    case: CaseInfo
    decided_at: dt.datetime
    reason: str
    issue: IssueInfo | None = None
    reprint: Reprint | None = None


@dataclass(frozen=True)
class DeferralUndertaking:
    """容缺受理承诺书: the applicant promises to bring the deferred materials by their dates."""

    hall: HallInfo
    case: CaseInfo
    accepted_at: dt.datetime
    issue: IssueInfo | None = None
    reprint: Reprint | None = None

    @property
    def deferred(self) -> tuple[MaterialLine, ...]:
        return tuple(m for m in self.case.materials if m.state == "deferred")


@dataclass(frozen=True)
class MaterialsReceipt:
    """材料接收凭证: what paper the counter took, page by page."""

    hall: HallInfo
    case: CaseInfo
    received_at: dt.datetime
    issue: IssueInfo | None = None
    reprint: Reprint | None = None


@dataclass(frozen=True)
class HandoverReceipt:
    """领取回执: who collected the result (ID read from the card, masked) and how — at a window or by post."""

    hall: HallInfo  # the window named is where the result was handed over
    case: CaseInfo
    handed_over_at: dt.datetime
    collector_role: str  # applicant | agent
    collector_name: str
    collector_id_masked: str
    method: str = "window"  # window | post
    courier: str = ""
    tracking_no: str = ""
    issue: IssueInfo | None = None
    reprint: Reprint | None = None

    @property
    def collector_label(self) -> str:
        return "申请人本人" if self.collector_role == "applicant" else "委托代理人"


Document = (AcceptanceReceipt | SupplementNotice | RejectionNotice | DeferralUndertaking | MaterialsReceipt
            | HandoverReceipt)

DOCUMENT_TYPES: dict[DocumentKind, type] = {
    DocumentKind.RECEIPT: AcceptanceReceipt,
    DocumentKind.RECEIPT_SLIP: AcceptanceReceipt,
    DocumentKind.SUPPLEMENT_NOTICE: SupplementNotice,
    DocumentKind.REJECTION_NOTICE: RejectionNotice,
    DocumentKind.DEFERRAL_UNDERTAKING: DeferralUndertaking,
    DocumentKind.MATERIALS_RECEIPT: MaterialsReceipt,
    DocumentKind.HANDOVER_RECEIPT: HandoverReceipt,
}


@dataclass(frozen=True)
class RenderedDocument:
    """PDF bytes plus what the clerk should know (a logo that could not be read, a font fallback)."""

    kind: DocumentKind
    pdf: bytes
    pages: int
    warnings: tuple[str, ...] = ()
