"""The supervisor's conflicts screen: both versions shown, the decision recorded, nothing applied silently."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.lifecycle import ConflictKind
from desktop.services import conflicts
from desktop.services.conflicts import ConflictService
from desktop.store.models import Application, User
from ui.conflicts.page import ConflictsPage
from ui.qt import Qt

pytestmark = pytest.mark.gui


def _case_with_two_conflicts(ctx) -> str:
    with ctx.db.transaction() as s:
        clerk = s.scalar(select(User).where(User.username == "clerk1")) or User(username="clerk1", role="clerk",
                                                                                  password_hash="x")
        s.add(clerk)
        s.flush()
        app = Application(uuid="aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", acceptance_no="620100-W01-20261129-0007",
                          matter_code="M", matter_version=1, matter_name="户口迁移", clerk_id=clerk.id,
                          window_id="W01", status="accepted", sync_state="synced")
        s.add(app)
        s.flush()
        conflicts.record(s, app=app, case_uuid=app.uuid, kind=ConflictKind.PLATFORM_REFUSED, remote_key="a@2",
                         remote_status="draft", remote_version=2, remote_payload={"status": "draft"},
                         reason="平台报告的状态“草稿”不能接在当前状态“已受理”之后", local_payload='{"status": "accepted"}')
        conflicts.record(s, app=app, case_uuid=app.uuid, kind=ConflictKind.PLATFORM_CONFLICT, remote_key="a@3",
                         remote_status="completed", remote_version=3, remote_payload={"status": "completed"},
                         reason="平台报告“已办结”时，本窗口的修改尚未上传", local_payload='{"status": "accepted"}')
        return app.uuid


def test_the_supervisor_sees_both_versions_and_acknowledges_a_refused_platform_status(qtbot, ctx, supervisor,
                                                                                      make_workspace):
    uuid = _case_with_two_conflicts(ctx)
    page = ConflictsPage(make_workspace(supervisor))
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    assert page.model.item(0, 2).text() == "620100-W01-20261129-0007"
    assert '"status": "accepted"' in page.local_text.toPlainText()
    assert '"status": "draft"' in page.remote_text.toPlainText()
    assert page.ack_button.isEnabled() and not page.take_button.isEnabled()  # a refused change is never applied
    page.note.setText("平台误操作，已电话确认")
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1  # the platform conflict is left
    assert page.take_button.isEnabled() and page.keep_button.isEnabled() and not page.ack_button.isEnabled()
    [done] = [v for v in ConflictService(ctx).list(open_only=False) if v.state == "resolved"]
    assert (done.resolution, done.resolved_by) == ("acknowledged", supervisor.username)
    with ctx.db.session() as s:
        assert s.scalar(select(Application.status).where(Application.uuid == uuid)) == "accepted"


def test_a_clerk_cannot_resolve_and_is_told_why(qtbot, ctx, clerk, monkeypatch, make_workspace):
    _case_with_two_conflicts(ctx)
    shown = []
    monkeypatch.setattr("ui.messages.show_error", lambda parent, error: shown.append(str(error)))
    page = ConflictsPage(make_workspace(clerk))
    qtbot.addWidget(page)
    page.ack_button.click()
    assert shown and page.model.rowCount() == 2
