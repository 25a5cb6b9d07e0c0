"""Contact phone numbers as the counter takes them: what a valid one looks like, what may be typed.

The number is dictated by the citizen and typed by the clerk; a slip (a letter ``o`` for a zero, a
digit too few) is only noticed when the hall calls and reaches nobody. So the form refuses
characters no number has, and the decision refuses a number of no known shape.
"""
from __future__ import annotations

import re

# A mobile (11 digits from 13x–19x), a landline with its area code (010-, 0571-, optional
# extension), or a local number of 7–8 digits; spaces are only the clerk's grouping.
_PHONE = re.compile(r"(1[3-9]\d{9})|(0\d{2,3}-?\d{7,8}(-\d{1,6})?)|(\d{7,8})")

# What the phone field lets the clerk type at all: digits, the area-code dash, grouping spaces.
TYPABLE = r"[0-9 \-]*"


def is_phone_number(value: str) -> bool:
    """True for a mobile, a landline with area code (and extension) or a local number."""
    return bool(_PHONE.fullmatch(value.replace(" ", "")))
