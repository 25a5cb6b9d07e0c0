"""Masking of personal data, so receipts, lists, exports and logs show only what is needed.

A resident ID keeps its first four and last four characters (6201**********123X): enough for
a clerk to confirm with the citizen, useless to anyone who copies it.
"""
from __future__ import annotations

import re

# 18-digit resident ID (last may be X), 15-digit legacy ID, 18-char credit code, mobile numbers,
# and bearer tokens. Boundaries stop us from eating longer numbers such as acceptance numbers.
_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{6})(\d{3})(?![0-9A-Za-z])")
_CREDIT = re.compile(r"(?<![0-9A-Za-z])([0-9A-HJ-NPQRTUWXY]{2}\d{6})([0-9A-HJ-NPQRTUWXY]{9})([0-9A-HJ-NPQRTUWXY])"
                     r"(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])")
_BEARER = re.compile(r"(?i)(bearer\s+|token[\"'=:\s]+)([A-Za-z0-9._\-]{8,})")


def mask_id_number(value: str) -> str:
    """6201**********123X for an ID; short or empty values are fully starred (never leaked)."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678 for a mobile; other numbers keep only their last four digits."""
    digits = (value or "").strip()
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_name(value: str) -> str:
    """张*三 style: the family name and the last character stay, the rest is starred."""
    value = (value or "").strip()
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_text(text: str) -> str:
    """Mask every ID number, credit code, mobile number and token found in free text (for logs)."""
    text = _ID18.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _CREDIT.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _ID15.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
    text = _BEARER.sub(lambda m: m.group(1) + "***", text)
    return text
