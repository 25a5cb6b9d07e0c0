"""Every kind of paper still says exactly what it said, line by line and page by page.

Speed work on the renderer (caches, a faster QR mask choice, fewer reportlab objects) must not
change a word a citizen reads or where a line breaks. The text of each paper kind below was
taken from the renderer before that work (``pinned/papers.json``); a change here is a change to
the papers, to be made on purpose: regenerate with ``python -m tests.unit.printing.test_pinned_papers``
and look at the papers (``pdftoppm -png -r 80``) before committing the new pins.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

from printing.documents import DocumentKind
from printing.render import render
from tests.unit.printing import samples
from tests.unit.printing.conftest import pdf_pages
from tests.unit.printing.test_render_caches import ISSUE

PINNED = Path(__file__).parent / "pinned" / "papers.json"

PAPERS = {
    "receipt": (samples.receipt(), DocumentKind.RECEIPT),
    "receipt-issued-30-materials-reprint": (
        dataclasses.replace(samples.receipt(n_materials=30), issue=ISSUE, reprint=samples.REPRINT), DocumentKind.RECEIPT),
    "receipt-slip": (samples.receipt(), DocumentKind.RECEIPT_SLIP),
    "receipt-slip-issued": (dataclasses.replace(samples.receipt(), issue=ISSUE), DocumentKind.RECEIPT_SLIP),
    "receipt-slip-reprint": (samples.receipt(reprint=samples.REPRINT), DocumentKind.RECEIPT_SLIP),
    "supplement-notice": (samples.supplement(), DocumentKind.SUPPLEMENT_NOTICE),
    "supplement-notice-issued": (dataclasses.replace(samples.supplement(), issue=ISSUE), DocumentKind.SUPPLEMENT_NOTICE),
    "rejection-notice": (samples.rejection(), DocumentKind.REJECTION_NOTICE),
    "deferral-undertaking": (dataclasses.replace(samples.undertaking(), issue=ISSUE), DocumentKind.DEFERRAL_UNDERTAKING),
    "materials-receipt": (samples.materials_receipt(), DocumentKind.MATERIALS_RECEIPT),
    "handover-receipt-window": (samples.handover_receipt(), DocumentKind.HANDOVER_RECEIPT),
    "handover-receipt-post": (samples.handover_receipt("post"), DocumentKind.HANDOVER_RECEIPT),
}


def lines_of(name: str) -> list[list[str]]:
    """Each page's text lines as a reader extracts them (blank lines and edge spaces dropped)."""
    document, kind = PAPERS[name]
    pages = pdf_pages(render(document, kind).pdf)
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_every_paper_kind_reads_line_for_line_as_pinned(name):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert lines_of(name) == pinned[name]


def test_every_pinned_paper_is_still_rendered():
    assert sorted(json.loads(PINNED.read_text(encoding="utf-8"))) == sorted(PAPERS)


if __name__ == "__main__":  # regenerate the pins (on purpose only; see the module docstring)
    PINNED.parent.mkdir(exist_ok=True)
    PINNED.write_text(json.dumps({name: lines_of(name) for name in sorted(PAPERS)}, ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")
    sys.exit(0)
