"""公民身份号码 and 统一社会信用代码 checks: published examples and generated properties."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.idnumbers import (
    CREDIT_ALPHABET,
    PROVINCE_CODES,
    check_credit_code,
    check_resident_id,
    credit_code_check_char,
    make_credit_code,
    make_resident_id,
    resident_id_check_char,
)

TODAY = dt.date(2026, 11, 25)

regions = st.builds(lambda p, r: p + r, st.sampled_from(sorted(PROVINCE_CODES)),
                    st.text("0123456789", min_size=4, max_size=4))
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
resident_ids = st.builds(make_resident_id, regions, births, st.integers(1, 999))

credit_chars = st.sampled_from(CREDIT_ALPHABET)
credit_codes = st.builds(make_credit_code, st.text(CREDIT_ALPHABET, min_size=2, max_size=2),
                         st.text("0123456789", min_size=6, max_size=6),
                         st.text(CREDIT_ALPHABET, min_size=9, max_size=9))


def test_published_resident_ids_pass():
    woman = check_resident_id("11010519491231002x", today=TODAY)
    assert woman.ok and woman.normalized == "11010519491231002X"
    assert woman.birth_date == dt.date(1949, 12, 31) and woman.sex == "女" and woman.region == "110105"
    man = check_resident_id(" 440524188001010014 ", today=TODAY)
    assert man.ok and man.sex == "男" and man.birth_date == dt.date(1880, 1, 1)


def test_wrong_check_char_names_the_expected_one():
    result = check_resident_id("110105194912310021", today=TODAY)
    assert not result.ok
    assert "第18位校验码应为X" in result.reason


def test_impossible_birth_date_is_reported_as_a_date():
    body = "110105" + "19991332" + "002"
    result = check_resident_id(body + resident_id_check_char(body), today=TODAY)
    assert result.reason == "出生日期 19991332 无效"


def test_birth_date_in_the_future_is_refused():
    future = make_resident_id("620102", TODAY + dt.timedelta(days=1), 12)
    assert "晚于今天" in check_resident_id(future, today=TODAY).reason


def test_length_letters_region_and_sequence_are_checked_with_reasons():
    assert check_resident_id("1101051949", today=TODAY).reason == "公民身份号码应为18位，当前为10位"
    assert check_resident_id("", today=TODAY).reason == "请填写公民身份号码"
    assert "第7位应为数字" in check_resident_id("110105A9491231002X", today=TODAY).reason
    bad_region = make_resident_id("990105", dt.date(1990, 1, 1), 5)
    assert "行政区划代码 990105 无效" in check_resident_id(bad_region, today=TODAY).reason
    zero_seq = "62010219900101000"
    assert "顺序码" in check_resident_id(zero_seq + resident_id_check_char(zero_seq), today=TODAY).reason


@given(resident_ids)
def test_generated_resident_ids_pass(value):
    result = check_resident_id(value, today=TODAY)
    assert result.ok, result.reason
    assert result.sex == ("男" if int(value[16]) % 2 else "女")


@given(resident_ids, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_character_change_fails_and_names_the_right_part(value, pos, char):
    if value[pos] == char:
        char = "0" if char != "0" else "1"
    changed = value[:pos] + char + value[pos + 1:]
    result = check_resident_id(changed, today=TODAY)
    assert not result.ok
    if pos == 17:
        assert f"第18位校验码应为{value[17]}" in result.reason
    elif char == "X":
        assert f"第{pos + 1}位应为数字" in result.reason
    elif "校验码" in result.reason:
        assert f"第18位校验码应为{resident_id_check_char(changed[:17])}" in result.reason
    else:  # the change broke a part before the checksum: region, date or sequence
        assert any(word in result.reason for word in ("行政区划", "出生日期", "顺序码"))


def test_published_credit_code_passes_and_the_standard_misprint_does_not():
    ok = check_credit_code("11440232mb2d06811w")
    assert ok.ok and ok.normalized == "11440232MB2D06811W" and ok.region == "440232"
    assert not check_credit_code("91350100M000100Y4Z").ok


def test_credit_code_reasons():
    assert "第18位校验码应为W" in check_credit_code("11440232MB2D06811X").reason
    assert "不使用 I、O、S、V、Z" in check_credit_code("11440232MB2D0681IW").reason
    assert "应为18位" in check_credit_code("1144").reason
    assert "第3-8位" in check_credit_code("11A40232MB2D06811W").reason


@given(credit_codes)
def test_generated_credit_codes_pass(value):
    assert check_credit_code(value).ok


@given(credit_codes, st.integers(0, 17), credit_chars)
def test_any_single_credit_code_change_fails(value, pos, char):
    if value[pos] == char:
        char = CREDIT_ALPHABET[(CREDIT_ALPHABET.index(char) + 1) % 31]
    changed = value[:pos] + char + value[pos + 1:]
    result = check_credit_code(changed)
    assert not result.ok
    if 2 <= pos <= 7 and not char.isdigit():
        assert "第3-8位" in result.reason
    elif pos == 17:
        assert f"第18位校验码应为{value[17]}" in result.reason
    else:
        assert f"第18位校验码应为{credit_code_check_char(changed[:17])}" in result.reason
