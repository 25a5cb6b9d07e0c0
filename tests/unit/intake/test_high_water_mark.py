"""The restore-proof mark file: raised in place with one data sync, safe against a torn write."""
from __future__ import annotations

import datetime as dt
import json
import os

from desktop.services.intake import high_water_mark
from desktop.services.intake.high_water_mark import SLOT_BYTES, HighWaterMark

DAY = dt.date(2026, 9, 30)


def test_a_new_mark_file_has_two_intact_slots_with_the_mark(tmp_path):
    mark = HighWaterMark(tmp_path, "n-hwm.json")
    mark.set("W01", DAY, 3)
    raw = (tmp_path / "n-hwm.json").read_bytes()
    assert len(raw) == 2 * SLOT_BYTES
    assert [json.loads(raw[i * SLOT_BYTES:(i + 1) * SLOT_BYTES])["marks"] for i in (0, 1)] == [{"W01": {"2026-09-30": 3}}] * 2
    assert mark.get("W01", DAY) == 3 and mark.get("W02", DAY) == 0


def test_raising_the_mark_overwrites_the_older_slot_in_place_with_one_data_sync(tmp_path, monkeypatch):
    mark = HighWaterMark(tmp_path, "n-hwm.json")
    mark.set("W01", DAY, 1)
    inode = os.stat(tmp_path / "n-hwm.json").st_ino
    syncs: list[int] = []
    monkeypatch.setattr(high_water_mark, "_datasync", syncs.append)
    monkeypatch.setattr(high_water_mark.os, "replace", lambda *a: (_ for _ in ()).throw(AssertionError("renamed")))
    for seq in (2, 3, 4):
        mark.set("W01", DAY, seq)
    assert len(syncs) == 3 and os.stat(tmp_path / "n-hwm.json").st_ino == inode
    raw = (tmp_path / "n-hwm.json").read_bytes()
    gens = sorted(json.loads(raw[i * SLOT_BYTES:(i + 1) * SLOT_BYTES])["gen"] for i in (0, 1))
    assert gens == [3, 4] and mark.get("W01", DAY) == 4
    mark.set("W01", DAY, 2)  # never lowered
    assert mark.get("W01", DAY) == 4


def test_a_torn_slot_leaves_the_previous_mark_which_covers_every_committed_number(tmp_path):
    mark = HighWaterMark(tmp_path, "n-hwm.json")
    for seq in (1, 2, 3):
        mark.set("W01", DAY, seq)
    path = tmp_path / "n-hwm.json"
    raw = bytearray(path.read_bytes())
    newest = max((0, 1), key=lambda i: json.loads(raw[i * SLOT_BYTES:(i + 1) * SLOT_BYTES])["gen"])
    older = 1 - newest
    raw[older * SLOT_BYTES + 10:older * SLOT_BYTES + 40] = b"\x00" * 30  # a power cut while writing number 4
    path.write_bytes(bytes(raw))
    assert mark.get("W01", DAY) == 3
    mark.set("W01", DAY, 4)  # the torn slot is the one written next
    assert mark.get("W01", DAY) == 4
    raw = path.read_bytes()
    assert all(high_water_mark.decode_slot(raw[i * SLOT_BYTES:(i + 1) * SLOT_BYTES]) for i in (0, 1))


def test_the_earlier_single_json_file_is_read_and_then_rewritten_in_slots(tmp_path):
    path = tmp_path / "acceptance-hwm.json"
    path.write_text(json.dumps({"W01": {"2026-09-29": 7, "2026-09-30": 5}}), encoding="utf-8")
    mark = HighWaterMark(tmp_path)
    assert mark.get("W01", DAY) == 5
    mark.set("W01", DAY, 6)
    assert len(path.read_bytes()) == 2 * SLOT_BYTES
    assert mark.read() == {"W01": {"2026-09-29": 7, "2026-09-30": 6}}


def test_marks_that_outgrow_a_slot_get_bigger_slots_and_old_days_are_pruned(tmp_path):
    mark = HighWaterMark(tmp_path, "n-hwm.json")
    for window in range(200):
        for offset in range(9):
            mark.set(f"W{window:03d}", DAY + dt.timedelta(days=offset), offset + 1)
    assert len((tmp_path / "n-hwm.json").read_bytes()) > 2 * SLOT_BYTES
    marks = mark.read()
    assert len(marks) == 200 and all(len(days) == 7 for days in marks.values())
    assert mark.get("W199", DAY + dt.timedelta(days=8)) == 9 and mark.get("W000", DAY) == 0
