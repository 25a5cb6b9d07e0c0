"""Rules for e-certificates: what the platform says is checked before a certificate replaces paper."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.certificates import (
    CertificateDataError,
    holder_key,
    match_rows,
    offerable,
    parse_certificate,
)

HOLDER = "620102198503120419"


def item(**extra) -> dict:
    return {"id": "EC-1", "type": "HOUSEHOLD_REGISTER", "name": "居民户口簿", "number": "HK-1", "holder_type": "person",
            "holder_id": HOLDER, "issuer": "公安局", "issued_on": "2010-01-01", "valid_until": None,
            "status": "valid", "sha256": "a" * 64, **extra}


def parse(**extra):
    return parse_certificate(item(**extra), holder_type="person", holder_id=HOLDER)


def test_a_certificate_of_the_asked_holder_is_accepted_and_its_reference_has_no_personal_number():
    cert = parse(number=HOLDER)
    assert cert.reference == "居民户口簿（EC-1）" and HOLDER not in cert.reference


@pytest.mark.parametrize(("extra", "message"), [
    ({"holder_id": "620103199207081524"}, "不属于本办件申请人"),
    ({"holder_type": "org"}, "不属于本办件申请人"),
    ({"type": "NOT_A_TYPE"}, "本系统不认识"),
    ({"valid_until": "2030-02-30"}, "不是有效日期"),
    ({"issued_on": "01/02/2020"}, "不是有效日期"),
    ({"status": "suspended"}, "无法识别"),
    ({"sha256": "xyz"}, "校验值"),
    ({"id": ""}, "缺少证照标识"),
    ({"issued_on": "2020-01-01", "valid_until": "2019-01-01"}, "早于签发日期"),
])
def test_untrustworthy_answers_are_refused_with_a_reason(extra, message):
    with pytest.raises(CertificateDataError, match=message):
        parse(**extra)


def test_revoked_expired_and_past_date_certificates_are_never_offered():
    today = dt.date(2026, 9, 30)
    certs = [parse(id="A"), parse(id="B", status="revoked"), parse(id="C", status="expired"),
             parse(id="D", valid_until="2026-09-29"), parse(id="E", valid_until="2026-09-30")]
    assert [c.cert_id for c in offerable(certs, today)] == ["A", "E"]


def test_rows_about_someone_elses_document_are_not_matched():
    cert = parse(type="ID_CARD", name="居民身份证")
    rows = [(1, "申请人居民身份证", "ID_CARD"), (2, "受托人居民身份证", "ID_CARD"), (3, "户口簿", "HOUSEHOLD_REGISTER"),
            (4, "申请表", None)]
    assert set(match_rows(rows, [cert])) == {1}


def test_holder_key_depends_on_the_secret_and_hides_the_number():
    a, b = holder_key(b"k1", "person", HOLDER), holder_key(b"k2", "person", HOLDER)
    assert a != b and HOLDER not in a and a == holder_key(b"k1", "person", HOLDER.lower())
