"""Helpers for reading back the PDFs the templates produce."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    """Text of each page, as a citizen's screen reader or a search would see it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with line breaks removed, so a wrapped name reads as one string again."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def read_pdf():
    return pdf_pages
