"""一次性告知书 (supplement notice) and 不予受理通知书 (non-acceptance notice).

The supplement notice must list *every* missing material with what is required, once, so the
citizen does not come back twice; it says where to bring them and by when. The non-acceptance
notice gives the reason, the legal basis when the hall has configured one, and the citizen's
remedies: administrative reconsideration within 60 days, or litigation within six months.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from printing.blocks import (
    Warnings,
    basis_line,
    header,
    load_image,
    number_under_title,
    official_close,
    ruled_table,
)
from printing.documents import HallInfo, IssueInfo, RejectionNotice, SupplementNotice
from printing.layout import A4_MARGIN, FRAME_PADDING, Styles
from printing.text import cn_date, esc, local_time

A4_WIDTH = 210 * mm - 2 * A4_MARGIN - 2 * FRAME_PADDING


def number_line(label: str, number: str, styles: Styles) -> Paragraph:
    return styles.para(f"{esc(label)}：{esc(number)}", styles.right)


def where_to_go(hall: HallInfo) -> str:
    place = hall.name + (f"（{hall.address}）" if hall.address else "")
    return f"{place} {hall.window_id} 号窗口"


def signature_lines(styles: Styles, clerk: str, *blanks: str) -> list[Flowable]:
    """'经办人：王五　申请人签收：＿＿＿　日期：＿年＿月＿日' — blanks the citizen fills in by hand."""
    parts = [f"经办人：{esc(clerk)}"] + [f"{esc(label)}：＿＿＿＿＿＿＿" for label in blanks]
    parts.append("日期：＿＿＿年＿＿月＿＿日")
    row = Table([[styles.para(p) for p in parts]], colWidths=[A4_WIDTH / len(parts)] * len(parts))
    row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return [Spacer(0, 4 * mm), row]


def number_block(label: str, number: str, issued: bool, styles: Styles) -> list[Flowable]:
    """An issued paper's 文号 under its title; a paper outside the register keeps its labelled number."""
    if issued:
        return [number_under_title(number, styles), Spacer(0, 2 * mm)]
    return [number_line(label, number, styles), Spacer(0, 2 * mm)]


def issuing_body(hall: HallInfo, issue: IssueInfo | None) -> str:
    return issue.issuing_body if issue is not None and issue.issuing_body else hall.name


def _we(hall: HallInfo, issue: IssueInfo | None) -> str:
    """'本中心' for the hall itself, the department's name when it decides."""
    body = issuing_body(hall, issue)
    return "本中心" if body == hall.name else esc(body)


def supplement_story(n: SupplementNotice, title: str, styles: Styles, warnings: Warnings) -> list[Flowable]:
    c = n.case
    story = header(n.hall, title, styles, warnings, A4_WIDTH)
    story += number_block("告知书编号", c.document_no, n.issue is not None, styles)
    story.append(styles.para(
        f"{esc(c.applicant.name)}（{esc(c.applicant.id_label)}：{esc(c.applicant.id_masked)}）：<br/>"
        f"您申请办理的“{esc(c.matter_name)}”事项（事项编码 {esc(c.matter_code)}），经审查，申请材料不齐全或者"
        f"不符合法定形式。现一次性告知您需要补正的全部材料（共 {len(n.missing)} 项）如下：", styles.body))
    story.append(Spacer(0, 3 * mm))
    rows = [[str(i), m.name, m.requirement, "未提供" if m.state in ("missing", "pending") else "不符合要求"]
            for i, m in enumerate(n.missing, start=1)]
    story.append(ruled_table(("序号", "需补正的材料", "要求", "当前情况"), rows, styles,
                             (11 * mm, None, 58 * mm, 22 * mm), A4_WIDTH))
    story.append(Spacer(0, 3 * mm))
    if n.note:
        story.append(styles.para(f"补正说明：{esc(n.note)}", styles.body))
        story.append(Spacer(0, 2 * mm))
    deadline = cn_date(n.supplement_due, "")
    when = f"请于{deadline}前" if deadline else "请尽快"
    story.append(styles.para(
        f"{when}携带上述材料及本告知书到{esc(where_to_go(n.hall))}办理补正，材料补齐后予以受理。"
        f"咨询电话：{esc(n.hall.phone)}。", styles.body))
    if n.issue is not None and n.issue.consequence:
        story.append(Spacer(0, 2 * mm))
        story.append(styles.para(f"逾期后果：{esc(n.issue.consequence)}", styles.body))
    story.append(Spacer(0, 2 * mm))
    story += basis_line(n.issue, styles)
    story.append(Spacer(0, 4 * mm))
    seal = load_image(n.hall.seal_path, "印章", warnings)
    story.append(official_close(n.issue, n.hall.name, n.issued_at.date(), styles, seal, A4_WIDTH,
                                qr_lines=[f"告知书编号：{c.document_no}"]))
    story += signature_lines(styles, c.clerk_name, "申请人签收")
    return story


def rejection_story(n: RejectionNotice, title: str, styles: Styles, warnings: Warnings) -> list[Flowable]:
    c = n.case
    hall = n.hall
    story = header(hall, title, styles, warnings, A4_WIDTH)
    story += number_block("通知书编号", c.document_no, n.issue is not None, styles)
    story.append(styles.para(
        f"{esc(c.applicant.name)}（{esc(c.applicant.id_label)}：{esc(c.applicant.id_masked)}）：<br/>"
        f"您申请办理的“{esc(c.matter_name)}”事项（事项编码 {esc(c.matter_code)}），经审查，"
        f"{_we(hall, n.issue)}决定不予受理。", styles.body))
    story.append(Spacer(0, 3 * mm))
    story.append(styles.para(f"不予受理的理由：{esc(n.reason) or '—'}", styles.body))
    story.append(Spacer(0, 2 * mm))
    basis = basis_line(n.issue, styles, override=hall.legal_basis)
    if basis:
        story += [*basis, Spacer(0, 2 * mm)]
    story.append(styles.para(f"作出决定的机关：{esc(issuing_body(hall, n.issue))}", styles.body))
    story.append(Spacer(0, 2 * mm))
    remedies = []
    if hall.reconsideration_body:
        remedies.append(f"自收到本通知书之日起六十日内向{esc(hall.reconsideration_body)}申请行政复议")
    if hall.court:
        remedies.append(f"自收到本通知书之日起六个月内依法向{esc(hall.court)}提起行政诉讼")
    if remedies:
        story.append(styles.para("如对本决定不服，您可以" + "，或者".join(remedies) + "。", styles.body))
        story.append(Spacer(0, 2 * mm))
    story.append(styles.para(f"如有疑问，请致电 {esc(hall.phone)} 或到{esc(where_to_go(hall))}咨询。"
                           f"决定时间：{local_time(n.decided_at)}。", styles.body))
    story.append(Spacer(0, 4 * mm))
    seal = load_image(hall.seal_path, "印章", warnings)
    story.append(official_close(n.issue, hall.name, n.decided_at.date(), styles, seal, A4_WIDTH,
                                qr_lines=[f"通知书编号：{c.document_no}"]))
    story += signature_lines(styles, c.clerk_name, "申请人签收")
    return story
