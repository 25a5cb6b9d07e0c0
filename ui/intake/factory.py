"""The intake screen as the main window shows it: the page with its card reader, e-certificates,
capture panel, capture keys and the papers offered after each decision.

Keys for the capture sources act on the checklist's current row, so the clerk never leaves the
keyboard: F6 document camera, F7 scanner, F8 import files, F9 scan folder. A page stored for an
unchecked row marks it 已收取 (``MaterialsFlow.pages_arrived``).
"""
from __future__ import annotations

from ui.capture.panel import CapturePanel
from ui.composition import Workspace
from ui.intake.certificates import CertificateAssist
from ui.intake.page import IntakePage
from ui.qt import QKeySequence, QShortcut, Qt

CAPTURE_KEYS = {"F6": "open_camera", "F7": "scan", "F8": "choose_files", "F9": "show_scan_folder"}


def build_intake_page(ws: Workspace) -> IntakePage:
    """PageSpec factory: the intake screen with everything plugged in."""
    page = IntakePage(ws)
    page.attach_card_reader()
    page.certificates = CertificateAssist(page, ws)
    panel = CapturePanel(ws)
    page.set_capture_panel(panel)

    def show_material(_uuid: str, seq: int) -> None:
        row = next((m for m in page.case.materials if m.seq == seq), None) if page.case else None
        panel.set_material(row.id if row is not None else None, page.case.uuid if page.case else "")

    def case_loaded(view) -> None:
        if view is None:
            panel.set_material(None)

    def capture(method: str) -> None:
        if page.case is not None and page.decision is None and panel.material_id is not None:
            getattr(panel, method)()

    for key, method in CAPTURE_KEYS.items():
        shortcut = QShortcut(QKeySequence(key), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda method=method: capture(method))

    page.material_selected.connect(show_material)
    page.case_loaded.connect(case_loaded)
    panel.pages_changed.connect(page.materials.pages_arrived)
    page.application_decided.connect(lambda uuid, _decision: offer_papers(ws, page, uuid))
    return page


def offer_papers(ws: Workspace, page: IntakePage, uuid: str) -> None:
    """The papers for a decided case (the printing stack loads with the first decision, not with the page)."""
    from ui.printing import offer_papers_after_decision

    offer_papers_after_decision(ws, page, uuid)
