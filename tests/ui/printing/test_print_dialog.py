"""The print preview dialog: pages shown, the right printer, nothing recorded that was not printed."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop.services.papers.records import PrintRecords
from printing.dispatch import PrintFailed
from printing.documents import DocumentKind
from tests.unit.printing.conftest import add_case
from ui.printing import PapersDialog, PrintPreviewDialog, offer_papers_after_decision, print_document
from ui.printing.qt_printer import paint_pdf
from ui.qt import QMessageBox, QPrinter, Qt

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("chinese_ui")]


class FakePrinters:
    """Installed printers by name; ``fail_with`` makes the next jobs fail like a jammed printer."""

    def __init__(self, names=("HP-A4", "TM-T88"), default="HP-A4") -> None:
        self.names, self._default = list(names), default
        self.jobs: list[tuple[str, int]] = []
        self.fail_with: str | None = None

    def available(self):
        return self.names

    def default(self):
        return self._default

    def print_pdf(self, pdf: bytes, printer: str, *, title: str) -> None:
        if self.fail_with:
            raise PrintFailed(self.fail_with)
        self.jobs.append((printer, len(PdfReader(io.BytesIO(pdf)).pages)))


@pytest.fixture
def counter(ctx):
    ctx.config = ctx.config.replace("printers", a4="HP-A4", thermal="TM-T88")
    return ctx


@pytest.fixture
def session_with(make_workspace, clerk):
    """``session_with(printers)``: the clerk's session printing on ``printers``."""
    return lambda printers=None: make_workspace(clerk, printer=printers or FakePrinters())


def open_dialog(qtbot, parent, ws, app_id, kind="receipt") -> PrintPreviewDialog:
    dialogs: list[PrintPreviewDialog] = []
    print_document(ws, parent, app_id, kind, on_dialog=dialogs.append)
    assert len(dialogs) == 1
    qtbot.addWidget(dialogs[0])
    return dialogs[0]


@pytest.fixture
def parent(qtbot):
    from ui.qt import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_preview_shows_every_page_and_names_the_a4_printer(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter, n_extra=30)
    dialog = open_dialog(qtbot, parent, session_with(), app_id)
    assert len(dialog.page_labels) == dialog.prepared.rendered.pages >= 2
    assert "HP-A4" in dialog.print_button.text()
    assert not dialog.findChild(type(dialog.notes), "reprintNotice")


def test_slip_goes_to_the_thermal_printer(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter)
    printers = FakePrinters()
    dialog = open_dialog(qtbot, parent, session_with(printers), app_id, "receipt-slip")
    dialog.print_button.click()
    assert printers.jobs == [("TM-T88", 1)]


def test_print_is_recorded_only_after_it_succeeded(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter)
    printers = FakePrinters()
    dialog = open_dialog(qtbot, parent, session_with(printers), app_id)
    with qtbot.waitSignal(dialog.printed, timeout=2000):
        dialog.print_button.click()
    history = PrintRecords(counter).history(app_id)
    assert [(h.kind, h.outcome, h.printer) for h in history] == [(DocumentKind.RECEIPT, "printed", "HP-A4")]
    assert printers.jobs == [("HP-A4", dialog.prepared.rendered.pages)]
    assert dialog.result() == PrintPreviewDialog.DialogCode.Accepted


def test_printer_error_shows_a_message_records_nothing_and_allows_printing_again(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter)
    printers = FakePrinters()
    printers.fail_with = "打印机报告错误（可能缺纸或卡纸），文书未完整打印。"
    dialog = open_dialog(qtbot, parent, session_with(printers), app_id)
    dialog.show()
    dialog.print_button.click()
    box = dialog.findChild(QMessageBox, "errorMessage")
    assert box is not None and "缺纸" in box.text()
    box.close()
    assert PrintRecords(counter).history(app_id) == []
    assert dialog.isVisible() and dialog.print_button.isEnabled()
    printers.fail_with = None  # paper refilled
    dialog.print_button.click()
    history = PrintRecords(counter).history(app_id)
    assert len(history) == 1 and history[0].reprint_of is None


