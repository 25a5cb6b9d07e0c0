"""Checksums of the two identifiers a clerk types or reads from a card every few minutes.

A wrong digit in a 公民身份号码 (GB 11643-1999) or a 统一社会信用代码 (GB 32100-2015) sends the
application to the wrong person or company on the central platform, and the platform rejects it
days later. Both numbers carry a check character precisely so the counter can catch the typo
while the citizen is still standing there; these functions do that, and say in the clerk's
language which part is wrong.

Both functions are pure: ``today`` is passed in (the caller owns the clock) so a birth date "in
the future" is judged against the counter's date, and tests are deterministic.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.hall_clock import hall_clock

# --- 公民身份号码 (GB 11643-1999, ISO 7064 MOD 11-2) ---------------------------------------

ID_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)

# First two digits of the 行政区划代码 (GB/T 2260): provinces, 港澳台 (71, 81, 82) and 83 (台湾居民
# 居住证 use 83). Anything else cannot be a real ID, whatever its checksum says.
PROVINCE_CODES: frozenset[str] = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})

EARLIEST_BIRTH = dt.date(1800, 1, 1)  # older dates are typing errors (the standard's own example is 1880)


@dataclass(frozen=True)
class IdCheck:
    """Outcome of checking a resident ID; ``reason`` is empty when ``ok``."""

    ok: bool
    reason: str
    normalized: str  # trimmed, upper-case X
    birth_date: dt.date | None = None
    sex: str = ""  # 男 | 女 (17th digit odd = male)
    region: str = ""


def resident_id_check_char(body17: str) -> str:
    """The 18th character for the first 17 digits (raises ValueError if they are not 17 digits)."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError("the body of a resident ID is exactly 17 digits")
    total = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def make_resident_id(region: str, birth: dt.date, sequence: int) -> str:
    """A checksummed ID for synthetic data (demo seeding, tests). ``sequence`` is 1..999."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + resident_id_check_char(body)


def check_resident_id(text: str, *, today: dt.date | None = None) -> IdCheck:
    """Check an 18-character resident ID: shape, region, birth date, sequence and check character.

    The checks run in the order a clerk would fix them, so the first problem found is the
    one reported: a wrong length hides everything else, a bad date is reported before the
    checksum (a typo in the date usually also breaks the checksum, and the date is the
    more useful hint).
    """
    today = today or hall_clock().today()
    value = (text or "").strip().upper()
    if not value:
        return IdCheck(False, "请填写公民身份号码", value)
    if len(value) != 18:
        return IdCheck(False, f"公民身份号码应为18位，当前为{len(value)}位", value)
    for pos, char in enumerate(value[:17], start=1):
        if not char.isdigit() or not char.isascii():
            return IdCheck(False, f"第{pos}位应为数字，当前为“{char}”", value)
    last = value[17]
    if not (last.isascii() and last.isdigit()) and last != "X":
        return IdCheck(False, f"第18位应为数字或X，当前为“{last}”", value)
    region = value[:6]
    if region[:2] not in PROVINCE_CODES:
        return IdCheck(False, f"行政区划代码 {region} 无效（前两位 {region[:2]} 不是省级代码）", value)
    birth_text = value[6:14]
    try:
        birth = dt.date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        return IdCheck(False, f"出生日期 {birth_text} 无效", value)
    if birth > today:
        return IdCheck(False, f"出生日期 {birth_text} 晚于今天", value)
    if birth < EARLIEST_BIRTH:
        return IdCheck(False, f"出生日期 {birth_text} 过早，请核对", value)
    if value[14:17] == "000":
        return IdCheck(False, "第15-17位顺序码不能为000", value)
    expected = resident_id_check_char(value[:17])
    if last != expected:
        return IdCheck(False, f"第18位校验码应为{expected}，当前为{last}，请核对号码", value)
    sex = "男" if int(value[16]) % 2 == 1 else "女"
    return IdCheck(True, "", value, birth_date=birth, sex=sex, region=region)


# --- 统一社会信用代码 (GB 32100-2015) --------------------------------------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I O S V Z: they look like 1 0 5 U 2
CREDIT_VALUES: dict[str, int] = {c: i for i, c in enumerate(CREDIT_ALPHABET)}
CREDIT_WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))


@dataclass(frozen=True)
class CodeCheck:
    """Outcome of checking a unified social credit code; ``reason`` is empty when ``ok``."""

    ok: bool
    reason: str
    normalized: str  # trimmed, upper-case
    region: str = ""  # 登记管理机关行政区划码 (positions 3-8)


def credit_code_check_char(body17: str) -> str:
    """The 18th character for the first 17 characters (raises ValueError on a foreign character)."""
    if len(body17) != 17 or any(c not in CREDIT_VALUES for c in body17):
        raise ValueError("the body of a credit code is 17 characters of the GB 32100 alphabet")
    total = sum(CREDIT_VALUES[c] * w for c, w in zip(body17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def make_credit_code(prefix2: str, region: str, org9: str) -> str:
    """A checksummed code for synthetic data: 2-char kind, 6-digit region, 9-char organisation code."""
    body = f"{prefix2}{region}{org9}"
    return body + credit_code_check_char(body)


def check_credit_code(text: str) -> CodeCheck:
    """Check an 18-character unified social credit code: alphabet, region digits and check character."""
    value = (text or "").strip().upper()
    if not value:
        return CodeCheck(False, "请填写统一社会信用代码", value)
    if len(value) != 18:
        return CodeCheck(False, f"统一社会信用代码应为18位，当前为{len(value)}位", value)
    for pos, char in enumerate(value, start=1):
        if char not in CREDIT_VALUES:
            hint = "（代码中不使用 I、O、S、V、Z）" if char in "IOSVZ" else ""
            return CodeCheck(False, f"第{pos}位字符“{char}”无效{hint}", value)
    region = value[2:8]
    if not region.isdigit():
        return CodeCheck(False, f"第3-8位登记管理机关行政区划码应为数字，当前为{region}", value)
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        return CodeCheck(False, f"第18位校验码应为{expected}，当前为{value[17]}，请核对代码", value)
    return CodeCheck(True, "", value, region=region)
