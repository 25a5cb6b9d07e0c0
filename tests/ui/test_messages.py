"""One path for errors: a UserError is shown as written, anything else is a bug with a crash report."""
from __future__ import annotations

import pytest

from desktop.domain.errors import UserError
from ui.crash import CrashHandler
from ui.messages import show_error, user_message
from ui.qt import QMessageBox, QWidget

pytestmark = pytest.mark.gui


class NewFeatureRefusal(UserError):
    """An error class no list in ui/ has ever heard of."""


def test_any_user_error_is_shown_as_written_without_a_list_to_update(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    show_error(owner, NewFeatureRefusal("该事项本窗口不能受理，请引导申请人到 5 号窗口"))
    box = owner.findChild(QMessageBox, "errorMessage")
    assert box.text() == "该事项本窗口不能受理，请引导申请人到 5 号窗口"


def test_every_error_meant_for_the_clerk_derives_from_user_error():
    from desktop.config import ConfigError
    from desktop.devices.capture.base import CaptureProblem
    from desktop.devices.id_reader.base import ReaderError
    from desktop.domain.accounts import AuthError
    from desktop.domain.checklist import ChecklistError
    from desktop.domain.lifecycle import IllegalTransition
    from desktop.domain.reports import ReportError
    from desktop.services.attachments import AttachmentError
    from desktop.services.certificates.service import CertificateError
    from desktop.services.intake.errors import IntakeError
    from desktop.services.papers.content import DocumentError
    from desktop.store.migrate import StoreError
    from printing.dispatch import PrintFailed
    from sync.errors import SyncError

    for cls in (ConfigError, CaptureProblem, ReaderError, AuthError, ChecklistError, IllegalTransition, ReportError,
                AttachmentError, CertificateError, IntakeError, DocumentError, StoreError, PrintFailed, SyncError):
        assert issubclass(cls, UserError), cls.__name__


@pytest.mark.expect_errors(r"unexpected error")
def test_a_bug_gets_a_generic_message_a_logged_stack_and_a_crash_report(qtbot, tmp_path, caplog):
    owner = QWidget()
    qtbot.addWidget(owner)
    handler = CrashHandler(tmp_path, show_dialog=False).install()
    try:
        try:
            {}["11010519491231002X"]
        except KeyError as exc:
            show_error(owner, exc)
    finally:
        handler.uninstall()
    box = owner.findChild(QMessageBox, "errorMessage")
    assert box.text() == user_message(KeyError()) and "11010519491231002X" not in box.text()
    reports = list(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 1 and "KeyError" in reports[0].read_text(encoding="utf-8")
    assert "11010519491231002X" not in reports[0].read_text(encoding="utf-8")  # masked like the log
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
