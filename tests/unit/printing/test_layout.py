"""Long names, 30 materials and long addresses wrap and continue; nothing is clipped."""
from __future__ import annotations

import dataclasses
import io
import re

from pypdf import PdfReader
from reportlab.lib.units import mm

from printing.documents import DocumentKind
from printing.render import render
from tests.unit.printing import samples
from tests.unit.printing.conftest import flat, pdf_pages

LONG_ADDRESS = "甘肃省示例市城关区某某街道某某社区某某路 88 号某某小区 12 号楼 3 单元 502 室（近某某学校东门北侧）"


def test_long_matter_and_30_materials_continue_with_page_numbers_and_repeated_header():
    assert len(samples.LONG_MATTER) >= 40
    rendered = render(samples.receipt(n_materials=30), DocumentKind.RECEIPT)
    pages = pdf_pages(rendered.pdf)
    total = len(pages)
    assert total >= 2 and rendered.pages == total
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页 / 共 {total} 页" in page
    table_pages = [p for p in pages if "第 1" in flat(p) or "补充材料" in p]
    assert all("材料名称" in p for p in table_pages)  # the header row repeats
    text = flat("".join(pages))
    for seq in range(6, 31):
        assert f"第{seq}项补充材料" in text
    assert flat(samples.LONG_MATTER) in text


def test_thirty_missing_materials_continue_on_a_second_page_of_the_supplement_notice():
    notice = samples.supplement(n_materials=30)
    materials = tuple(dataclasses.replace(m, state="missing") for m in notice.case.materials)
    notice = dataclasses.replace(notice, case=dataclasses.replace(notice.case, materials=materials))
    pages = pdf_pages(render(notice, DocumentKind.SUPPLEMENT_NOTICE).pdf)
    assert len(pages) >= 2
    assert f"第 1 页 / 共 {len(pages)} 页" in pages[0]
    assert "需补正的材料" in pages[1]
    assert "共30项" in flat(pages[0])


def test_text_stays_inside_the_page_margins():
    """Every glyph starts inside the printable area of A4: nothing clipped at the right edge."""
    case_kwargs = dict(n_materials=30)
    receipt = samples.receipt(**case_kwargs)
    applicant = dataclasses.replace(receipt.case.applicant, address=LONG_ADDRESS)
    receipt = dataclasses.replace(receipt, case=dataclasses.replace(receipt.case, applicant=applicant))
    reader = PdfReader(io.BytesIO(render(receipt, DocumentKind.RECEIPT).pdf))
    width = float(reader.pages[0].mediabox.width)
    xs: list[float] = []
    for page in reader.pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: xs.append(tm[4] * cm[0] + cm[4]) if text.strip()
                          else None)
    assert xs and min(xs) >= 10 * mm and max(xs) <= width - 18 * mm


def test_receipt_slip_is_one_80mm_page_however_many_materials():
    for count in (1, 30):
        rendered = render(samples.receipt(n_materials=count), DocumentKind.RECEIPT_SLIP)
        reader = PdfReader(io.BytesIO(rendered.pdf))
        assert len(reader.pages) == 1
        assert abs(float(reader.pages[0].mediabox.width) - 80 * mm) < 0.5
    text = flat(reader.pages[0].extract_text())
    assert "第30项补充材料" in text


def test_page_numbers_use_the_real_total():
    pages = pdf_pages(render(samples.receipt(), DocumentKind.RECEIPT).pdf)
    assert re.search(r"第 1 页 / 共 1 页", pages[0])


def test_no_line_of_a_paper_starts_with_a_closing_mark_or_ends_with_an_opening_one():
    """Chinese line breaking (禁则): ， ； ： ？ ！ 》 ” never begin a line, “ （ 《 never end one, and an
    ID number is never cut (reportlab's own rules are Japanese: an undertaking once began a line with '，')."""
    from printing.fonts import cjk_font
    from printing.layout import styles_for

    styles = styles_for(cjk_font())
    text = ("承诺人林欣（公民身份号码：6201**********6308）申请办理“住房公积金提取（离职、退休）”事项，"
            "因下列材料暂时无法提供，申请容缺受理；逾期未补交的，自愿承担后果！是否知悉？已知悉：《承诺书》，一式两份。")
    for width in range(120, 480, 3):
        paragraph = styles.para(text, styles.body)
        paragraph.wrap(width, 10_000)
        lines = ["".join(w.text for w in line.words) for line in paragraph.blPara.lines]
        assert "".join(lines) == text, width  # nothing lost or repeated
        assert not [line for line in lines[1:] if line[0] in "，；：？！》。、）”"], (width, lines)
        assert not [line for line in lines[:-1] if line[-1] in "“（《"], (width, lines)
        assert any("6201**********6308" in line for line in lines), (width, lines)
