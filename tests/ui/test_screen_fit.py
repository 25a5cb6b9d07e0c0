"""Every window and dialog is usable on a counter PC's screen: 1280×720, 1366×768 (1920×1080 at 150 %
is 1280×720 logical pixels): it opens no larger than the screen's free area, its minimum size fits
there with the title bar, and every button of it is inside the window.
"""
from __future__ import annotations

import pytest

from desktop.domain.reports import ApplicationList, Drill
from tests.unit.printing.conftest import add_case
from ui.qt import QAbstractButton, QAbstractScrollArea, QApplication, QDialog, QRect, QWidget

pytestmark = pytest.mark.gui

TASK_BAR = 40
SCREENS = {"1280x720": (1280, 720), "1366x768": (1366, 768)}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, monkeypatch) -> QRect:
    width, height = SCREENS[request.param]
    area = QRect(0, 0, width, height - TASK_BAR)
    monkeypatch.setattr("ui.screen_fit.available", lambda _widget=None: area)
    return area


def _scrolls(button: QWidget, top: QWidget) -> bool:
    """Inside a scroll area: reachable by scrolling, so it may lie below the window's edge."""
    parent = button.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def assert_usable(widget: QWidget, area: QRect) -> None:
    from ui.screen_fit import TITLE_BAR

    widget.show()
    QApplication.processEvents()
    name = widget.objectName() or type(widget).__name__
    hint = widget.minimumSizeHint()
    assert hint.height() + TITLE_BAR <= area.height() and hint.width() <= area.width(), (name, hint)
    assert widget.height() + TITLE_BAR <= area.height() and widget.width() <= area.width(), (name, widget.size())
    inside = widget.rect()
    for button in widget.findChildren(QAbstractButton):
        if button.isVisibleTo(widget) and button.window() is widget and not _scrolls(button, widget):
            top_left = button.mapTo(widget, button.rect().topLeft())
            assert inside.contains(QRect(top_left, button.size())), (name, button.text())


def test_the_main_window_with_every_page(qtbot, screen, make_workspace, admin, ctx):
    from desktop.services.catalog.service import CatalogService
    from ui.main_window import MainWindow

    CatalogService(ctx).ensure_sample_loaded()
    window = MainWindow(make_workspace(admin))
    qtbot.addWidget(window)
    for key in ("intake", "applications", "sync", "reports", "admin"):
        window.show_page(key)
        assert_usable(window, screen)
    assert window.statusBar().isVisible()


def test_the_print_preview_of_a_long_a4_document(qtbot, screen, make_workspace, clerk, ctx):
    from ui.printing import print_document

    parent = QWidget()
    qtbot.addWidget(parent)
    dialogs = []
    print_document(make_workspace(clerk), parent, add_case(ctx, n_extra=30), "receipt", on_dialog=dialogs.append)
    qtbot.addWidget(dialogs[0])
    assert_usable(dialogs[0], screen)
    assert dialogs[0].findChild(QAbstractButton, "printButton").isVisible()


def test_the_intake_dialogs(qtbot, screen, make_workspace, clerk):
    import datetime as dt

    from desktop.services.applications.read_models import CaseSummary, MaterialView
    from ui.intake.checklist_view import DeferralDialog
    from ui.intake.dialogs import RejectDialog, ResumeDialog, SupplementDialog

    material = MaterialView(id=1, seq=1, name="户口簿原件及复印件（本人、父母、配偶）", required=True,
                            form_expected="original_and_copy", copies_expected=1, deferrable=True,
                            electronic_required=False, cert_type=None, notes="", state="pending", provided_form="",
                            provided_copies=0, deferred_until=None, certificate_ref=None,
                            certificate_available=False)
    case = CaseSummary(uuid="u1", acceptance_no=None, status="draft", matter_name="户口迁移", applicant_name="张三",
                       applicant_id_masked="1101**********002X", window_id="W01",
                       created_at=dt.datetime(2026, 11, 25, 1), updated_at=dt.datetime(2026, 11, 25, 1),
                       supplement_due=None)
    ops = make_workspace(clerk).ops
    for dialog in (RejectDialog(), SupplementDialog([material] * 12), ResumeDialog([case] * 30, ops),
                   DeferralDialog(material.name, dt.date(2026, 12, 31), dt.date(2026, 11, 25))):
        qtbot.addWidget(dialog)
        assert_usable(dialog, screen)


def test_the_detail_and_drill_down_dialogs(qtbot, screen, ctx, make_workspace, clerk):
    from ui.applications.detail_dialog import ApplicationDetailDialog
    from ui.reports.drilldown import DrillDownDialog

    detail = make_workspace(clerk).services.application_detail(add_case(ctx, n_extra=30))
    for dialog in (ApplicationDetailDialog(detail), DrillDownDialog(ApplicationList(Drill("all"), 0, ()), "2026-11-25 W01")):
        qtbot.addWidget(dialog)
        assert_usable(dialog, screen)


def test_the_camera_and_account_dialogs(qtbot, screen, make_workspace, admin):
    from ui.capture.camera import SimulatedCameraBackend
    from ui.capture.camera_dialog import CameraDialog
    from ui.user_dialogs import AddUserDialog

    ws = make_workspace(admin)
    for dialog in (CameraDialog(SimulatedCameraBackend()), AddUserDialog(ws.ops)):
        qtbot.addWidget(dialog)
        assert_usable(dialog, screen)
        if isinstance(dialog, QDialog):
            dialog.reject()
