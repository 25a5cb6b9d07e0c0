"""The printed documents say what a citizen relies on: numbers, dates, materials, masked IDs, remedies."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from printing.documents import DocumentKind, MaterialLine
from printing.receipt import enquiry_payload
from printing.render import render
from tests.unit.printing import samples
from tests.unit.printing.conftest import flat, pdf_pages

FULL_ID = "62010219900101123X"


def text_of(document, kind) -> str:
    return flat("".join(pdf_pages(render(document, kind).pdf)))


@pytest.mark.parametrize("kind", [DocumentKind.RECEIPT, DocumentKind.RECEIPT_SLIP])
def test_receipt_shows_number_due_date_clerk_phone_and_masked_id(kind):
    text = text_of(samples.receipt(), kind)
    assert "W03-20261125-0007" in text
    assert "2026年12月16日" in text  # promised due date
    assert "2026年11月25日09:30" in text  # accepted at
    assert "6201**********123X" in text and FULL_ID not in text
    assert "王五" in text and "0931-12345" in text
    assert flat(samples.LONG_MATTER) in text
    assert "W03号窗口" in text


def test_receipt_lists_every_material_marking_deferred_and_certificate_ones():
    text = text_of(samples.receipt(), DocumentKind.RECEIPT)
    for material in samples.materials():
        if material.required:
            assert flat(material.name) in text
    assert "授权委托书" not in text  # optional and not brought: not "received"
    assert "容缺受理，须于2026年12月9日前补交" in text
    assert "电子证照调用：居民身份证电子证照DZZZ-620100-0001" in text
    assert "已收取（3页扫描件）" in text


def test_receipt_shows_official_number_once_the_platform_gave_one():
    assert "办件编号" not in text_of(samples.receipt(), DocumentKind.RECEIPT)
    text = text_of(samples.receipt(official_no="620100-2026-000123"), DocumentKind.RECEIPT)
    assert "办件编号620100-2026-000123" in text


def test_receipt_qr_code_carries_the_number_and_the_enquiry_url():
    receipt = samples.receipt()
    assert enquiry_payload(receipt) == "https://zwfw.example.gov.cn/query?no=W03-20261125-0007"
    no_url = dataclasses.replace(receipt, hall=samples.hall(enquiry_url=""))
    assert enquiry_payload(no_url) == "W03-20261125-0007"


def test_immediate_matter_receipt_says_it_is_finished_at_the_window():
    receipt = dataclasses.replace(samples.receipt(), immediate=True, due_date=None)
    assert "即办件，当场办结" in text_of(receipt, DocumentKind.RECEIPT)


def test_supplement_notice_lists_every_missing_material_with_requirements_and_deadline():
    extra = MaterialLine(6, "建设工程规划许可证", form_expected="original_and_copy", copies_expected=2,
                         state="missing")
    notice = samples.supplement()
    notice = dataclasses.replace(notice, case=dataclasses.replace(
        notice.case, materials=notice.case.materials + (extra,)))
    text = text_of(notice, DocumentKind.SUPPLEMENT_NOTICE)
    assert "BZ-5F0C9A8E1B2C" in text
    assert "排水水质检测报告" in text and "建设工程规划许可证" in text
    assert "共2项" in text
    assert "原件1份，需同时提供电子扫描件；须由具有计量认证资质的机构出具，近三个月内有效" in text
    assert "原件及复印件2份" in text
    assert "请于2026年12月2日前" in text
    assert "示例市城关区民主东路1号" in text and "W03号窗口" in text
    assert "检测报告须加盖检测机构CMA章" in text
    # provided, deferred and certificate materials are not asked for again
    assert "营业执照副本" not in text and "申请人身份证明" not in text


def test_rejection_notice_gives_reason_legal_basis_and_both_remedies():
    text = text_of(samples.rejection(), DocumentKind.REJECTION_NOTICE)
    assert "不予受理的理由：申请事项不属于本机关职权范围" in text
    assert "依据：《城镇排水与污水处理条例》第二十一条" in text
    assert "六十日内向示例市人民政府申请行政复议" in text
    assert "六个月内依法向示例市城关区人民法院提起行政诉讼" in text
    assert "6201**********123X" in text


def test_rejection_notice_without_configured_legal_basis_omits_the_line():
    notice = samples.rejection(hall=samples.hall(legal_basis=""))
    text = text_of(notice, DocumentKind.REJECTION_NOTICE)
    assert "依据：" not in text
    assert "申请行政复议" in text


def test_deferral_undertaking_lists_each_deferred_material_with_its_date_and_signature_lines():
    text = text_of(samples.undertaking(), DocumentKind.DEFERRAL_UNDERTAKING)
    assert "排水户内部排水管网、专用检测井、污水排放口位置和口径的图纸及说明材料" in text
    assert "2026年12月9日" in text
    assert "承诺人（签字/盖章）" in text and "代理人李四（签字）" in text
    assert "排水水质检测报告" not in text  # missing, not deferred


def test_materials_receipt_lists_pages_received_per_material_and_totals():
    doc = samples.materials_receipt(n_materials=6)
    pages = pdf_pages(render(doc, DocumentKind.MATERIALS_RECEIPT).pdf)
    text = flat("".join(pages))
    assert "营业执照副本复印件23" in text  # form, copies, scanned pages
    assert "第6项补充材料" in text
    assert "合计：材料5项，纸质材料3份，扫描页5页" in text  # the optional one not brought is not counted
    assert "授权委托书" not in text


def test_document_names_with_markup_characters_print_as_written():
    receipt = samples.receipt(matter_name="A&B<测试>事项 \"引号\"")
    assert 'A&B<测试>事项"引号"' in text_of(receipt, DocumentKind.RECEIPT)


def test_reprint_says_so_on_every_page_with_the_original_time():
    rendered = render(samples.receipt(n_materials=30, reprint=samples.REPRINT), DocumentKind.RECEIPT)
    pages = [flat(p) for p in pdf_pages(rendered.pdf)]
    assert all("补打（原打印时间：2026年11月25日09:31）" in p for p in pages)
    assert "补打" not in text_of(samples.receipt(), DocumentKind.RECEIPT)


def test_a_document_of_the_wrong_type_for_the_kind_is_refused():
    with pytest.raises(TypeError, match="rejection-notice needs a RejectionNotice"):
        render(samples.receipt(), DocumentKind.REJECTION_NOTICE)


def test_same_document_renders_to_the_same_bytes():
    """Recorded pdf_sha256 values are only useful if rendering is deterministic."""
    assert render(samples.receipt(), "receipt").pdf == render(samples.receipt(), "receipt").pdf


def test_dates_are_not_shifted_by_rendering():
    receipt = dataclasses.replace(samples.receipt(), accepted_at=dt.datetime(2026, 12, 31, 23, 59))
    assert "2026年12月31日23:59" in text_of(receipt, DocumentKind.RECEIPT)


def test_the_handover_receipt_names_the_collector_masked_and_the_courier_of_a_posted_result():
    text = flat("".join(pdf_pages(render(samples.handover_receipt(method="post"), "handover-receipt").pdf)))
    assert "办理结果领取回执" in text and "委托代理人" in text and "4405**********0014" in text
    assert "中国邮政EMS" in text and "1188396540011" in text and "授权委托书" in text


@pytest.mark.parametrize("kind", [DocumentKind.RECEIPT, DocumentKind.RECEIPT_SLIP, DocumentKind.MATERIALS_RECEIPT])
def test_a_certificate_recorded_without_a_platform_reference_is_named_in_words(kind):
    """Offline, a case records the certificate's type code (ID_CARD); the citizen reads its name."""
    coded = MaterialLine(1, "申请人身份证明", state="certificate", certificate_ref="ID_CARD", cert_type="ID_CARD")
    document = samples.receipt() if kind is not DocumentKind.MATERIALS_RECEIPT else samples.materials_receipt()
    document = dataclasses.replace(document, case=dataclasses.replace(document.case, materials=(coded,)))
    text = text_of(document, kind)
    assert "电子证照调用：居民身份证" in text and "ID_CARD" not in text