def test_without_printers_the_document_is_saved_as_pdf_in_the_data_dir_and_the_clerk_is_told(
        qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter)
    dialog = open_dialog(qtbot, parent, session_with(FakePrinters(names=(), default=None)), app_id)
    assert "未找到可用的打印机" in dialog.notes.text()
    dialog.print_button.click()
    assert dialog.outcome is not None and dialog.outcome.path.is_file()
    assert dialog.outcome.path.is_relative_to(counter.config.data_dir / "printed")
    assert [h.outcome for h in PrintRecords(counter).history(app_id)] == ["saved_pdf"]
    info = parent.findChild(QMessageBox, "infoMessage")
    assert info is not None and str(dialog.outcome.path) in info.text()


def test_reprint_dialog_says_it_is_a_reprint(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter)
    first = open_dialog(qtbot, parent, session_with(), app_id)
    first.print_button.click()
    again = open_dialog(qtbot, parent, session_with(), app_id)
    notice = again.findChild(type(again.notes), "reprintNotice")
    assert notice is not None and "补打" in notice.text()
    again.print_button.click()
    history = PrintRecords(counter).history(app_id)
    assert history[1].reprint_of == history[0].id


def test_after_acceptance_the_configured_papers_go_out_in_one_step(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter)  # accepted, with a deferred material
    counter.config = counter.config.replace("papers", after_decision="receipt, receipt-slip, deferral-undertaking")
    printers = FakePrinters()
    dialogs: list[PapersDialog] = []
    offer_papers_after_decision(session_with(printers), parent, app_id, on_dialog=dialogs.append)
    (papers,) = dialogs
    assert papers.ticked() == ["receipt", "receipt-slip", "deferral-undertaking"]
    offered = [papers.papers.item(n).data(Qt.ItemDataRole.UserRole + 1) for n in range(papers.papers.count())]
    assert "materials-receipt" in offered  # offered, not ticked: this window does not hand it over by default
    qtbot.keyClick(papers.papers, Qt.Key.Key_Return)  # one key for all of them
    assert printers.jobs[0][0] == "HP-A4" and printers.jobs[1] == ("TM-T88", 1) and printers.jobs[2][0] == "HP-A4"
    history = PrintRecords(counter).history(app_id)
    assert [h.kind for h in history] == [DocumentKind.RECEIPT, DocumentKind.RECEIPT_SLIP,
                                         DocumentKind.DEFERRAL_UNDERTAKING]
    assert all(h.reprint_of is None for h in history)  # the first slip after the A4 receipt is no 补打


def test_a_jammed_printer_keeps_its_paper_ticked_and_the_others_go_out(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter)
    counter.config = counter.config.replace("papers", after_decision="receipt, receipt-slip")
    printers = FakePrinters()
    dialogs: list[PapersDialog] = []
    offer_papers_after_decision(session_with(printers), parent, app_id, on_dialog=dialogs.append)
    papers = dialogs[0]

    def jam_the_thermal(pdf, printer, *, title):
        if printer == "TM-T88":
            raise PrintFailed("小票打印机缺纸")
        printers.jobs.append((printer, 1))

    printers.print_pdf = jam_the_thermal
    papers.issue()
    assert papers.isVisible() and papers.ticked() == ["receipt-slip"] and "缺纸" in papers.papers.item(1).text()
    assert [h.kind for h in PrintRecords(counter).history(app_id)] == [DocumentKind.RECEIPT]


def test_a_refused_kind_reaches_the_clerk_as_a_message(qtbot, parent, counter, clerk, session_with):
    app_id = add_case(counter, status="rejected")
    print_document(session_with(), parent, app_id, "receipt")
    box = parent.findChild(QMessageBox, "errorMessage")
    assert box is not None and "不能打印《受理通知书》" in box.text()


def test_pages_are_painted_onto_a_qprinter_at_their_own_size(qtbot, tmp_path, counter):
    """The real Qt path: a PDF-format QPrinter stands in for a device and is read back."""
    app_id = add_case(counter, n_extra=30)
    records = PrintRecords(counter)
    for kind, width in (("receipt", 210 * mm), ("receipt-slip", 80 * mm)):
        rendered = records.prepare(app_id, kind).rendered
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"{kind}.pdf"))
        paint_pdf(printer, rendered.pdf, title=kind)
        out = PdfReader(tmp_path / f"{kind}.pdf")
        assert len(out.pages) == rendered.pages
        assert abs(float(out.pages[0].mediabox.width) - width) < 2
