"""`onewindow print KIND REFERENCE --out FILE.pdf` from the command line."""
from __future__ import annotations

from desktop.cli import main
from desktop.services.papers.records import PrintRecords
from tests.unit.printing.conftest import add_case, flat, pdf_pages


def run(data_dir, *args) -> int:
    return main(["--data-dir", str(data_dir), "print", *args])


def test_cli_prints_the_receipt_by_acceptance_number(ctx, data_dir, tmp_path, capsys):
    app_id = add_case(ctx)
    out = tmp_path / "receipt.pdf"
    assert run(data_dir, "receipt", "620100-W03-20261125-0007", "--out", str(out)) == 0
    assert "已生成《受理通知书》" in capsys.readouterr().out
    assert "620100-W03-20261125-0007" in flat("".join(pdf_pages(out.read_bytes())))
    assert [r.outcome for r in PrintRecords(ctx).history(app_id)] == ["saved_pdf"]


def test_cli_second_copy_is_marked_reprint(ctx, data_dir, tmp_path, capsys):
    add_case(ctx)
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run(data_dir, "receipt", "620100-W03-20261125-0007", "--out", str(first)) == 0
    assert run(data_dir, "receipt", "620100-W03-20261125-0007", "--out", str(second)) == 0
    assert "补打" in capsys.readouterr().out
    assert "补打（原打印时间" in flat("".join(pdf_pages(second.read_bytes())))
    assert "补打" not in flat("".join(pdf_pages(first.read_bytes())))


def test_cli_refuses_a_kind_that_does_not_fit_the_state(ctx, data_dir, tmp_path, capsys):
    add_case(ctx, status="supplement_requested")
    with ctx.db.session() as s:
        from desktop.store.models import Application

        uuid = s.query(Application).one().uuid
    out = tmp_path / "x.pdf"
    assert run(data_dir, "rejection-notice", uuid, "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "待补正" in err and "不能打印《不予受理通知书》" in err and "supplement-notice" in err
    assert not out.exists()
    assert run(data_dir, "supplement-notice", uuid[:8], "--out", str(out)) == 0
    assert "排水水质检测报告" in flat("".join(pdf_pages(out.read_bytes())))


def test_cli_unknown_reference_is_a_clear_error(ctx, data_dir, tmp_path, capsys):
    assert run(data_dir, "receipt", "620100-W03-20991231-0001", "--out", str(tmp_path / "x.pdf")) == 1
    assert "找不到编号为" in capsys.readouterr().err
