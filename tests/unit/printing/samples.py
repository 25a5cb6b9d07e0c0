"""Sample document values for template tests and the benchmark (no database involved)."""
from __future__ import annotations

import datetime as dt

from printing.documents import (
    AcceptanceReceipt,
    CaseInfo,
    DeferralUndertaking,
    HallInfo,
    HandoverReceipt,
    MaterialLine,
    MaterialsReceipt,
    Party,
    RejectionNotice,
    Reprint,
    SupplementNotice,
)

ACCEPTED_AT = dt.datetime(2026, 11, 25, 9, 30)
LONG_MATTER = "城镇污水排入排水管网许可证核发（新办、延续、变更排水户名称及法定代表人、排水量增加）事项办理"


def hall(**changes) -> HallInfo:
    values = dict(name="示例市政务服务中心", window_id="W03", phone="0931-12345",
                  address="示例市城关区民主东路 1 号政务服务中心一楼 A 区", enquiry_url="https://zwfw.example.gov.cn/query",
                  reconsideration_body="示例市人民政府", court="示例市城关区人民法院")
    values.update(changes)
    return HallInfo(**values)


def materials(count: int = 5) -> tuple[MaterialLine, ...]:
    base = [
        MaterialLine(1, "申请人身份证明", form_expected="original_and_copy", copies_expected=1, state="certificate",
                     certificate_ref="居民身份证电子证照 DZZZ-620100-0001", cert_type="ID"),
        MaterialLine(2, "营业执照副本", form_expected="copy", copies_expected=2, state="provided",
                     provided_form="copy", provided_copies=2, pages=3),
        MaterialLine(3, "排水户内部排水管网、专用检测井、污水排放口位置和口径的图纸及说明材料",
                     form_expected="original", copies_expected=1, state="deferred",
                     deferred_until=dt.date(2026, 12, 9)),
        MaterialLine(4, "排水水质检测报告", form_expected="original", copies_expected=1, state="missing",
                     notes="须由具有计量认证资质的机构出具，近三个月内有效", electronic_required=True),
        MaterialLine(5, "授权委托书", required=False, state="pending"),
    ]
    lines = list(base[:count])
    for seq in range(len(lines) + 1, count + 1):
        lines.append(MaterialLine(seq, f"第 {seq} 项补充材料：相关许可证明文件及其附件（含复印件加盖公章）",
                                  form_expected="copy", copies_expected=1, state="provided",
                                  provided_form="copy", provided_copies=1, pages=seq % 4))
    return tuple(lines)


def case(*, document_no="W03-20261125-0007", matter_name=LONG_MATTER, n_materials=5, agent=True,
         official_no="") -> CaseInfo:
    return CaseInfo(
        uuid="5f0c9a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6", document_no=document_no, acceptance_no=document_no,
        official_no=official_no, matter_code="11620100MB0000000X4000112001", matter_name=matter_name,
        department="示例市水务局",
        applicant=Party("person", "张三丰", "6201**********123X", "138****5678",
                        "甘肃省示例市城关区某某街道某某社区某某路 88 号 3 单元 502 室"),
        agent=Party("person", "李四", "6201**********0021", "139****0000") if agent else None,
        clerk_name="王五", materials=materials(n_materials))


def receipt(**kw) -> AcceptanceReceipt:
    reprint = kw.pop("reprint", None)
    h = kw.pop("hall", hall())
    return AcceptanceReceipt(hall=h, case=case(**kw), accepted_at=ACCEPTED_AT, due_date=dt.date(2026, 12, 16),
                             promised_days=15, reprint=reprint)


def supplement(**kw) -> SupplementNotice:
    return SupplementNotice(hall=hall(), case=case(document_no="BZ-5F0C9A8E1B2C", **kw), issued_at=ACCEPTED_AT,
                            supplement_due=dt.date(2026, 12, 2), note="检测报告须加盖检测机构 CMA 章。")


def rejection(**kw) -> RejectionNotice:
    h = kw.pop("hall", hall(legal_basis="《城镇排水与污水处理条例》第二十一条"))
    return RejectionNotice(hall=h, case=case(document_no="BY-5F0C9A8E1B2C", **kw), decided_at=ACCEPTED_AT,
                           reason="申请事项不属于本机关职权范围，请向示例省生态环境厅申请。")


def undertaking(**kw) -> DeferralUndertaking:
    return DeferralUndertaking(hall=hall(), case=case(**kw), accepted_at=ACCEPTED_AT)


def materials_receipt(**kw) -> MaterialsReceipt:
    return MaterialsReceipt(hall=hall(), case=case(**kw), received_at=ACCEPTED_AT)


def handover_receipt(method: str = "window", **kw) -> HandoverReceipt:
    return HandoverReceipt(hall=hall(), case=case(**kw), handed_over_at=ACCEPTED_AT, collector_role="agent",
                           collector_name="李四", collector_id_masked="4405**********0014", method=method,
                           courier="中国邮政EMS" if method == "post" else "",
                           tracking_no="1188396540011" if method == "post" else "")


REPRINT = Reprint(dt.datetime(2026, 11, 25, 9, 31))
