"""The background task runner: results and errors come back on the main thread, never lost."""
from __future__ import annotations

import threading

import pytest

from desktop.services.accounts.auth import AuthError
from ui.qt import QMessageBox, QThreadPool, QWidget
from ui.tasks import SynchronousPool, TaskRunner, default_pool

pytestmark = pytest.mark.gui


def test_work_runs_in_a_worker_and_the_result_arrives_on_the_main_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    pool = QThreadPool()
    runner = TaskRunner(owner, pool=pool)
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    task = runner.run(work, on_done=lambda value: seen.update(result=value, done=threading.get_ident()))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    pool.waitForDone()
    assert seen["result"] == 42
    assert seen["worker"] != threading.get_ident() and seen["done"] == threading.get_ident()


def test_an_exception_in_the_worker_reaches_on_error_on_the_main_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    pool = QThreadPool()
    errors = []

    def fail():
        raise AuthError("用户名或密码不正确")

    task = TaskRunner(owner, pool=pool).run(fail, on_done=lambda _: errors.append("no!"),
                                            on_error=lambda e: errors.append((e, threading.get_ident())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    pool.waitForDone()
    (error, thread), = errors
    assert isinstance(error, AuthError) and thread == threading.get_ident()


def test_without_on_error_the_clerk_sees_the_service_message(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)

    def fail():
        raise AuthError("该账号已停用，请联系管理员")

    TaskRunner(owner, pool=SynchronousPool()).run(fail)
    box = owner.findChild(QMessageBox, "errorMessage")
    assert box is not None and box.text() == "该账号已停用，请联系管理员"


@pytest.mark.expect_errors(r"unexpected error")
def test_a_bug_is_logged_with_its_stack_and_shown_as_a_generic_message(qtbot, caplog):
    owner = QWidget()
    qtbot.addWidget(owner)
    TaskRunner(owner, pool=SynchronousPool()).run(lambda: {}["missing"])
    box = owner.findChild(QMessageBox, "errorMessage")
    assert "log" in box.text() and "missing" not in box.text()
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_results_for_a_closed_page_are_dropped(qtbot):
    owner = QWidget()
    pool = QThreadPool()
    release = threading.Event()
    delivered = []
    TaskRunner(owner, pool=pool).run(lambda: release.wait(5), on_done=delivered.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=2000)
    release.set()
    pool.waitForDone()
    qtbot.wait(50)
    assert delivered == []


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def test_sync_tasks_fixture_makes_every_new_runner_synchronous(sync_tasks):
    assert default_pool() is sync_tasks
    done = []
    TaskRunner().run(lambda: 7, on_done=done.append)
    assert done == [7]
