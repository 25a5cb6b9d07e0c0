"""Which printer a document goes to: A4 documents to the A4 printer, the slip to the thermal printer.

A pure decision over names, so it is tested without Qt or real printers. When nothing suitable
is installed the answer is "no printer" with the reason, and the caller saves a PDF and says
so — a counter must never lose a receipt because a printer is missing.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain.errors import UserError
from printing.documents import DocumentKind


class PrintFailed(UserError):
    """The printer did not print the document; the message is for the clerk. Nothing is recorded."""


@dataclass(frozen=True)
class PrinterChoice:
    """The printer to use (None: save as PDF instead) and, when it is not the configured one, why."""

    printer: str | None
    thermal: bool
    note: str = ""


def choose_printer(kind: DocumentKind | str, *, a4: str, thermal: str, available: Sequence[str],
                   default: str | None) -> PrinterChoice:
    """Pick the printer for ``kind`` from config (``printers.a4`` / ``printers.thermal``) and what is installed.

    A4: the configured A4 printer if installed, else the system default. Slip: only the configured
    thermal printer — an 80 mm layout sent to an A4 printer would waste a sheet and look wrong, so
    without one the slip becomes a PDF.
    """
    kind = DocumentKind(kind)
    installed = set(available)
    if kind.thermal:
        if not thermal:
            return PrinterChoice(None, True, "未配置热敏小票打印机，回执将保存为 PDF。")
        if thermal not in installed:
            return PrinterChoice(None, True, f"热敏打印机“{thermal}”当前不可用，回执将保存为 PDF。")
        return PrinterChoice(thermal, True)
    if a4 and a4 in installed:
        return PrinterChoice(a4, False)
    fallback = default if default and default in installed else None
    if fallback is None:
        return PrinterChoice(None, False, "未找到可用的打印机，文书将保存为 PDF。")
    if a4:
        return PrinterChoice(fallback, False, f"A4 打印机“{a4}”当前不可用，改用系统默认打印机“{fallback}”。")
    return PrinterChoice(fallback, False)
