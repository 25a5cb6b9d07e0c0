"""The sync panel lists what the platform refused, in its words, and re-queues on request."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from desktop.store.models import Outbox
from sync.token_store import MemoryTokenStore
from tests.integration.factory import queue_applications
from ui.qt import QWidget
from ui.sync.panel import SyncPanel

pytestmark = pytest.mark.gui


def _park_first(ctx, reason: str) -> None:
    with ctx.db.transaction() as s:
        first = s.execute(select(Outbox.id).order_by(Outbox.id).limit(1)).scalar()
        s.execute(update(Outbox).where(Outbox.id == first).values(state="parked", parked_reason=reason))


def test_panel_shows_parked_applications_with_the_platform_reason_and_retries_them(ctx, qtbot, make_workspace,
                                                                                  clerk):
    queue_applications(ctx, 3, matter_code="620100-GA-0001")
    _park_first(ctx, "申请人公民身份号码校验位不正确，请核对证件后更正。")
    panel = SyncPanel(make_workspace(clerk))
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.model.rowCount() == 1
    assert "校验位不正确" in panel.model.item(0, 3).text()
    assert panel.model.item(0, 2).text() == "申**0"  # applicant masked
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.sync_requested, timeout=2000):
        panel.retry_button.click()
    assert panel.model.rowCount() == 0 and not panel.retry_all_button.isEnabled()
    with ctx.db.session() as s:
        assert s.execute(select(Outbox.state).order_by(Outbox.id).limit(1)).scalar() == "pending"


def test_controller_announces_the_state_on_the_event_hub_without_a_server(ctx, qtbot, make_workspace, clerk):
    queue_applications(ctx, 2, matter_code="620100-GA-0001")
    ws = make_workspace(clerk, token_store=MemoryTokenStore())
    states = []
    ws.events.sync_state_changed.connect(states.append)
    controller = ws.sync
    panel = SyncPanel(ws)
    qtbot.addWidget(panel)
    controller.summary_ready.connect(panel.show_summary)
    with qtbot.waitSignal(controller.summary_ready, timeout=5000):
        controller.sync_now()
    controller.stop()
    last = states[-1]
    assert (last.online, last.pending, last.last_ok) == (None, 2, None)  # no platform configured; two waiting
    assert "离线模式" in panel.state_label.text()
    assert not controller.scheduler.due()  # the next run waits for the interval, it does not spin


def test_sync_page_in_the_main_window_reports_to_the_status_bar(ctx, qtbot, make_workspace, clerk):
    from ui.main_window import MainWindow

    queue_applications(ctx, 1, matter_code="620100-GA-0001")
    window = MainWindow(make_workspace(clerk))
    qtbot.addWidget(window)
    page = window.page("sync")  # built when first asked for (or shown)
    assert page is window.findChild(QWidget, "page_sync")
    with qtbot.waitSignal(page.controller.summary_ready, timeout=5000):
        page.controller.sync_now()
    assert "1" in window.status.sync_label.text()
    assert window.status.sync_label.property("online") is None  # no platform configured yet
