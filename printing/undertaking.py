"""容缺受理承诺书 (deferred-materials undertaking) and 材料接收凭证 (materials receipt).

The undertaking is what makes deferred acceptance (容缺受理) lawful: the applicant signs that
the listed materials will follow by their dates. The materials receipt proves, page by page,
what paper the counter took — the citizen's protection if something is later said to be missing.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printing.blocks import Warnings, basis_line, field_grid, header, load_image, official_close, ruled_table
from printing.documents import FORM_LABELS, DeferralUndertaking, MaterialsReceipt
from printing.layout import A4_MARGIN, FRAME_PADDING, Styles
from printing.notices import number_block, number_line, signature_lines
from printing.receipt import received_text
from printing.text import cn_date, esc, local_time

A4_WIDTH = 210 * mm - 2 * A4_MARGIN - 2 * FRAME_PADDING

PROMISES = (
    "一、本人（单位）所提交的申请材料真实、合法、有效，如有虚假，自愿承担相应法律责任；",
    "二、在上表所列日期前补交全部容缺材料，补交的材料与本承诺及已提交材料的内容一致；",
    "三、逾期未补交或补交的材料不符合要求的，自愿承担由此产生的后果，包括终止办理、"
    "撤销已作出的决定等。",
)


def undertaking_story(u: DeferralUndertaking, title: str, styles: Styles, warnings: Warnings) -> list[Flowable]:
    c = u.case
    story = header(u.hall, title, styles, warnings, A4_WIDTH)
    if u.issue is not None:
        story += number_block("", c.document_no, True, styles)
    story.append(number_line("受理编号", c.acceptance_no or c.document_no, styles))
    story.append(Spacer(0, 2 * mm))
    who = f"{esc(c.applicant.name)}（{esc(c.applicant.id_label)}：{esc(c.applicant.id_masked)}）"
    story.append(styles.para(
        f"承诺人{who}申请办理“{esc(c.matter_name)}”事项，因下列材料暂时无法提供，申请容缺受理，"
        f"并郑重承诺如下：", styles.body))
    story.append(Spacer(0, 3 * mm))
    rows = [[str(m.seq), m.name, m.requirement, cn_date(m.deferred_until)] for m in u.deferred]
    story.append(ruled_table(("序号", "容缺材料", "要求", "承诺补交日期"), rows, styles,
                             (11 * mm, None, 55 * mm, 32 * mm), A4_WIDTH))
    story.append(Spacer(0, 3 * mm))
    for line in PROMISES:
        story += [styles.para(line, styles.body), Spacer(0, 1.5 * mm)]
    story.append(styles.para(f"补交地点：{esc(u.hall.name)} {esc(u.hall.window_id)} 号窗口"
                           f"{'（' + esc(u.hall.address) + '）' if u.hall.address else ''}，"
                           f"咨询电话 {esc(u.hall.phone)}。本承诺书一式两份，承诺人与受理窗口各执一份。",
                           styles.body))
    story.append(Spacer(0, 8 * mm))
    signer = "承诺人（签字/盖章）：＿＿＿＿＿＿＿＿　　日期：＿＿＿年＿＿月＿＿日"
    story.append(styles.para(signer, styles.body))
    if c.agent is not None:
        story.append(Spacer(0, 4 * mm))
        story.append(styles.para(f"代理人 {esc(c.agent.name)}（签字）：＿＿＿＿＿＿＿＿", styles.body))
    story += basis_line(u.issue, styles)
    story.append(Spacer(0, 4 * mm))
    seal = load_image(u.hall.seal_path, "印章", warnings)
    story.append(official_close(u.issue, u.hall.name, u.accepted_at.date(), styles, seal, A4_WIDTH,
                                qr_lines=[f"受理编号：{c.acceptance_no or c.document_no}"],
                                extra_seal_lines=[f"受理人：{c.clerk_name}"]))
    return story


def materials_story(r: MaterialsReceipt, title: str, styles: Styles, warnings: Warnings) -> list[Flowable]:
    c = r.case
    story = header(r.hall, title, styles, warnings, A4_WIDTH)
    story += number_block("编号", c.document_no, r.issue is not None, styles)
    grid = [("事项名称", c.matter_name), ("申请人", c.applicant.name),
            (c.applicant.id_label, c.applicant.id_masked), ("接收时间", local_time(r.received_at)),
            ("接收人", f"{c.clerk_name}（{r.hall.name} {r.hall.window_id} 号窗口）")]
    story += [field_grid(grid, styles, A4_WIDTH, 32 * mm), Spacer(0, 4 * mm)]
    rows, copies, pages = [], 0, 0
    for m in c.held:
        held = m.state == "provided"
        if m.state == "certificate":  # no paper taken: the same words as on the receipt, not "0 copies"
            rows.append([str(m.seq), m.name, "电子证照", "—", "—", received_text(m)])
            continue
        form = FORM_LABELS.get(m.provided_form or m.form_expected, "—") if held else "—"
        rows.append([str(m.seq), m.name, form, str(m.provided_copies) if held else "0",
                     str(m.pages), received_text(m)])
        copies += m.provided_copies if held else 0
        pages += m.pages
    story.append(ruled_table(("序号", "材料名称", "形式", "份数", "扫描页数", "说明"), rows, styles,
                             (11 * mm, None, 22 * mm, 11 * mm, 18 * mm, 50 * mm), A4_WIDTH))
    story.append(Spacer(0, 3 * mm))
    story.append(styles.para(f"合计：材料 {len(c.held)} 项，纸质材料 {copies} 份，扫描页 {pages} 页。"
                           "以上材料已当面清点无误。", styles.body))
    story += basis_line(r.issue, styles)
    story.append(Spacer(0, 4 * mm))
    seal = load_image(r.hall.seal_path, "印章", warnings)
    story.append(official_close(r.issue, r.hall.name, r.received_at.date(), styles, seal, A4_WIDTH,
                                qr_lines=[f"受理编号：{c.acceptance_no or c.document_no}"]))
    story += signature_lines(styles, c.clerk_name, "递交人签字")
    return story
