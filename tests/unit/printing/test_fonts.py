"""Chinese renders without any installed font: the fonts are embedded, and faults fall back loudly."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from printing.documents import DocumentKind
from printing.fonts import BUNDLED_FONT, FontChoice, cjk_font, font_runs, mixed_markup
from printing.render import render
from tests.unit.printing import samples
from tests.unit.printing.conftest import flat, pdf_pages


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_embeds_its_chinese_and_latin_fonts(kind):
    document = {
        "receipt": samples.receipt, "receipt-slip": samples.receipt, "supplement-notice": samples.supplement,
        "rejection-notice": samples.rejection, "deferral-undertaking": samples.undertaking,
        "materials-receipt": samples.materials_receipt, "handover-receipt": samples.handover_receipt,
    }[kind.value]()
    assert {"DroidSansFallback", "DejaVuSans"} <= embedded_fonts(render(document, kind).pdf)


def test_font_is_registered_once_and_reused():
    assert cjk_font() is cjk_font()


def test_latin_runs_go_to_the_latin_font():
    font = cjk_font()
    assert font_runs("编号W03", font) == [(font.name, "编号"), (font.latin, "W03")]
    assert mixed_markup("编号&amp;<br/>A", font) == (
        f'编号<font face="{font.latin}">&amp;</font><br/><font face="{font.latin}">A</font>')
    plain = FontChoice(name="STSong-Light", embedded=False)
    assert mixed_markup("编号W03", plain) == "编号W03"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_pdftoppm_renders_the_chinese_title(tmp_path):
    """Rasterise the title band: it must contain dark pixels (glyphs), not a blank strip."""
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render(samples.receipt(), DocumentKind.RECEIPT).pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    w, h = image.size
    title_band = image.crop((int(w * 0.3), int(h * 0.04), int(w * 0.7), int(h * 0.11)))
    dark = sum(title_band.histogram()[:128])
    assert dark > 200, "the Chinese title rendered blank"


def test_broken_font_file_falls_back_to_the_builtin_font_and_names_the_file(tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font at all")
    rendered = render(samples.receipt(), DocumentKind.RECEIPT, font_path=broken)
    assert any(str(broken) in w and "STSong-Light" in w for w in rendered.warnings)
    assert "W03-20261125-0007" in flat("".join(pdf_pages(rendered.pdf)))


def test_missing_logo_and_unreadable_seal_are_reported_and_the_receipt_still_prints(tmp_path):
    bad_seal = tmp_path / "seal.png"
    bad_seal.write_bytes(b"\x89PNG broken")
    hall = samples.hall(logo_path=str(tmp_path / "nowhere" / "logo.png"), seal_path=str(bad_seal))
    rendered = render(samples.receipt(hall=hall), DocumentKind.RECEIPT)
    assert any("logo.png" in w and "徽标" in w for w in rendered.warnings)
    assert any(str(bad_seal) in w and "印章" in w for w in rendered.warnings)
    assert "W03-20261125-0007" in flat("".join(pdf_pages(rendered.pdf)))


def test_configured_logo_and_seal_are_drawn(tmp_path):
    logo, seal = tmp_path / "logo.png", tmp_path / "seal.png"
    Image.new("RGB", (120, 120), (200, 30, 30)).save(logo)
    Image.new("RGBA", (200, 200), (220, 0, 0, 128)).save(seal)
    hall = samples.hall(logo_path=str(logo), seal_path=str(seal))
    rendered = render(samples.receipt(hall=hall), DocumentKind.RECEIPT)
    assert rendered.warnings == ()
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert len(reader.pages) == 1  # the seal overlays the signature; it never needs a page of its own
    drawn = reader.pages[0]["/Resources"]["/XObject"]  # reportlab wraps each image in a form XObject
    assert len(drawn) == 2


def test_bundled_font_file_ships_with_its_licence():
    assert BUNDLED_FONT.is_file()
    assert (BUNDLED_FONT.parent / "LICENSE-DroidSansFallback.txt").is_file()
    assert (BUNDLED_FONT.parent / "LICENSE-DejaVuSans.txt").is_file()
