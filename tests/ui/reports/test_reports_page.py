"""The Reports screen shows the report service's numbers, drills down, exports, and refuses clerks."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from desktop.domain.reports import ReportPeriod
from desktop.services.accounts.auth import PermissionDenied
from desktop.services.reports import ReportService
from tests.unit.reports.hall import NOW_UTC, Hall
from ui.pages import visible_pages
from ui.qt import QDialog, QPushButton, Qt

pytestmark = pytest.mark.gui
DAY = ReportPeriod.day(dt.date(2026, 11, 25))


@pytest.fixture
def hall(ctx):
    ctx.clock = lambda: NOW_UTC
    h = Hall(ctx)
    h.user("li", "clerk", "李窗口")
    with h.batch():
        h.app(created="2026-11-25 09:05")
        h.app(created="2026-11-25 09:40", status="completed", immediate=True)
        h.app(created="2026-11-25 10:50", status="rejected", matter="M2", matter_name="社保登记", department="人社局")
        h.app(created="2026-11-25 14:00", status="transferred", window="W02", due=dt.date(2026, 11, 27))
        h.app(created="2026-11-10 10:00", due=dt.date(2026, 11, 20))
    return h


def _page(qtbot, ws):
    from ui.reports.page import ReportsPage

    page = ReportsPage(ws)
    qtbot.addWidget(page)
    return page


def test_screen_shows_the_same_numbers_as_the_service(qtbot, ctx, hall, supervisor, make_workspace):
    page = _page(qtbot, make_workspace(supervisor))
    expected = ReportService(ctx).build(supervisor, DAY)
    assert page.report is not None and page.report.totals == expected.totals
    assert page.findChild(QPushButton, "tile_total").text().startswith(f"{expected.total}\n")
    assert page.findChild(QPushButton, "tile_rejected").text() == "1\n不予受理"
    assert page.findChild(QPushButton, "tile_overdue").text().startswith("1\n")
    hours = [h for h in range(24) if 7 <= h <= 19 or expected.by_hour[h]]
    assert page.hour_chart.bar_values() == [expected.by_hour[h] for h in hours]
    assert sorted(page.matter_chart.bar_values()) == sorted(g.counts.total for g in expected.by_matter)
    assert page.models["matter"].rowCount() == 2
    assert [page.window_box.itemText(i) for i in range(page.window_box.count())][1:] == ["W01", "W02"]


def test_window_filter_recomputes(qtbot, ctx, hall, supervisor, make_workspace):
    page = _page(qtbot, make_workspace(supervisor))
    page.window_box.setCurrentIndex(page.window_box.findData("W02"))
    qtbot.mouseClick(page.generate, Qt.MouseButton.LeftButton)
    assert page.report.window_id == "W02" and page.report.total == 1


def test_clicking_a_number_lists_the_applications_behind_it(qtbot, ctx, hall, supervisor, make_workspace):
    page = _page(qtbot, make_workspace(supervisor))
    qtbot.mouseClick(page.findChild(QPushButton, "tile_rejected"), Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog, "reportDrillDown")
    assert dialog is not None and dialog.model.rowCount() == 1
    assert dialog.model.row_at(0).status == "rejected"
    assert dialog.model.row_at(0).applicant_name == "张*丰"  # masked on screen
    dialog.close()
    page.hour_chart._clicked(9 - 7)  # the 09:00 bar (the chart starts at 07:00)
    assert page.drill_dialog.model.rowCount() == 2


def test_double_click_on_a_matter_row_drills_down(qtbot, ctx, hall, supervisor, make_workspace):
    page = _page(qtbot, make_workspace(supervisor))
    model = page.models["matter"]
    row = next(r for r in range(model.rowCount()) if model.row_at(r).key == "M2")
    page.tables["matter"].doubleClicked.emit(model.index(row, 1))
    assert page.drill_dialog.model.rowCount() == 1


def test_export_from_the_screen_writes_the_report_shown(qtbot, ctx, hall, supervisor, tmp_path, make_workspace):
    page = _page(qtbot, make_workspace(supervisor))
    target = tmp_path / "day"
    page.choose_path = lambda fmt, suggested: str(target)
    assert not page.full_export.isVisibleTo(page)  # only admins may ask for unmasked data
    qtbot.mouseClick(page.export_buttons["csv"], Qt.MouseButton.LeftButton)
    rows = list(csv.reader(io.StringIO((tmp_path / "day.csv").read_text(encoding="utf-8-sig"))))
    assert next(r[1] for r in rows if r and r[0] == "办件总数") == str(page.report.total)
    info = page.findChild(QDialog, "infoMessage")
    assert info is not None
    info.close()


def test_admin_sees_the_full_export_switch(qtbot, ctx, hall, admin, make_workspace):
    page = _page(qtbot, make_workspace(admin))
    assert page.full_export.isVisibleTo(page) and not page.full_export.isChecked()


def test_clerks_cannot_open_the_reports_screen(qtbot, ctx, hall, clerk, make_workspace):
    assert "reports" not in [spec.key for spec in visible_pages(clerk)]
    with pytest.raises(PermissionDenied):
        _page(qtbot, make_workspace(clerk))


def test_two_matters_whose_names_start_alike_each_keep_their_own_label_beside_their_bar(
        qtbot, ctx, supervisor, make_workspace):
    """Cut to 13 characters both names read 国有建设用地使用权及房屋所…: Qt's category axis kept one, so a
    bar had no label, or the label of the other matter."""
    ctx.clock = lambda: NOW_UTC
    h = Hall(ctx)
    h.user("li", "clerk", "李窗口")
    with h.batch():
        for _ in range(3):
            h.app(created="2026-11-25 09:05", matter="BD1", matter_name="国有建设用地使用权及房屋所有权转移登记（存量房买卖）")
        for _ in range(2):
            h.app(created="2026-11-25 10:05", matter="BD2", matter_name="国有建设用地使用权及房屋所有权转移登记（继承）")
        h.app(created="2026-11-25 11:05", matter="M2", matter_name="社保登记")
    page = _page(qtbot, make_workspace(supervisor))
    axis = page.matter_chart.chart().axes(Qt.Orientation.Vertical)[0]
    labels = axis.categories()[::-1]  # busiest first, as the table lists them
    assert labels == ["1. 国有建设用地使…", "2. 国有建设用地使…", "3. 社保登记"]
    assert page.matter_chart.bar_values()[::-1] == [3, 2, 1]
    assert [page.models["matter"].index(r, 0).data() for r in range(2)] == [
        "国有建设用地使用权及房屋所有权转移登记（存量房买卖） (BD1)", "国有建设用地使用权及房屋所有权转移登记（继承） (BD2)"]
