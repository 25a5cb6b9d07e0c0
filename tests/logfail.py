"""A GUI test fails when the app logged an error it did not expect (after qutebrowser's ``logfail``).

An exception in a worker reaches the message bridge, which shows the clerk a generic message
and logs the bug at ERROR; a crash in a slot reaches the excepthook (CRITICAL). pytest-qt
already fails a test on an exception raised in a slot and on a Qt warning (``qt_log_level_fail``
in pyproject.toml); this plugin adds the app's own ERROR and CRITICAL records, so a bug the
clerk would only see as "程序内部出错" fails the test that provoked it.

A test that provokes one on purpose says so: ``@pytest.mark.expect_errors(r"unexpected error")``.
It applies to tests marked ``gui`` (tests/ui and tests/e2e).
"""
from __future__ import annotations

import logging
import re

import pytest


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "expect_errors(*patterns): the test logs these errors on purpose")


@pytest.fixture(autouse=True)
def fail_on_logged_errors(request: pytest.FixtureRequest):
    if request.node.get_closest_marker("gui") is None:
        yield
        return
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
    allowed = [pattern for mark in request.node.iter_markers("expect_errors") for pattern in mark.args]
    unexpected = [r for r in collector.records
                  if not any(re.search(p, r.getMessage()) for p in allowed)]
    if unexpected:
        lines = []
        for record in unexpected[:5]:
            lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")
            if record.exc_info:
                lines.append(logging.Formatter().formatException(record.exc_info))
        pytest.fail("the app logged errors it did not expect:\n" + "\n".join(lines), pytrace=False)
