"""The GUI suite fails on an unexpected Qt warning, an exception in a slot, or a bug in a worker."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui

INNER = '''
import logging
import pytest
from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, qWarning
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


def test_a_qt_warning(qtbot):
    qWarning("QWidget::setLayout: something is wrong")


def test_an_exception_in_a_slot(qtbot):
    class Source(QObject):
        fired = Signal()

    source = Source()
    source.fired.connect(lambda: 1 / 0)
    source.fired.emit()


def test_a_bug_in_a_worker(qtbot):
    owner = QObject()
    pool = QThreadPool()
    task = TaskRunner(owner, pool=pool).run(lambda: {}["missing"], on_error=lambda e: logging.getLogger(
        "onewindow.ui").error("unexpected error", exc_info=e))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    pool.waitForDone()


@pytest.mark.expect_errors(r"unexpected error")
def test_an_error_the_test_provokes_on_purpose(qtbot):
    logging.getLogger("onewindow.ui").error("unexpected error")


def test_offscreen_noise_is_allowed(qtbot):
    qWarning("This plugin does not support propagateSizeHints()")
'''


def test_unexpected_warnings_slot_exceptions_and_worker_bugs_fail_the_test(pytester):
    import json
    import pathlib
    import tomllib

    root = pathlib.Path(__file__).resolve().parents[2]
    ours = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\n" + "\n".join(
        f"{key} = {json.dumps(ours[key])}" for key in ("qt_api", "qt_log_level_fail", "qt_log_ignore"))
        + f"\npythonpath = {json.dumps([str(root)])}\n")
    pytester.makeconftest('import os\nos.environ["QT_QPA_PLATFORM"] = "offscreen"\n'
                          'pytest_plugins = ["tests.logfail"]\n')
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("-p", "no:xdist", "-p", "no:cacheprovider", "-p", "no:randomly")
    # The worker's bug is reported at the test's teardown (after its call passed): an error, not a failure.
    result.assert_outcomes(passed=3, failed=2, errors=1, warnings=1)
    failed = "\n".join(line for line in result.stdout.lines if line.startswith(("FAILED", "ERROR")))
    for name in ("test_a_qt_warning", "test_an_exception_in_a_slot", "test_a_bug_in_a_worker"):
        assert name in failed
