"""受理通知书 (A4) and 受理回执 (80 mm thermal slip): the proof a citizen takes home after acceptance.

It carries what the citizen relies on later: the acceptance number (and the platform's 办件编号
once known), the promised due date, what materials the counter holds — including the ones
accepted on a promise (容缺) or taken from an e-certificate — and how to ask about progress
(phone, and a QR code with the number and the enquiry URL).
"""
from __future__ import annotations

from urllib.parse import urlencode

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop.domain.catalog_format import CERT_TYPES
from printing.blocks import (
    QrCode,
    SealBlock,
    Warnings,
    basis_line,
    field_grid,
    fill_widths,
    header,
    load_image,
    number_under_title,
    official_close,
    ruled_table,
)
from printing.documents import FORM_LABELS, AcceptanceReceipt, MaterialLine, Party
from printing.fonts import font_runs
from printing.layout import A4_MARGIN, FRAME_PADDING, SLIP_MARGIN, SLIP_WIDTH, Styles
from printing.text import cn_date, cn_numeral_date, esc, local_time

A4_WIDTH = 210 * mm - 2 * A4_MARGIN - 2 * FRAME_PADDING


def enquiry_payload(receipt: AcceptanceReceipt) -> str:
    """What the QR code holds: the issued paper's verification payload (case, number, hash) when the
    paper was issued, else the enquiry URL with the acceptance number, or the number alone."""
    if receipt.issue is not None and receipt.issue.verify_payload:
        return receipt.issue.verify_payload
    number = receipt.case.acceptance_no or receipt.case.document_no
    url = receipt.hall.enquiry_url
    if not url:
        return number
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'no': number})}"


def received_text(m: MaterialLine) -> str:
    """How the counter holds a material, in the words printed in the 'received' column."""
    if m.state == "provided":
        return "已收取" + (f"（{m.pages} 页扫描件）" if m.pages else "")
    if m.state == "deferred":
        return f"容缺受理，须于 {cn_date(m.deferred_until)} 前补交"
    if m.state == "certificate":
        return f"电子证照调用：{certificate_text(m)}"
    if m.state == "missing":
        return "未提供"
    return "未提供" if m.required else "非必需，未提供"


def certificate_text(m: MaterialLine) -> str:
    """The e-certificate a material was taken from, in words: the platform's reference
    ('居民身份证（…）') when the case recorded one, else the certificate type's name. A bare type
    code (ID_CARD) is what a case records when no platform answered; a citizen cannot read it."""
    ref = m.certificate_ref or m.cert_type
    if not ref:
        return "—"
    return CERT_TYPES.get(ref, ref)


def _form_and_copies(m: MaterialLine) -> tuple[str, str]:
    if m.state == "provided":
        return FORM_LABELS.get(m.provided_form or m.form_expected, m.provided_form), str(m.provided_copies)
    if m.state == "certificate":
        return "电子证照", "—"
    return FORM_LABELS.get(m.form_expected, m.form_expected), "0"


def _due_text(r: AcceptanceReceipt) -> str:
    if r.immediate:
        return "即办件，当场办结"
    days = f"（{r.promised_days} 个工作日）" if r.promised_days else ""
    note = ""
    if r.due_provisional_years:
        years = "、".join(f"{y} 年" for y in r.due_provisional_years)
        note = f"；{years}节假日安排尚未公布，暂按周一至周五计算，如有调整将另行告知"
    return f"{cn_date(r.due_date, '以承办部门通知为准')}{days}{note}"


def _party_rows(label: str, p: Party) -> list[tuple[str, str]]:
    rows = [(label, p.name), (p.id_label, p.id_masked)]
    if p.legal_rep:
        rows.append(("法定代表人", p.legal_rep))
    if p.phone_masked:
        rows.append(("联系电话", p.phone_masked))
    return rows


def _rows(r: AcceptanceReceipt) -> list[tuple[str, str]]:
    c = r.case
    rows = [("受理编号", c.acceptance_no or c.document_no)]
    if c.official_no:
        rows.append(("办件编号", c.official_no))
    rows += [("事项名称", c.matter_name), ("事项编码", c.matter_code)]
    if c.department:
        rows.append(("承办部门", c.department))
    rows += _party_rows("申请人", c.applicant)
    if c.agent is not None:
        rows += _party_rows("代理人", c.agent)
    rows += [
        ("受理时间", local_time(r.accepted_at)),
        ("承诺办结日期", _due_text(r)),
        ("受理窗口", f"{r.hall.name} {r.hall.window_id} 号窗口"),
        ("受理人", c.clerk_name),
        ("咨询电话", r.hall.phone),
    ]
    return rows


def _body(r: AcceptanceReceipt) -> str:
    """Who accepted: the hall ('本中心'), or the competent department through the hall's window."""
    if r.issue is not None and r.issue.issuing_body and r.issue.issuing_body != r.hall.name:
        return f"{esc(r.issue.issuing_body)}（通过{esc(r.hall.name)}受理窗口）"
    return "本中心"


