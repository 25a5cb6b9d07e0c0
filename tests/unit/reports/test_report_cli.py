"""`onewindow report daily`: files for scheduled jobs, and clear refusals for bad input."""
from __future__ import annotations

import csv
import io

import pytest

from desktop.cli import main


@pytest.fixture
def seeded(hall):
    hall.app(created="2026-11-25 09:05")
    hall.app(created="2026-11-25 10:00", window="W02", status="rejected")
    hall.app(created="2026-11-26 10:00")
    return hall


def _run(data_dir, *args):
    return main(["--data-dir", str(data_dir), "report", "daily", *args])


def _total(path):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return next(r[1] for r in rows if r and r[0] == "办件总数")


def test_daily_csv_for_a_date_and_a_window(data_dir, seeded, tmp_path, capsys):
    assert _run(data_dir, "--date", "2026-11-25", "--format", "csv", "--out", str(tmp_path / "all.csv")) == 0
    assert _total(tmp_path / "all.csv") == "2"
    assert "办件总数 2" in capsys.readouterr().out
    assert _run(data_dir, "--date", "2026-11-25", "--window", "W02", "--format", "csv",
                "--out", str(tmp_path / "w2.csv")) == 0
    assert _total(tmp_path / "w2.csv") == "1"


def test_range_with_from_and_to(data_dir, seeded, tmp_path):
    assert _run(data_dir, "--from", "2026-11-25", "--to", "2026-11-26", "--format", "xlsx",
                "--out", str(tmp_path / "r.xlsx")) == 0
    assert (tmp_path / "r.xlsx").stat().st_size > 0


def test_pdf_from_the_cli(data_dir, seeded, tmp_path):
    assert _run(data_dir, "--date", "2026-11-25", "--format", "pdf", "--out", str(tmp_path / "r.pdf")) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("args, message", [
    (["--date", "2026-02-30"], "日期 '2026-02-30' 无效"),
    (["--date", "yesterday"], "应为 YYYY-MM-DD"),
    (["--from", "2026-11-26", "--to", "2026-11-25"], "早于开始日期"),
    (["--date", "2026-11-25", "--window", "W09"], "窗口 W09 不存在"),
])
def test_bad_input_exits_non_zero_with_a_clear_message(data_dir, seeded, tmp_path, capsys, args, message):
    assert _run(data_dir, *args, "--format", "csv", "--out", str(tmp_path / "x.csv")) != 0
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_unwritable_path_exits_non_zero(data_dir, seeded, tmp_path, capsys):
    assert _run(data_dir, "--date", "2026-11-25", "--format", "csv", "--out", str(tmp_path / "nope" / "x.csv")) != 0
    assert "目录" in capsys.readouterr().err
