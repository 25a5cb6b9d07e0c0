"""Which phone numbers the counter takes, and which characters the field lets through."""
from __future__ import annotations

import re

import pytest

from desktop.domain.phones import TYPABLE, is_phone_number


@pytest.mark.parametrize("number", ["13800138000", "138 0013 8000", "010-12345678", "057112345678",
                                    "0571-8888888-123", "88889999", "1234567"])
def test_mobiles_landlines_and_local_numbers_are_phone_numbers(number):
    assert is_phone_number(number)


@pytest.mark.parametrize("number", ["1380013800", "12800138000", "138001380001", "138-0013-8000", "+8613800138000",
                                    "0571-", "123456", "phone"])
def test_a_digit_short_or_an_unknown_shape_is_not(number):
    assert not is_phone_number(number)


def test_the_field_lets_through_digits_dashes_and_spaces_only():
    typable = re.compile(TYPABLE)
    assert typable.fullmatch("0571-8888 8888")
    assert not typable.fullmatch("138oo138000")
    assert not typable.fullmatch("+86")