def a4_story(r: AcceptanceReceipt, title: str, styles: Styles, warnings: Warnings) -> list[Flowable]:
    c = r.case
    story = header(r.hall, title, styles, warnings, A4_WIDTH)
    if r.issue is not None:
        story.append(number_under_title(c.document_no, styles))
        story.append(Spacer(0, 2 * mm))
    story.append(styles.para(
        f"{esc(c.applicant.name)}：<br/>您申请的“{esc(c.matter_name)}”事项，{_body(r)}已于 {local_time(r.accepted_at)} "
        "受理。现将受理情况告知如下，请妥善保管本通知书，凭受理编号查询办理进度、领取办理结果。", styles.body))
    story += [Spacer(0, 3 * mm), field_grid(_rows(r), styles, A4_WIDTH, 32 * mm), Spacer(0, 4 * mm)]
    if c.held:
        story.append(styles.para("已收材料清单", styles.body))
        story.append(Spacer(0, 1.5 * mm))
        rows = [[str(m.seq), m.name, *_form_and_copies(m), received_text(m)] for m in c.held]
        story.append(ruled_table(("序号", "材料名称", "形式", "份数", "收取情况"), rows, styles,
                                 (11 * mm, None, 22 * mm, 11 * mm, 52 * mm), A4_WIDTH))
        story.append(Spacer(0, 3 * mm))
    if any(m.state == "deferred" for m in c.materials):
        note = (r.issue.consequence if r.issue is not None and r.issue.consequence else
                "标注“容缺受理”的材料，请按《容缺受理承诺书》约定的日期前补交；逾期未补交的，将依规定终止办理。")
        story.append(styles.para(f"注：{esc(note)}", styles.small))
        story.append(Spacer(0, 3 * mm))
    story += basis_line(r.issue, styles)
    story.append(Spacer(0, 3 * mm))
    seal = load_image(r.hall.seal_path, "印章", warnings)
    if r.issue is None:  # a paper not issued through the register (template previews): the old close
        story.append(KeepTogether([
            _enquiry_block(r, styles, qr_size=26 * mm), Spacer(0, 2 * mm),
            SealBlock([f"{r.hall.name}（盖章）", cn_numeral_date(r.accepted_at.date())], styles, seal, 38 * mm)]))
        return story
    story.append(official_close(r.issue, r.hall.name, r.accepted_at.date(), styles, seal, A4_WIDTH,
                                qr_lines=_enquiry_lines(r)))
    return story


def _enquiry_lines(r: AcceptanceReceipt) -> list[str]:
    lines = [f"办理进度查询：扫描二维码，或拨打咨询电话 {r.hall.phone}，"
             f"并提供受理编号 {r.case.acceptance_no or r.case.document_no}。"]
    if r.hall.enquiry_url:
        lines.append(f"查询网址：{r.hall.enquiry_url}")
    if r.hall.address:
        lines.append(f"办事地址：{r.hall.address}")
    return lines


def _enquiry_block(r: AcceptanceReceipt, styles: Styles, qr_size: float) -> Table:
    text = [styles.para(esc(line), styles.small) for line in _enquiry_lines(r)]
    table = Table([[QrCode(enquiry_payload(r), qr_size), text]], colWidths=fill_widths([qr_size + 4 * mm, None], A4_WIDTH))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return table


def _fitted_number(text: str, styles: Styles, width: float) -> Flowable:
    """The acceptance number on one line: a number broken over two lines gets misread on the phone."""
    runs = font_runs(text, styles.font)
    at_one_pt = sum(pdfmetrics.stringWidth(run, name, 1) for name, run in runs)
    size = min(styles.hall.fontSize, (width - 2) / at_one_pt)
    style = ParagraphStyle("number", parent=styles.hall, fontSize=size, leading=size * 1.3)
    return styles.para(esc(text), style)


def slip_story(r: AcceptanceReceipt, title: str, styles: Styles, warnings: Warnings) -> list[Flowable]:
    """The thermal slip: same facts, one narrow column, no grid lines a 203-dpi head would smear."""
    c = r.case
    width = SLIP_WIDTH - 2 * SLIP_MARGIN - 2 * FRAME_PADDING
    story = header(r.hall, title, styles, warnings, width, slip=True)
    story.append(_fitted_number(f"受理编号：{c.acceptance_no or c.document_no}", styles, width))
    if r.issue is not None:
        story.append(styles.para(f"文书编号：{esc(c.document_no)}", styles.centered))
    story.append(Spacer(0, 2 * mm))
    rows = [row for row in _rows(r) if row[0] != "受理编号"]
    lines = [styles.para(f"{esc(label)}：{esc(value)}", styles.body) for label, value in rows]
    story += lines
    if c.held:
        story.append(Spacer(0, 2 * mm))
        story.append(styles.para("—— 已收材料 ——", styles.centered))
        for m in c.held:
            form, copies = _form_and_copies(m)
            detail = received_text(m) if m.state != "provided" else f"{form} {copies} 份"
            story.append(styles.para(f"{m.seq}. {esc(m.name)}（{esc(detail)}）", styles.small))
    story.append(Spacer(0, 3 * mm))
    qr = Table([[QrCode(enquiry_payload(r), 30 * mm)]], colWidths=[width])
    qr.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    story.append(qr)
    story.append(styles.para("扫码或致电查询办理进度", styles.centered))
    if r.issue is not None and r.issue.verify_code:
        story.append(styles.para(f"核验码：{esc(r.issue.verify_code)}", styles.centered))
    story.append(Spacer(0, 1 * mm))
    if r.hall.address:
        story.append(styles.para(f"办事地址：{esc(r.hall.address)}", styles.small))
    return story
