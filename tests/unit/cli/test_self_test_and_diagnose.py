"""`self-test` tells IT whether this PC can run OneWindow; `diagnose` packs support info without personal data."""
from __future__ import annotations

import datetime as dt
import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop.cli import main
from desktop.config import load_config
from desktop.services.maintenance.selftest import FAIL, OK, run_self_test


class _Health(BaseHTTPRequestHandler):
    skew = dt.timedelta(0)

    def do_GET(self):  # noqa: N802 - http.server API
        now = dt.datetime.now(dt.UTC) + self.skew
        body = json.dumps({"status": "ok", "server_time": now.isoformat().replace("+00:00", "Z")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def health_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    _Health.skew = dt.timedelta(0)


def by_name(checks):
    return {c.name: c for c in checks}


def test_self_test_passes_offline_on_a_fresh_data_dir(tmp_path):
    checks = by_name(run_self_test(load_config(data_dir=tmp_path, search_default_provisioning=False)))
    assert checks["Qt 平台插件"].status == OK
    assert checks["中文字体"].status == OK and checks["PDF 中文字体"].status == OK
    assert checks["数据库"].status == OK or "未加密" in checks["数据库"].detail  # no keyring, no key file here
    assert "不可用" in checks["密钥存储"].detail or checks["密钥存储"].status == OK
    assert checks["中心平台"].detail.startswith("未配置")


def test_self_test_reaches_the_server_and_flags_a_skewed_clock(tmp_path, health_server):
    url = f"http://127.0.0.1:{health_server.server_address[1]}"
    config = load_config(data_dir=tmp_path, search_default_provisioning=False, overrides={"server": {"url": url}})
    assert by_name(run_self_test(config))["时钟偏差"].status == OK
    _Health.skew = dt.timedelta(minutes=12)
    skew = by_name(run_self_test(config))["时钟偏差"]
    assert skew.status == FAIL and "校准" in skew.detail


def test_self_test_reports_an_unreachable_server_and_exits_non_zero(tmp_path, capsys):
    prov = tmp_path / "prov.toml"
    prov.write_text('[server]\nurl = "http://127.0.0.1:9"\ntimeout_seconds = 2\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "--config", str(prov), "self-test"]) == 1
    assert "[FAIL] 中心平台: 无法连接" in capsys.readouterr().out


def test_diagnose_zip_has_logs_and_config_but_no_personal_data_or_secrets(tmp_path, capsys):
    prov = tmp_path / "prov.toml"
    prov.write_text('[server]\nenrol_code = "ENROL-SECRET-42"\n', encoding="utf-8")
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "onewindow.log").write_text("2026-11-25 INFO a line that slipped: 11010519491231002X 13812345678\n",
                                        encoding="utf-8")
    out = tmp_path / "diag.zip"
    assert main(["--data-dir", str(tmp_path), "--config", str(prov), "diagnose", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        everything = "".join(zf.read(n).decode("utf-8") for n in names)
    assert {"versions.json", "config.json", "self-test.txt", "db-check.txt", "logs/onewindow.log"} <= names
    assert not any(n.endswith(".sqlite3") for n in names)
    assert "ENROL-SECRET-42" not in everything
    assert "11010519491231002X" not in everything and "13812345678" not in everything
    assert "1101**********002X" in everything
