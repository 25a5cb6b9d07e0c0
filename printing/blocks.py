"""Building blocks the templates share: header with logo, field grid, QR code, seal, tables.

Images come from paths in the hall config. A missing or unreadable file must not stop a
receipt: the block is left out and a message naming the file is collected for the clerk.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path

import segno
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import FILL_EVEN_ODD, PATH_OPS
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from printing import qr_masks
from printing.documents import HallInfo, IssueInfo
from printing.layout import Styles
from printing.tables import CachedTable
from printing.text import cn_numeral_date, esc

qr_masks.install()  # segno's mask choice, same result, a fraction of the time

GRID = colors.Color(0.35, 0.35, 0.35)
HEAD_FILL = colors.Color(0.92, 0.92, 0.92)


class Warnings(list):
    """Messages for the clerk collected while rendering (never fatal)."""


def load_image(path: str, what: str, warnings: Warnings) -> ImageReader | None:
    """The image at ``path``, or None (with a message naming the file) when it cannot be used."""
    if not path:
        return None
    try:
        p = Path(path)
        return _cached_image(str(p), p.stat().st_mtime_ns)
    except Exception as exc:  # OSError, PIL.UnidentifiedImageError, …: all "cannot use this file"
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        warnings.append(f"{what}图片文件 {path} 无法读取（{reason}），本次打印不含{what}。")
        return None


@functools.lru_cache(maxsize=8)
def _cached_image(path: str, mtime_ns: int) -> ImageReader:
    reader = ImageReader(path)
    reader.getSize()  # force decoding now, so a broken file fails here and not mid-build
    return reader


class ImageBox(Flowable):
    """An image scaled to fit a box, keeping its aspect ratio."""

    def __init__(self, image: ImageReader, max_w: float, max_h: float) -> None:
        super().__init__()
        iw, ih = image.getSize()
        scale = min(max_w / iw, max_h / ih)
        self.image, self.width, self.height = image, iw * scale, ih * scale

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height, mask="auto")


class QrCode(Flowable):
    """A QR code drawn as vector squares (crisp on a 203-dpi thermal head and on laser paper).

    Its drawing operators are built once per content and size (:func:`qr_operators`) and added
    as one block: the A4 receipt, its slip and a preview of either carry the same code.
    """

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.width = self.height = size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        self.canv.addLiteral(qr_operators(self.data, self.width))


_FILL = PATH_OPS[0, 1, FILL_EVEN_ODD]  # what a canvas (always even-odd here) writes for rect(fill=1)


@functools.lru_cache(maxsize=64)
def qr_operators(data: str, size: float) -> str:
    """PDF operators filling the dark modules of ``data``'s QR code (level M, 2-module quiet zone).

    One filled rectangle per run of dark modules, in the flowable's own coordinates, exactly what
    ``canvas.rect(…, stroke=0, fill=1)`` writes for each: separate fills keep every module's edge
    on its own (one compound path is rendered with grey seams by anti-aliasing viewers).
    """
    matrix = segno.make(data, error="m", micro=False).matrix
    border = 2
    cell = size / (len(matrix) + 2 * border)
    ops = []
    for r, row in enumerate(matrix):
        y = size - (r + border + 1) * cell
        col = 0
        while col < len(row):  # one rectangle per run of dark modules keeps the PDF small
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                ops.append(f"n {fp_str((start + border) * cell, y, (col - start) * cell, cell)} re {_FILL}")
            else:
                col += 1
    return "\n".join(ops)


class SealBlock(Flowable):
    """'<hall>（盖章）' and the date, right-aligned, with the seal image laid over them.

    Only the text takes space: the seal is an overlay that may reach into the blank space above,
    as a stamp on paper does, so a seal never pushes the signature block onto a page of its own.
    """

    def __init__(self, lines: Sequence[str], styles: Styles, seal: ImageReader | None, seal_size: float) -> None:
        super().__init__()
        self.paragraphs = [styles.para(esc(line), styles.right) for line in lines]
        self.seal, self.seal_size = seal, seal_size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self._heights = [p.wrap(avail_w, avail_h)[1] for p in self.paragraphs]
        self.height = sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for p, h in zip(self.paragraphs, self._heights, strict=True):
            y -= h
            p.drawOn(self.canv, 0, y)
        if self.seal is not None:
            iw, ih = self.seal.getSize()
            scale = self.seal_size / max(iw, ih)
            w, h = iw * scale, ih * scale
            self.canv.drawImage(self.seal, self.width - w - 4 * mm, -2 * mm, w, h, mask="auto")


def official_close(issue: IssueInfo | None, fallback_body: str, fallback_day: dt.date, styles: Styles,
                   seal: ImageReader | None, width: float, *, qr_lines: Sequence[str] = (),
                   extra_seal_lines: Sequence[str] = ()) -> Flowable:
    """The close of an official paper, kept on one sheet: the QR code that checks it, and the seal.

    The seal area names the issuing body and dates the paper in Chinese numerals; the QR code
    beside it identifies the case and the issued paper (number and a short hash of its content),
    so anyone holding the paper can check it against the record.
    """
    body = issue.issuing_body if issue is not None and issue.issuing_body else fallback_body
    day = issue.issued_on if issue is not None and issue.issued_on != dt.date.min else fallback_day
    seal_block = SealBlock([*extra_seal_lines, f"{body}（盖章）", cn_numeral_date(day)], styles, seal, 38 * mm)
    payload = issue.verify_payload if issue is not None else ""
    if not payload:
        return KeepTogether([seal_block])
    lines = list(qr_lines)
    if issue is not None and issue.verify_code:
        lines.append(f"核验码：{issue.verify_code}（扫描二维码可核对本文书与登记内容是否一致）")
    qr_size = 24 * mm
    text = [styles.para(esc(line), styles.small) for line in lines]
    row = Table([[QrCode(payload, qr_size), text, seal_block]],
                colWidths=fill_widths([qr_size + 3 * mm, None, 62 * mm], width))
    row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                             ("RIGHTPADDING", (-1, 0), (-1, 0), 0)]))
    return KeepTogether([row])


def number_under_title(document_no: str, styles: Styles) -> Flowable:
    """The paper's number (文号), centred under its title as on any official document."""
    return styles.para(esc(document_no), styles.centered)


