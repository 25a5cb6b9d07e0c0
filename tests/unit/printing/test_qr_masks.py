"""The QR codes on the papers are bit for bit the codes segno makes: the faster mask choice
(``printing.qr_masks``) picks the same mask and the same modules for every payload."""
from __future__ import annotations

import random

import pytest
import segno
from segno import encoder

from printing import qr_masks


def _payloads() -> list[str]:
    rng = random.Random(17)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEF0123456789|-/?=&:.示例受理编号"
    numbers = [f"https://zwfw.example.gov.cn/query?no=W03-20261125-{i:04d}" for i in range(40)]
    verify = [f"OW1|{rng.getrandbits(32):08x}|示例水许受〔2026〕{i}号|{rng.getrandbits(40):010x}" for i in range(40)]
    mixed = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400))) for _ in range(50)]
    return numbers + verify + mixed


def _code(data: str, chooser, **options) -> tuple[int, int, tuple]:
    saved = encoder.find_and_apply_best_mask
    encoder.find_and_apply_best_mask = chooser
    try:
        qr = segno.make(data, error="m", **{"micro": False, **options})
    finally:
        encoder.find_and_apply_best_mask = saved
    return qr.version, qr.mask, qr.matrix


def test_the_mask_chosen_row_by_row_is_the_mask_segno_chooses_module_by_module():
    payloads = _payloads()
    versions = set()
    for data in payloads:
        ours = _code(data, qr_masks.find_and_apply_best_mask)
        assert ours == _code(data, qr_masks._ORIGINAL), data
        versions.add(ours[0])
    assert len(versions) >= 10  # small and large codes, with and without version information


@pytest.mark.parametrize("mask", range(8))
def test_a_mask_asked_for_is_the_mask_applied(mask):
    ours = _code("W03-20261125-0007", qr_masks.find_and_apply_best_mask, mask=mask)
    assert ours == _code("W03-20261125-0007", qr_masks._ORIGINAL, mask=mask) and ours[1] == mask


def test_micro_codes_are_left_to_segno():
    ours = _code("0007", qr_masks.find_and_apply_best_mask, micro=True)
    assert ours == _code("0007", qr_masks._ORIGINAL, micro=True) and str(ours[0]).startswith("M")
