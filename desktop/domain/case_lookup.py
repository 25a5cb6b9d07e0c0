"""What a clerk typed or scanned to find a case: a receipt QR, a number, or an ID number.

A USB barcode scanner "types" the QR of a paper into the focused field and presses Enter, so
the find box receives the QR's payload as text: the enquiry URL with the acceptance number
(``https://…/query?no=620100-W03-20261125-0007``, plus the paper's own number and content
hash on papers that carry them), or the bare number. A clerk may also type the acceptance
number, the platform's 办件编号, or an ID number (read from the card); an ID number is looked
up only by its keyed hash, never stored or sent in full.

:func:`classify` turns the text into a :class:`CaseQuery` without any I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from desktop.domain.acceptance_no import looks_like_acceptance_no
from desktop.domain.idnumbers import check_credit_code, check_resident_id

# Query parameters a paper's QR may use for the case's numbers, most specific first.
NUMBER_PARAMS = ("no", "acceptance_no", "official_no", "case", "n")
DOCUMENT_PARAMS = ("doc", "document_no", "d")
_ACCEPTANCE_IN_TEXT = re.compile(r"\d{6}-[A-Z][A-Z0-9]{1,7}-\d{8}-\d{4,6}")
_OFFICIAL = re.compile(r"[0-9A-Z][0-9A-Z-]{9,39}")
_NOTICE = re.compile(r"(?:BZ|BY|CL)-[0-9A-F]{12}")
_SHORT_UUID = re.compile(r"[0-9A-F]{12}")  # a paper's case label before it had an acceptance number
COMPACT_PREFIX = "OW1|"  # a paper's QR without an enquiry address: OW1|case|document number|code
MAX_QUERY = 600  # a QR payload is short; anything longer is not a case reference


class LookupInputError(ValueError):
    """The text cannot name a case; the message says what the clerk may enter."""


@dataclass(frozen=True)
class CaseQuery:
    """A classified lookup: numbers to try in order, or an ID number to hash."""

    kind: str  # qr | acceptance_no | official_no | notice_no | id_number
    text: str  # what was entered, trimmed (an ID number is masked by the caller before logging)
    numbers: tuple[str, ...] = ()  # acceptance or official numbers to try
    id_number: str = field(default="", repr=False)
    id_kind: str = ""  # person | org
    document_no: str = ""  # the paper's own number from a QR, when present

    @property
    def by_id(self) -> bool:
        return self.kind == "id_number"


def _clean(text: str) -> str:
    # Scanners in a Chinese input method sometimes deliver full-width characters.
    table = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－"}
    return (text or "").translate(table).strip()


def qr_numbers(payload: str) -> tuple[tuple[str, ...], str]:
    """(case numbers, document number) carried by a paper's QR payload; empty when none."""
    numbers: list[str] = []
    document = ""
    parts = urlsplit(payload)
    if parts.query:
        params = parse_qs(parts.query)
        for name in NUMBER_PARAMS:
            for value in params.get(name, []):
                value = value.strip().upper()
                if value and value not in numbers:
                    numbers.append(value)
        for name in DOCUMENT_PARAMS:
            if params.get(name):
                document = params[name][0].strip()
                break
    for match in _ACCEPTANCE_IN_TEXT.findall(payload.upper()):
        if match not in numbers:
            numbers.append(match)
    return tuple(numbers), document


def classify(text: str) -> CaseQuery:
    """Classify what was entered; raises :class:`LookupInputError` for text that names nothing."""
    value = _clean(text)
    if not value:
        raise LookupInputError("请扫描回执上的二维码，或输入受理编号、办件编号、身份证号码")
    if len(value) > MAX_QUERY:
        raise LookupInputError("输入内容过长，不是受理编号或二维码内容")
    upper = value.upper()
    if upper.startswith(COMPACT_PREFIX):
        parts = value.split("|")
        if len(parts) != 4 or not parts[1].strip():
            raise LookupInputError("二维码内容不完整，请改为输入回执上的受理编号")
        case = parts[1].strip().upper()
        return CaseQuery("qr", value, numbers=(case,), document_no=parts[2].strip())
    if "://" in value or "?" in value or "=" in value:
        numbers, document = qr_numbers(value)
        if not numbers:
            raise LookupInputError("二维码中没有受理编号，请改为输入回执上的受理编号")
        return CaseQuery("qr", value, numbers=numbers, document_no=document)
    if looks_like_acceptance_no(upper):
        return CaseQuery("acceptance_no", upper, numbers=(upper,))
    if _NOTICE.fullmatch(upper):
        return CaseQuery("notice_no", upper, numbers=(upper,))
    if _SHORT_UUID.fullmatch(upper):
        return CaseQuery("notice_no", upper, numbers=(upper,))
    if len(upper) == 18:
        person = check_resident_id(upper)
        if person.ok:
            return CaseQuery("id_number", "", id_number=person.normalized, id_kind="person")
        org = check_credit_code(upper)
        if org.ok:  # a credit code is public; it may also be some platform's number: tried as one after
            return CaseQuery("id_number", upper, numbers=(upper,), id_number=upper, id_kind="org")
    if _OFFICIAL.fullmatch(upper):
        return CaseQuery("official_no", upper, numbers=(upper,))
    raise LookupInputError(f"“{value[:40]}”不是受理编号、办件编号或身份证号码")
