"""The applications list screen: a lazy model that passes Qt's model checks, filters, and details."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.applications.list_queries import ApplicationFilter
from desktop.store.models import ApplicationEvent, ApplicationMaterial, PrintedDocument
from printing.documents import DocumentKind
from tests.ui.typing import type_text
from tests.unit.applications.factory import add_applicant, add_application, add_user
from ui.applications.model import ID_ROLE, ApplicationsModel
from ui.applications.page import ApplicationsPage
from ui.qt import QLabel, Qt, QTableView

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("chinese_ui")]
T0 = dt.datetime(2026, 11, 20, 2, 0, 0)
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def ops(ctx, clerk, make_workspace):
    ctx.clock = lambda: T0  # "today" on the counter is TODAY
    return make_workspace(clerk).ops


@pytest.fixture
def open_page(ctx, clerk, make_workspace):
    ctx.clock = lambda: T0

    def open_() -> ApplicationsPage:
        return ApplicationsPage(make_workspace(clerk))

    return open_


@pytest.fixture
def seeded(ctx):
    with ctx.db.transaction() as s:
        clerk = add_user(s, "alice", "李娜")
        zhang = add_applicant(s, "张三", "11010519491231002X")
        wang = add_applicant(s, "王五", "440524188001010014")
        for n in range(35):
            add_application(s, clerk=clerk, applicant=zhang if n % 2 else wang,
                            created_at=T0 + dt.timedelta(minutes=n),
                            status="supplement_requested" if n % 7 == 0 else "accepted",
                            acceptance_no=f"W01-20261120-{n:04d}")
    return clerk


def test_list_model_passes_qt_model_checks(qtmodeltester, ctx, seeded, ops):
    model = ApplicationsModel(ops, page_size=10)
    model.set_filter(ApplicationFilter(window_id="W01"))
    qtmodeltester.check(model, force_py=True)


def test_list_fetches_lazily_one_page_at_a_time(ctx, seeded, ops):
    model = ApplicationsModel(ops, page_size=10)
    model.set_filter(ApplicationFilter())
    assert (model.rowCount(), model.pages_fetched) == (10, 1)
    assert model.canFetchMore()
    model.fetchMore()
    assert (model.rowCount(), model.pages_fetched) == (20, 2)
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 35
    assert not model.canFetchMore()
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(35)]
    assert len(set(ids)) == 35


def test_view_fetches_more_when_scrolled_to_the_end(qtbot, ctx, seeded, open_page):
    page = open_page()
    page.model._page_size = 10  # small pages so scrolling crosses page boundaries
    page.model.reload()
    qtbot.addWidget(page)
    page.resize(1200, 300)
    page.show()
    qtbot.waitExposed(page)
    before = page.model.pages_fetched
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.pages_fetched > before)


def test_rows_show_masked_id_numbers_and_chinese_statuses(ctx, seeded, ops):
    model = ApplicationsModel(ops)
    model.set_filter(ApplicationFilter())
    texts = {model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())}
    assert "1101**********002X" in texts
    assert "11010519491231002X" not in texts
    assert {"已受理", "待补正"} <= texts


def test_platform_status_codes_are_shown_in_chinese(ctx, seeded, ops):
    with ctx.db.transaction() as s:
        app = add_application(s, clerk=seeded, created_at=T0 + dt.timedelta(hours=6), status="completed",
                              acceptance_no="W01-20261120-9998", official_no="620100-2026-000124")
        app.server_status = "completed"
    model = ApplicationsModel(ops)
    model.set_filter(ApplicationFilter())
    platform = [c for c in range(model.columnCount())
                if model.headerData(c, Qt.Orientation.Horizontal) == "平台状态"][0]
    cells = {model.index(r, platform).data() for r in range(model.rowCount())}
    assert "已办结" in cells and "completed" not in cells


def test_typing_in_search_filters_the_list(qtbot, ctx, seeded, open_page):
    page = open_page()
    qtbot.addWidget(page)
    assert page.count_label.text() == "共 35 件"
    qtbot.keyClicks(page.filters.search, "W01-20261120-001")
    qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=2000)  # after the typing pause
    assert page.count_label.text() == "共 10 件"
    page.filters.search.clear()
    type_text(qtbot, page.filters.search, "王五")
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 18


def test_status_filter_and_date_presets(qtbot, ctx, seeded, open_page):
    page = open_page()
    qtbot.addWidget(page)
    page.filters.status.setCurrentIndex(page.filters.status.findData("supplement_requested"))
    assert page.model.rowCount() == 5  # n = 0, 7, 14, 21, 28
    page.filters.preset.setCurrentIndex(page.filters.preset.findData(0))  # today = TODAY
    assert page.model.rowCount() == 5
    page.filters.date_from.setDate(page.filters.date_from.date().addDays(-30))
    page.filters.preset.setCurrentIndex(page.filters.preset.findText("自定义"))
    page.filters.date_to.setDate(page.filters.date_to.date().addDays(-10))
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "共 0 件"


def test_enter_opens_detail_with_materials_history_and_prints(qtbot, ctx, seeded, open_page):
    with ctx.db.transaction() as s:
        app = add_application(s, clerk=seeded, created_at=T0 + dt.timedelta(hours=5), status="accepted",
                              acceptance_no="W01-20261120-9999", official_no="620100-2026-000123")
        app.server_status = "办理中"
        app.materials.append(ApplicationMaterial(seq=1, name="居民身份证", state="provided",
                                                 provided_form="original", provided_copies=1))
        app.materials.append(ApplicationMaterial(seq=2, name="户口簿", state="deferred",
                                                 deferred_until=dt.date(2026, 11, 27)))
        s.add(ApplicationEvent(application=app, from_status="draft", to_status="accepted",
                               user_id=seeded.id, at=T0))
        s.flush()
        s.add(PrintedDocument(application_id=app.id, kind="receipt", printed_by=seeded.id, printer="PDF"))
    page = open_page()
    qtbot.addWidget(page)
    page.show()
    opened = []
    page.detail_opened.connect(opened.append)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened, "Enter on a row opens its detail"
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "detailOfficialNo").text() == "620100-2026-000123"
    assert "办理中" in dialog.findChild(QLabel, "detailServerStatus").text()
    materials = dialog.findChild(QTableView, "detailMaterials").model()
    assert materials.index(1, 3).data() == "容缺后补"
    assert "2026-11-27" in materials.index(1, 4).data()
    assert dialog.findChild(QTableView, "detailEvents").model().index(0, 2).data() == "已受理"
    assert dialog.findChild(QTableView, "detailPrints").model().index(0, 1).data() == DocumentKind.RECEIPT.title
    dialog.close()


def test_the_model_tester_fetching_more_rows_sees_each_application_once(qtmodeltester, ctx, seeded, ops):
    model = ApplicationsModel(ops, page_size=10)
    model.set_filter(ApplicationFilter(window_id="W01"))
    assert model.canFetchMore()
    qtmodeltester.check(model, force_py=True)  # it asks for more rows while rows are being announced
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert len(ids) == 35 and len(set(ids)) == 35
    qtmodeltester.check(model, force_py=True)


def test_fetch_more_moves_the_cursor_before_it_announces_the_rows(qtbot, ctx, seeded, ops):
    model = ApplicationsModel(ops, page_size=10)
    model.set_filter(ApplicationFilter(window_id="W01"))
    asked_during_insert = []

    def ask_again(*_args) -> None:  # what a view (or Qt's tester) may do while rows are announced
        if model.canFetchMore():
            asked_during_insert.append(model.rowCount())
            model.fetchMore()

    model.rowsAboutToBeInserted.connect(ask_again)
    model.rowsInserted.connect(ask_again)
    model.fetchMore()
    qtbot.waitUntil(lambda: not model.canFetchMore())
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert asked_during_insert and len(ids) == len(set(ids)) == 35


def test_the_model_keeps_a_bounded_row_cache_and_reads_an_evicted_row_again(qtbot, monkeypatch, ctx, seeded, ops):
    import ui.applications.model as model_module

    monkeypatch.setattr(model_module, "CACHE_LIMIT", 12)
    model = ApplicationsModel(ops, page_size=10)
    model.set_filter(ApplicationFilter())
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 35 and len(model._cache) <= 12  # the ids stay, the rows do not
    first = model.index(0, 0)
    assert first.data() == model_module.LOADING  # evicted: shown as loading, read again by id
    qtbot.waitUntil(lambda: first.data() != model_module.LOADING)
    assert first.data().startswith("W01-20261120-") and len(model._cache) <= 12
    model.index(1, 0).data()  # the neighbourhood came with it
    assert model.index(1, 0).data() != model_module.LOADING