def basis_line(issue: IssueInfo | None, styles: Styles, override: str = "") -> list[Flowable]:
    """'依据：《…》' when the paper has a legal basis (the hall's own setting wins when given)."""
    text = override or (issue.legal_basis if issue is not None else "")
    return [styles.para(f"依据：{esc(text)}", styles.body)] if text else []


def fill_widths(widths: Sequence[float | None], total: float) -> list[float]:
    """Column widths with the one ``None`` taking what is left (explicit widths wrap reliably)."""
    fixed = sum(w for w in widths if w is not None)
    return [w if w is not None else total - fixed for w in widths]


def header(hall: HallInfo, title: str, styles: Styles, warnings: Warnings, width: float, *,
           slip: bool = False) -> list[Flowable]:
    """Logo (if configured) beside the hall name, then the document title."""
    name = styles.para(esc(hall.name), styles.hall)
    logo = load_image(hall.logo_path, "徽标", warnings)
    flow: list[Flowable] = []
    if logo is not None:
        size = 10 * mm if slip else 16 * mm
        row = Table([[ImageBox(logo, size, size), name, ""]], colWidths=fill_widths([size + 2 * mm, None, size + 2 * mm], width))
        row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        flow.append(row)
    else:
        flow.append(name)
    flow.append(styles.para(esc(title), styles.title))
    return flow


def field_grid(rows: Sequence[tuple[str, str]], styles: Styles, width: float, label_w: float) -> Table:
    """Label/value pairs in a ruled grid; values wrap, so a long address never runs off the page."""
    data = [[styles.para(esc(label), styles.cell), styles.para(esc(value), styles.cell)] for label, value in rows]
    table = CachedTable(data, colWidths=[label_w, width - label_w])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return table


def ruled_table(head: Sequence[str], rows: Sequence[Sequence[str]], styles: Styles,
                widths: Sequence[float | None], total: float) -> Table:
    """A table whose header row repeats on every page it continues onto."""
    data = [[styles.para(esc(h), styles.cell_head) for h in head]]
    data += [[styles.para(esc(v), styles.cell) for v in row] for row in rows]
    table = CachedTable(data, colWidths=fill_widths(widths, total), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table
