"""The restore-proof high-water mark of a number sequence: a tiny file, one data sync per number.

{key: {day: last_seq}} — keys are windows for acceptance numbers, document families for
document numbers (see ``acceptance_numbers.py`` for why the mark exists and when it is written).

The file holds two fixed-size slots, one JSON line each with a generation and a checksum. A
new mark overwrites the *older* slot in place and is made durable with one ``fdatasync`` (no
new file, no rename, no directory sync: the file's size and its blocks do not change). A write
torn by a power cut can only damage the slot being written, and that slot held the state before
the previous one; the other slot still holds the last durable mark, which covers every number
already committed (the number being drawn is not committed until after this write). Reading
takes, per key and day, the highest mark of the valid slots.

A missing file, or one in the earlier single-JSON format, is (re)written whole: a temporary
file, fsynced, renamed into place, the directory fsynced — once, not per number. A file that
cannot be read at all does not stop the counter: the database sequence still applies.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("onewindow.intake")

KEEP_DAYS = 7  # older days can no longer be allocated on (the clock only moves forward by much)
SLOT_BYTES = 4096  # a slot's smallest size (one page); grows in powers of two if the marks outgrow it

Marks = dict[str, dict[str, int]]


def _checksum(gen: int, marks: Marks) -> str:
    return hashlib.sha256(json.dumps([gen, marks], sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def encode_slot(gen: int, marks: Marks, size: int) -> bytes:
    """One slot: a JSON line padded with spaces to ``size`` bytes (ASCII, so bytes == characters)."""
    line = json.dumps({"gen": gen, "marks": marks, "sha256": _checksum(gen, marks)}, sort_keys=True).encode("ascii")
    if len(line) + 1 > size:
        raise ValueError("marks do not fit the slot")
    return line + b" " * (size - len(line) - 1) + b"\n"


def decode_slot(raw: bytes) -> tuple[int, Marks] | None:
    """(generation, marks) of an intact slot; None for a torn, empty or foreign one."""
    try:
        data = json.loads(raw.decode("ascii"))
        gen, marks = int(data["gen"]), data["marks"]
        if not isinstance(marks, dict) or data["sha256"] != _checksum(gen, marks):
            return None
    except (ValueError, KeyError, TypeError):
        return None
    return gen, marks


def _merge(many: list[Marks]) -> Marks:
    """Per key and day the highest mark; per key the last ``KEEP_DAYS`` days."""
    merged: Marks = {}
    for marks in many:
        for key, days in marks.items():
            if not isinstance(days, dict):
                continue
            into = merged.setdefault(key, {})
            for day, seq in days.items():
                into[day] = max(int(seq), into.get(day, 0))
    for days in merged.values():
        _prune(days)
    return merged


def _prune(days: dict[str, int]) -> None:
    for old in sorted(days)[:-KEEP_DAYS]:
        del days[old]


@dataclass(frozen=True)
class LoadedMarks:
    """The mark file as read: merged marks, [(generation, slot index)] of its intact slots, slot size (0: not slotted)."""

    marks: Marks
    intact: list[tuple[int, int]]
    size: int

    def get(self, key: str, day: dt.date) -> int:
        return int(self.marks.get(key, {}).get(day.isoformat(), 0))


class HighWaterMark:
    """The mark file ``name`` in ``data_dir`` (the acceptance numbers' by default): read, and raised in place."""

    def __init__(self, data_dir: Path, name: str = "acceptance-hwm.json") -> None:
        self.path = Path(data_dir) / name

    def load(self) -> LoadedMarks:
        """The file as it stands (read once per number: the caller holds the write lock until it is raised)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return LoadedMarks({}, [], 0)
        except OSError:
            log.warning("number high-water mark %s unreadable; relying on the database", self.path)
            return LoadedMarks({}, [], 0)
        size = len(raw) // 2
        if len(raw) >= 2 * SLOT_BYTES and len(raw) == 2 * size and raw[size - 1:size] == b"\n":
            slots = [(i, decode_slot(raw[i * size:(i + 1) * size])) for i in (0, 1)]
            intact = [(s[0], i) for i, s in slots if s is not None]
            if intact:
                return LoadedMarks(_merge([s[1] for _i, s in slots if s is not None]), intact, size)
        try:  # the earlier format: one JSON object, replaced whole on every number
            legacy = json.loads(raw.decode("utf-8"))
        except ValueError:
            legacy = None
        if isinstance(legacy, dict):
            return LoadedMarks(_merge([legacy]), [], 0)
        log.warning("number high-water mark %s unreadable; relying on the database", self.path)
        return LoadedMarks({}, [], 0)

    def read(self) -> Marks:
        return self.load().marks

    def get(self, key: str, day: dt.date) -> int:
        return self.load().get(key, day)

    def set(self, key: str, day: dt.date, seq: int) -> None:
        """Raise the mark of ``key`` on ``day`` to ``seq`` (never lowers it); durable on return."""
        self.raise_mark(self.load(), key, day, seq)

    def raise_mark(self, loaded: LoadedMarks, key: str, day: dt.date, seq: int) -> None:
        """:meth:`set` over ``loaded`` (this file's :meth:`load`, under the same write lock): durable on return.

        A number's allocation reads the file once for the floor and raises it from the same read.
        """
        marks = {k: dict(v) for k, v in loaded.marks.items()}
        days = marks.setdefault(key, {})
        days[day.isoformat()] = max(seq, days.get(day.isoformat(), 0))
        _prune(days)
        intact, size = loaded.intact, loaded.size
        gen = max((g for g, _i in intact), default=0) + 1
        if size and len(intact) == 2:
            older = min(intact)[1]
        elif size and len(intact) == 1:
            older = 1 - intact[0][1]  # the other slot is torn or blank: overwrite it
        else:
            older = -1
        try:
            slot = encode_slot(gen, marks, size) if older >= 0 else b""
        except ValueError:
            slot = b""
        if slot:
            self._write_slot(older * size, slot)
        else:
            self._write_whole(gen, marks)

    def _write_slot(self, offset: int, slot: bytes) -> None:
        with open(self.path, "r+b", buffering=0) as fh:
            fh.seek(offset)
            fh.write(slot)
            _datasync(fh.fileno())

    def _write_whole(self, gen: int, marks: Marks) -> None:
        size = SLOT_BYTES
        while True:
            try:
                slot = encode_slot(gen, marks, size)
                break
            except ValueError:
                size *= 2
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(slot + encode_slot(gen - 1, marks, size))  # both slots intact from the start
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)


def _datasync(fd: int) -> None:
    # fdatasync: the slot's blocks, not the timestamps (the size never changes in place).
    sync = getattr(os, "fdatasync", os.fsync)  # Windows has only fsync (FlushFileBuffers)
    sync(fd)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; os.replace is durable enough there
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
