"""Issue 16 #11: a full disk during `db backup` leaves no `.part` and says what to do."""
from __future__ import annotations

from desktop.cli import main


def test_db_backup_onto_a_full_disk_leaves_no_part_file_and_says_what_to_do(tmp_path, full_disk, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "catalog", "list", "--limit", "1"]) == 0  # a store with a catalog
    out = full_disk / "backup.sqlite3"
    code = main(["--data-dir", str(data), "db", "backup", "--out", str(out), "--as-os-admin"])
    err = capsys.readouterr().err
    assert code != 0 and "磁盘已满" in err and "Traceback" not in err
    assert list(full_disk.iterdir()) == []  # neither the backup nor a .part
