"""Every kind of bad file becomes one clear Chinese sentence; good files become upright, small pages."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from pypdf import PdfWriter

from desktop.devices.capture.base import CaptureProblem
from desktop.devices.capture.images import Limits, auto_crop, image_pages, sniff
from desktop.devices.capture.simulated import camera_frame, document_page, page_jpeg

LIMITS = Limits(max_long_side=2480, jpeg_quality=85)


def _pages(data: bytes, limits: Limits = LIMITS):
    return list(image_pages(data, limits, source="file", origin="x"))


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size (a decompression bomb) with almost no data."""
    buf = io.BytesIO()
    Image.new("L", (32, 32), 255).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_zero_byte_file_is_refused_as_empty():
    with pytest.raises(CaptureProblem, match="空的"):
        _pages(b"")


def test_a_renamed_program_is_refused():
    with pytest.raises(CaptureProblem, match="程序文件"):
        _pages(b"MZ\x90\x00" + b"\x00" * 500)


def test_unknown_content_is_refused_with_the_accepted_formats():
    with pytest.raises(CaptureProblem, match="JPEG、PNG、TIFF"):
        _pages(b"hello, this is a text file")


def test_a_truncated_jpeg_is_refused_not_half_imported():
    data = page_jpeg(1, size=(800, 1100))
    with pytest.raises(CaptureProblem, match="损坏或不完整"):
        _pages(data[: len(data) // 3])


def test_a_corrupt_png_is_refused():
    buf = io.BytesIO()
    document_page(1, size=(400, 566)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    middle = len(data) // 2
    data[middle:middle + 2000] = b"\x00" * 2000  # a damaged stretch of the compressed pixel data
    with pytest.raises(CaptureProblem, match="损坏"):
        _pages(bytes(data))


def test_a_300_megapixel_image_is_refused_before_decoding():
    with pytest.raises(CaptureProblem, match="尺寸过大.*300 百万像素"):
        _pages(_png_claiming(20000, 15000))


def test_a_corrupt_pdf_is_refused():
    with pytest.raises(CaptureProblem, match="PDF 文件已损坏"):
        _pages(b"%PDF-1.7\n" + b"\x00garbage" * 100)


def test_a_truncated_pdf_is_refused_or_yields_only_whole_pages():
    data = _pdf(3)
    with pytest.raises(CaptureProblem, match="PDF"):
        _pages(data[: len(data) // 2])


def test_a_500_page_pdf_is_refused_with_the_page_limit_before_rendering():
    with pytest.raises(CaptureProblem, match="共 500 页，超过单个文件 200 页"):
        _pages(_pdf(500))


def test_pdf_pages_are_rendered_with_progress():
    seen = []
    pages = list(image_pages(_pdf(3), LIMITS, source="file", origin="a.pdf",
                             progress=lambda d, t, _w: seen.append((d, t))))
    assert len(pages) == 3 and all(p.mime == "image/jpeg" and p.height > p.width for p in pages)
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_multi_page_tiff_gives_every_page():
    frames = [document_page(n, size=(500, 700)) for n in (1, 2, 3)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    assert len(_pages(buf.getvalue())) == 3


def test_exif_orientation_is_applied_once():
    data = page_jpeg(1, size=(600, 800), exif_orientation=6)  # stored landscape-sideways, shown upright
    with Image.open(io.BytesIO(data)) as raw:
        assert raw.size == (600, 800)
    (page,) = _pages(data)
    assert (page.width, page.height) == (800, 600)
    with Image.open(io.BytesIO(page.data)) as img:
        assert img.getexif().get(0x0112) is None


def test_a_12_megapixel_photo_is_shrunk_to_the_long_side_limit_and_under_500kb():
    img = document_page(1, size=(3000, 4000))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    (page,) = _pages(buf.getvalue())
    assert max(page.width, page.height) == 2480 and len(page.data) < 500_000


def test_transparent_png_is_flattened_on_white():
    buf = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(buf, "PNG")
    (page,) = _pages(buf.getvalue())
    with Image.open(io.BytesIO(page.data)) as img:
        assert img.convert("L").getpixel((150, 150)) > 250


def test_auto_crop_cuts_the_desk_away_from_a_camera_shot():
    shot = camera_frame(1, size=(1600, 1200))
    cropped = auto_crop(shot)
    assert cropped.width < shot.width * 0.7 and cropped.height > shot.height * 0.8


def test_auto_crop_leaves_a_plain_scan_alone():
    page = document_page(1, size=(600, 848))
    assert auto_crop(page).size == page.size


def test_sniffing_uses_content_not_the_file_name():
    assert sniff(page_jpeg(1, size=(100, 141))[:16]) == "jpeg"
    assert sniff(b"%PDF-1.4 ...") == "pdf"
