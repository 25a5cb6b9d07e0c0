"""Replacing the store file safely: write beside, fsync, journal, rename, keep the original.

Every swap of the database file (a restore, putting a backup back after a failed migration,
encrypting a plain store in place, setting a damaged file aside) goes through :func:`swap_in`:

1. the caller has written the new file *beside* the old one and fsynced it (``incoming``);
2. a small journal (``<db>.swap.json``) is written atomically, naming the three files;
3. the original (and its ``-wal``/``-shm``) is renamed to a unique kept name — never deleted;
4. ``incoming`` is renamed onto the database's name; the directory is fsynced;
5. the journal is removed.

A kill -9 can stop this anywhere. :func:`recover_swap` runs before the store is opened and
finishes or rolls back from the journal, so the next start finds either the old store or the
new one — never no store, and never a fresh empty store created next to the real one.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("onewindow.store.swap")

SIDE_FILES = ("-wal", "-shm")
JOURNAL_SUFFIX = ".swap.json"


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX); NTFS journals renames itself."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def unique_name(db_path: Path, why: str) -> Path:
    """``onewindow.<why>-YYYYmmdd-HHMMSS-<random>.sqlite3``: two swaps in one second never collide."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    while True:
        candidate = db_path.with_name(f"{db_path.stem}.{why}-{stamp}-{secrets.token_hex(3)}{db_path.suffix}")
        if not any(Path(str(candidate) + s).exists() for s in ("", *SIDE_FILES)):
            return candidate


def incoming_path(db_path: Path) -> Path:
    """Where a replacement is written before it is swapped in (same directory: rename stays atomic)."""
    return db_path.with_name(f"{db_path.name}.incoming-{secrets.token_hex(4)}")


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + JOURNAL_SUFFIX)


def write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{secrets.token_hex(3)}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


@dataclass(frozen=True)
class SwapResult:
    kept: Path | None  # where the original went (None: there was no original)


def _move_with_side_files(src: Path, dst: Path) -> None:
    # The main file first: recovery reads "main file gone" as "the original was moved".
    if src.exists():
        os.replace(src, dst)
    for suffix in SIDE_FILES:
        side = Path(str(src) + suffix)
        if side.exists():
            os.replace(side, Path(str(dst) + suffix))


def set_aside(db_path: Path, why: str) -> Path:
    """Move the database (and its WAL/SHM files) to a unique name so nothing writes to it again."""
    target = unique_name(db_path, why)
    _move_with_side_files(db_path, target)
    fsync_dir(db_path.parent)
    return target


def swap_in(db_path: Path, incoming: Path, why: str, *, crash_at: str | None = None) -> SwapResult:
    """Put the fsynced file ``incoming`` in place of ``db_path``; the original is kept as ``<why>-…``.

    ``crash_at`` exists for the fault tests only (a step name: they kill the process there).
    """
    if incoming.parent != db_path.parent:
        raise ValueError("incoming file must sit beside the database (same directory)")
    kept = unique_name(db_path, why) if db_path.exists() else None
    journal = journal_path(db_path)
    write_atomically(journal, json.dumps({
        "target": db_path.name, "incoming": incoming.name, "kept": kept.name if kept else None, "why": why,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}).encode("utf-8"))
    _crash_point(crash_at, "journal-written")
    if kept is not None:
        _move_with_side_files(db_path, kept)
    else:  # stale side files of a missing database must not be applied to the new one
        for suffix in SIDE_FILES:
            Path(str(db_path) + suffix).unlink(missing_ok=True)
    _crash_point(crash_at, "original-kept")
    os.replace(incoming, db_path)
    fsync_dir(db_path.parent)
    _crash_point(crash_at, "incoming-placed")
    journal.unlink(missing_ok=True)
    fsync_dir(db_path.parent)
    log.info("store swapped in (%s); original kept as %s", why, kept.name if kept else "-")
    return SwapResult(kept)


def _crash_point(crash_at: str | None, step: str) -> None:
    if crash_at == step:
        os._exit(137)  # the fault tests' kill -9, at an exact step


@dataclass(frozen=True)
class Recovery:
    action: str  # "none" | "finished" | "rolled-back" | "put-back"
    detail: str = ""


def recover_swap(db_path: Path) -> Recovery:
    """Finish or roll back a swap that a crash interrupted (see the module docstring)."""
    journal = journal_path(db_path)
    if not journal.exists():
        _remove_stray_incoming(db_path)
        return Recovery("none")
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        incoming = db_path.with_name(str(entry["incoming"]))
        kept = db_path.with_name(str(entry["kept"])) if entry.get("kept") else None
    except (OSError, ValueError, KeyError, TypeError):
        # The journal is written atomically, so an unreadable one was never a complete journal:
        # nothing was moved yet.
        journal.unlink(missing_ok=True)
        _remove_stray_incoming(db_path)
        return Recovery("rolled-back", "unreadable swap journal; nothing had been moved")
    if db_path.exists() and incoming.exists():
        # Crashed before the original moved: roll back (the caller can simply retry).
        incoming.unlink()
        result = Recovery("rolled-back", f"{entry.get('why')}: the original was still in place")
    elif not db_path.exists() and incoming.exists():
        # The original is kept; the fsynced replacement was not placed yet: finish.
        if kept is not None:
            _move_with_side_files(db_path, kept)  # side files left behind by a crash mid-move
        os.replace(incoming, db_path)
        result = Recovery("finished", f"{entry.get('why')}: replacement placed, original kept as "
                                      f"{kept.name if kept else '-'}")
    elif not db_path.exists() and kept is not None and kept.exists():
        # Neither the replacement nor the database: never start empty — put the original back.
        _move_with_side_files(kept, db_path)
        result = Recovery("put-back", f"{entry.get('why')}: replacement missing; the original was put back")
    else:
        result = Recovery("finished", f"{entry.get('why')}: the swap had completed")
    fsync_dir(db_path.parent)
    journal.unlink(missing_ok=True)
    fsync_dir(db_path.parent)
    log.warning("interrupted store swap recovered: %s (%s)", result.action, result.detail)
    return result


def _remove_stray_incoming(db_path: Path) -> None:
    """An ``.incoming-*`` with no journal was never swapped in (the crash came before step 2)."""
    for stray in db_path.parent.glob(f"{db_path.name}.incoming-*"):
        with contextlib.suppress(OSError):
            stray.unlink()
