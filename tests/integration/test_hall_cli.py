"""`onewindow cases find/show` and `report daily --scope hall|window` on a PC of the hall."""
from __future__ import annotations

import csv
import io

import pytest

from desktop.cli import main
from sync.token_store import INSECURE_FILE_ENV, PlaintextFileTokenStore
from tests.integration.hall_world import citizen, hall_codes, open_window, receipt_qr

pytestmark = pytest.mark.integration


@pytest.fixture
def hall(tmp_path, central, monkeypatch):
    codes = hall_codes(central, 2)
    w1 = open_window(tmp_path, central, "W01", codes[0])
    w2 = open_window(tmp_path, central, "W02", codes[1])
    token = tmp_path / "w02-token"
    PlaintextFileTokenStore(token).set(w2.engine.token_store().get() or "")
    monkeypatch.setenv(INSECURE_FILE_ENV, str(token))
    yield w1, w2
    for w in (w1, w2):
        w.ctx.close()


def run(capsys, w, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(w.ctx.config.data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cases_find_and_show_print_the_case_masked_with_its_history(hall, capsys):
    w1, w2 = hall
    person = citizen(1)
    uuid = w1.take_case(person, missing=(2,))
    number = w1.intake.request_supplement(w1.clerk, uuid).acceptance_no
    assert number
    w1.sync()
    w2.sync()
    code, out, _ = run(capsys, w2, "cases", "find", receipt_qr(w2.ctx, number))
    assert code == 0 and number in out and "W01 号窗口受理" in out and "本机大厅缓存" in out
    assert person["applicant"]["name"] not in out and "*" in out
    code, out, _ = run(capsys, w2, "cases", "find", person["applicant"]["id_number"], "--offline")
    assert code == 0 and number in out and person["applicant"]["id_number"] not in out
    w2.actions.record_supplement(w2.clerk, uuid)
    code, out, _ = run(capsys, w2, "cases", "show", number)
    assert code == 0 and "已受理" in out and "W02 号窗口" in out and "补齐材料（待上传）" in out
    code, _out, err = run(capsys, w2, "cases", "find", "620100-W01-20200101-0001", "--offline")
    assert code == 1 and "本机没有" in err


def test_report_daily_by_scope_hall_covers_every_window_with_its_freshness(hall, capsys, tmp_path):
    w1, w2 = hall
    for i, w in enumerate((w1, w2, w2)):
        w.intake.accept(w.clerk, w.take_case(citizen(10 + i)))
    for w in (w1, w2):
        w.sync()
    w2.sync()
    out_file = tmp_path / "hall.csv"
    code, out, _ = run(capsys, w2, "report", "daily", "--scope", "hall", "--format", "csv", "--out", str(out_file))
    assert code == 0, out
    assert "办件总数 3" in out and "W01 最后同步" in out and "W02 最后同步" in out
    assert "W01：1 件" in out and "W02：2 件" in out
    rows = list(csv.reader(io.StringIO(out_file.read_text(encoding="utf-8-sig"))))
    flat = [",".join(r) for r in rows]
    assert any(line.startswith("数据范围,全大厅") for line in flat)
    assert any(line.startswith("W01,1") for line in flat) and any(line.startswith("W02,2") for line in flat)
    code, out, _ = run(capsys, w2, "report", "daily", "--scope", "window", "--format", "csv",
                       "--out", str(tmp_path / "w.csv"))
    assert code == 0 and "办件总数 2" in out
