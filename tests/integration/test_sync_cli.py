"""`onewindow enroll`, `sync --once`, `sync status`, `sync parked`, `sync retry` as IT uses them."""
from __future__ import annotations

import pytest

from desktop.cli import main
from desktop.services.context import AppContext
from sync.token_store import INSECURE_FILE_ENV
from tests.integration.factory import queue_applications

pytestmark = pytest.mark.integration


@pytest.fixture
def token_file(tmp_path, monkeypatch):
    path = tmp_path / "token-for-tests"
    monkeypatch.setenv(INSECURE_FILE_ENV, str(path))
    return path


def test_enroll_then_sync_once_prints_a_summary_and_exits_zero(config, central, token_file, capsys):
    dd = str(config.data_dir)
    assert main(["--data-dir", dd, "enroll", "--server", central.url, "--code", central.enrol_code]) == 0
    captured = capsys.readouterr()
    assert "已登记到中心平台" in captured.out and "明文" in captured.err  # the insecure store is announced
    assert token_file.read_text() and token_file.read_text() not in captured.out + captured.err
    ctx = AppContext.open(config)
    try:
        queue_applications(ctx, 3, matter_code=central.matter_codes()[0])
    finally:
        ctx.close()
    assert main(["--data-dir", dd, "sync", "--once"]) == 0
    out = capsys.readouterr().out
    assert "新增 3 件" in out and "待上传 0 件" in out
    assert main(["--data-dir", dd, "sync", "status"]) == 0
    assert "已登记" in capsys.readouterr().out


def test_sync_once_exits_non_zero_when_something_is_parked_and_retry_requeues_it(config, central, token_file, capsys):
    dd = str(config.data_dir)
    main(["--data-dir", dd, "enroll", "--server", central.url, "--code", central.enrol_code])
    ctx = AppContext.open(config)
    try:
        queue_applications(ctx, 2, matter_code=central.matter_codes()[0], bad_id={1})
    finally:
        ctx.close()
    assert main(["--data-dir", dd, "sync", "--once"]) == 1
    assert "需处理（被平台退回）1 件" in capsys.readouterr().out
    assert main(["--data-dir", dd, "sync", "parked"]) == 1
    assert "校验位不正确" in capsys.readouterr().out
    assert main(["--data-dir", dd, "sync", "retry"]) == 0
    assert "已将 1 件重新加入上传队列" in capsys.readouterr().out


def test_sync_without_a_server_or_enrolment_says_what_to_do(config, capsys):
    assert main(["--data-dir", str(config.data_dir), "sync", "--once"]) == 1
    assert "离线模式" in capsys.readouterr().out


def test_enroll_against_an_unreachable_server_fails_cleanly(config, token_file, capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = main(["--data-dir", str(config.data_dir), "enroll", "--server", f"http://127.0.0.1:{port}", "--code", "x"])
    assert code == 1
    assert "登记失败" in capsys.readouterr().err and not token_file.exists()
