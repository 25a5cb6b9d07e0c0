"""Choosing a QR code's data mask a row at a time instead of a Python step per module.

To make a QR code, segno tries all eight data masks and keeps the one with the lowest penalty
(ISO/IEC 18004 §7.8.3): four penalty rules evaluated module by module in pure Python, eight
times over. For the 33×33 code on a receipt that is ~5 ms, more than half the time a receipt for
a new case takes to render. :func:`find_and_apply_best_mask` computes the same four scores with
whole-row operations that run in C — a row is a ``bytes`` of 0/1 modules (and the same bytes
read as one big integer): XOR applies a mask, a regular expression finds the runs of rule 1,
integer arithmetic counts the 2×2 blocks of rule 2, ``bytes.find`` the finder-like patterns of
rule 3 — and returns what segno's own function returns: the same mask and the same modules, so
the printed code is bit for bit the one segno would print (a test compares both over many
payloads). Micro QR codes and an explicitly chosen mask are left to segno.

:func:`install` puts it in segno's place; :mod:`printing.blocks` calls it before making a code.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from segno import encoder as _encoder

_ORIGINAL = _encoder.find_and_apply_best_mask
_N3_PATTERN = b"\x01\x00\x01\x01\x01\x00\x01"
_RUN = re.compile(rb"\x00{5,}|\x01{5,}")


def _as_int(row: bytes) -> int:
    return int.from_bytes(row, "big")


@functools.lru_cache(maxsize=16)
def _masks(size: int) -> tuple[tuple[int, ...], ...]:
    """The eight data masks for a ``size``×``size`` code, limited to its encoding region:
    one integer per row, a byte (0 or 1) per module."""
    function = _encoder.make_matrix(size, size)
    _encoder.add_finder_patterns(function, size, size)
    _encoder.add_alignment_patterns(function, size, size)
    function[-8][8] = 0x1
    return tuple(
        tuple(_as_int(bytes(1 if function[i][j] > 0x1 and pattern(i, j) else 0 for j in range(size)))
              for i in range(size))
        for pattern in _encoder.get_data_mask_functions(False))


@functools.lru_cache(maxsize=16)
def _lanes(size: int) -> tuple[int, int]:
    """Integers with 1 in every module's byte: all ``size`` of them, and all but the last."""
    return _as_int(b"\x01" * size), _as_int(b"\x01" * (size - 1) + b"\x00")


def _n1(lines: list[bytes]) -> int:
    """Rule 1 over ``lines``: each run of 5 + k modules of one colour in a line scores 3 + k."""
    runs = _RUN.findall(b"\x02".join(lines))  # the separator ends a run at the end of each line
    return sum(map(len, runs)) - 2 * len(runs)


def _n3(line: bytes, size: int) -> int:
    """Rule 3 for one row or column, exactly as segno counts it (including where it resumes)."""
    count = 0
    idx = line.find(_N3_PATTERN)
    while idx != -1:
        offset = idx + 7
        if (idx in (0, size - 7) or not any(line[max(idx - 4, 0):min(idx, size)])
                or not any(line[max(offset, 0):min(offset + 4, size)])):
            count += 40
        else:
            offset = idx + 4
        idx = line.find(_N3_PATTERN, offset)
    return count


def _score(rows: list[bytes], values: list[int], size: int) -> int:
    _, but_last = _lanes(size)
    columns = [bytes(c) for c in zip(*rows, strict=True)]
    n1 = _n1(rows) + _n1(columns)
    n2 = 0
    for above, row in zip(values, values[1:], strict=False):
        vertical = above ^ row  # 1 where the module differs from the one above
        # a 2×2 block starts at module j when j, j+1 and the two above them are one colour
        differs = vertical | (vertical << 8) | (row ^ (row << 8))
        n2 += 3 * (size - 1 - (differs & but_last).bit_count())
    n3 = sum(_n3(line, size) for line in rows if _N3_PATTERN in line)
    n3 += sum(_n3(line, size) for line in columns if _N3_PATTERN in line)
    dark = sum(v.bit_count() for v in values)
    n4 = 10 * int(abs(float(dark) / (size ** 2) * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def find_and_apply_best_mask(matrix: Any, width: int, height: int, proposed_mask: int | None = None) -> Any:
    """segno's ``find_and_apply_best_mask`` for regular QR codes: (mask number, masked rows)."""
    if proposed_mask is not None or width != height or width < 21:
        return _ORIGINAL(matrix, width, height, proposed_mask)
    size = width
    plain = [_as_int(bytes(row)) for row in matrix]
    best_score, best_rows = None, None
    best = 0
    for number, mask in enumerate(_masks(size)):
        values = [p ^ m for p, m in zip(plain, mask, strict=True)]
        rows = [v.to_bytes(size, "big") for v in values]
        score = _score(rows, values, size)
        if best_score is None or score < best_score:  # the first of equal scores, as segno keeps it
            best_score, best_rows, best = score, rows, number
    assert best_rows is not None
    return best, tuple(bytearray(row) for row in best_rows)


def install() -> None:
    """Make segno choose masks with :func:`find_and_apply_best_mask` (idempotent)."""
    _encoder.find_and_apply_best_mask = find_and_apply_best_mask
