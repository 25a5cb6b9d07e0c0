"""Which printer each document goes to."""
from __future__ import annotations

from printing.dispatch import choose_printer
from printing.documents import DocumentKind

INSTALLED = ["HP-A4", "TM-T88", "Office"]


def test_a4_documents_go_to_the_configured_a4_printer():
    for kind in DocumentKind:
        if not kind.thermal:
            choice = choose_printer(kind, a4="HP-A4", thermal="TM-T88", available=INSTALLED, default="Office")
            assert (choice.printer, choice.thermal, choice.note) == ("HP-A4", False, "")


def test_the_slip_goes_to_the_thermal_printer_only():
    choice = choose_printer("receipt-slip", a4="HP-A4", thermal="TM-T88", available=INSTALLED, default="HP-A4")
    assert (choice.printer, choice.thermal) == ("TM-T88", True)
    unset = choose_printer("receipt-slip", a4="HP-A4", thermal="", available=INSTALLED, default="HP-A4")
    assert unset.printer is None and "PDF" in unset.note
    gone = choose_printer("receipt-slip", a4="HP-A4", thermal="TM-T20", available=INSTALLED, default="HP-A4")
    assert gone.printer is None and "TM-T20" in gone.note


def test_a_missing_a4_printer_falls_back_to_the_system_default_and_says_so():
    choice = choose_printer("receipt", a4="Gone", thermal="", available=INSTALLED, default="Office")
    assert choice.printer == "Office" and "Gone" in choice.note
    assert choose_printer("receipt", a4="", thermal="", available=INSTALLED, default="Office").note == ""


def test_no_printer_at_all_means_save_as_pdf():
    choice = choose_printer("supplement-notice", a4="HP-A4", thermal="", available=[], default=None)
    assert choice.printer is None and "PDF" in choice.note
