"""办理结果领取回执 (hand-over receipt): the result of a case left the hall, to whom and how.

Printed at whichever window handed the result over (出件/领证), often not the one that accepted
the case: it names the case by its acceptance number, the collector as read from their ID card
(masked), whether they are the applicant or an authorised agent, and — for a result sent by
post — the courier and the waybill number. The collector signs it; the hall keeps it.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printing.blocks import Warnings, basis_line, field_grid, header, load_image, official_close
from printing.documents import HandoverReceipt
from printing.layout import A4_MARGIN, FRAME_PADDING, Styles
from printing.notices import number_block, signature_lines
from printing.text import esc, local_time

A4_WIDTH = 210 * mm - 2 * A4_MARGIN - 2 * FRAME_PADDING


def handover_story(r: HandoverReceipt, title: str, styles: Styles, warnings: Warnings) -> list[Flowable]:
    c = r.case
    story = header(r.hall, title, styles, warnings, A4_WIDTH)
    story += number_block("编号", c.document_no, r.issue is not None, styles)
    how = (f"邮寄送达（{r.courier}，运单号 {r.tracking_no}）" if r.method == "post"
           else f"{r.hall.name} {r.hall.window_id} 号窗口当面领取")
    grid = [("受理编号", c.acceptance_no or c.document_no), ("办件编号", c.official_no or "—"),
            ("事项名称", c.matter_name), ("申请人", c.applicant.name), (c.applicant.id_label, c.applicant.id_masked),
            ("领取人", f"{r.collector_name}（{r.collector_label}）"), ("领取人公民身份号码", r.collector_id_masked),
            ("交付方式", how), ("交付时间", local_time(r.handed_over_at)),
            ("经办人", f"{c.clerk_name}（{r.hall.name} {r.hall.window_id} 号窗口）")]
    story += [field_grid(grid, styles, A4_WIDTH, 36 * mm), Spacer(0, 4 * mm)]
    text = "上述办件的办理结果已交付领取人，领取人已核对无误。"
    if r.collector_role == "agent":
        text += "代领人已出示申请人的授权委托书及本人身份证件，委托书留存备查。"
    story.append(styles.para(esc(text), styles.body))
    story += basis_line(r.issue, styles)
    story.append(Spacer(0, 4 * mm))
    seal = load_image(r.hall.seal_path, "印章", warnings)
    story.append(official_close(r.issue, r.hall.name, r.handed_over_at.date(), styles, seal, A4_WIDTH,
                                qr_lines=[f"受理编号：{c.acceptance_no or c.document_no}"]))
    story += signature_lines(styles, c.clerk_name, "领取人签字")
    return story
