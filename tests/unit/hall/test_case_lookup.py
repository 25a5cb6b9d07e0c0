"""What the clerk scans or types is understood without I/O: QR payloads, numbers, ID numbers."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.case_lookup import LookupInputError, classify
from desktop.domain.idnumbers import make_resident_id


def test_a_receipt_qr_payload_yields_its_acceptance_number():
    q = classify("https://zwfw.example.gov.cn/query?no=620100-W03-20261125-0007")
    assert q.kind == "qr" and q.numbers == ("620100-W03-20261125-0007",)


def test_a_qr_with_the_papers_own_number_and_hash_still_finds_the_case():
    q = classify("https://zwfw.example.gov.cn/query?doc=%E5%85%B0%E6%94%BF%E5%8A%A1%E5%8F%97&h=ab12cd34"
                 "&no=620100-W03-20261125-0007")
    assert q.numbers == ("620100-W03-20261125-0007",) and q.document_no


def test_full_width_characters_from_a_scanner_in_a_chinese_input_method_are_read():
    assert classify("６２０１００－Ｗ０３－２０２６１１２５－０００７").numbers == ("620100-W03-20261125-0007",)


def test_an_id_number_is_kept_apart_and_never_in_the_text():
    number = make_resident_id("620102", dt.date(1990, 5, 17), 123)
    q = classify(number)
    assert q.by_id and q.id_number == number and q.text == "" and number not in repr(q)


def test_an_official_number_and_nonsense():
    assert classify("62010020261125000001").kind == "official_no"
    with pytest.raises(LookupInputError):
        classify("张三")
    with pytest.raises(LookupInputError):
        classify("https://example.gov.cn/other?x=1")


def test_the_papers_own_qr_forms_name_the_case():
    url = classify("https://zwfw.example.gov.cn/query?no=620100-W03-20261125-0007&doc=%E5%85%B0%E2%80%A6&v=K7Q2")
    assert url.numbers == ("620100-W03-20261125-0007",)
    compact = classify("OW1|620100-W03-20261125-0007|兰政务受〔2026〕第0007号|K7Q2")
    assert compact.kind == "qr" and compact.numbers == ("620100-W03-20261125-0007",) and compact.document_no
    draft = classify("OW1|1A2B3C4D5E6F|兰政务补〔2026〕第0001号|K7Q2")
    assert draft.numbers == ("1A2B3C4D5E6F",)