def test_notices_name_the_place_to_go_without_spaces_inside_the_sentence():
    """'到示例市政务服务中心 W03 号窗口办理补正': no space between Chinese words (公文 style)."""
    supplement = pdf_pages(render(samples.supplement(), DocumentKind.SUPPLEMENT_NOTICE).pdf)[0].replace("\n", "")
    assert "请于2026年12月2日前携带上述材料及本告知书到示例市政务服务中心" in supplement
    assert "号窗口办理补正" in supplement
    rejection = pdf_pages(render(samples.rejection(), DocumentKind.REJECTION_NOTICE).pdf)[0].replace("\n", "")
    assert "或到示例市政务服务中心" in rejection and "号窗口咨询" in rejection


def test_materials_receipt_lists_an_e_certificate_as_no_paper_taken():
    """A material taken from an e-certificate was not handed over on paper: '电子证照', no copy count."""
    coded = MaterialLine(1, "申请人身份证明", state="certificate", certificate_ref="ID_CARD", cert_type="ID_CARD")
    paper = MaterialLine(2, "申请表", state="provided", provided_form="original", provided_copies=1)
    document = samples.materials_receipt()
    document = dataclasses.replace(document, case=dataclasses.replace(document.case, materials=(coded, paper)))
    text = text_of(document, DocumentKind.MATERIALS_RECEIPT)
    assert "1申请人身份证明电子证照——电子证照调用：居民身份证2申请表原件1" in text
    assert "纸质材料1份" in text
