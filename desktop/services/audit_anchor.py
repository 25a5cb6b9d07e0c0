"""Anchors for the audit chain: its head (count, last id, last hash), signed and kept outside the rows.

The hash chain (``desktop/services/audit.py``) shows an edited row, but not a chain cut short, a
last row deleted, every row deleted, or a chain rewritten and re-hashed with the app's own hash
function — all of those leave a chain that verifies. So the head is checkpointed where deleting
rows cannot reach it:

* ``audit-anchors.jsonl`` beside the store: append-only, one HMAC-signed anchor per line (0600);
* the central platform, with every sync (``POST /api/v1/audit/anchors``): the platform keeps
  each device's newest anchor and refuses one that goes backwards.

The HMAC key is per install: derived from the store's SQLCipher key when the store is encrypted
(so it lives in the keyring or IT's key file with it), else a random key in the OS keyring, else a
0600 key file in the data dir (weak: someone who can rewrite the store can read it — the
platform's copy is then the anchor that counts). ``db check`` compares the rows with every anchor
and says what it found and since when.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop.store.connect import PRIVATE_FILE, StoreFile

log = logging.getLogger("onewindow.audit")

ANCHORS_NAME = "audit-anchors.jsonl"
KEY_FILE_NAME = "audit-anchor.key"
KEYRING_SERVICE = "onewindow"


@dataclass(frozen=True)
class Anchor:
    count: int
    last_id: int
    last_hash: str
    at: str  # UTC ISO time of the checkpoint
    reason: str = ""  # sync | day-close | start | manual
    signature: str = ""

    def payload(self) -> bytes:
        return json.dumps([self.count, self.last_id, self.last_hash, self.at, self.reason],
                          separators=(",", ":")).encode("utf-8")

    def signed(self, key: bytes) -> Anchor:
        return Anchor(self.count, self.last_id, self.last_hash, self.at, self.reason,
                      hmac.new(key, self.payload(), hashlib.sha256).hexdigest())

    def valid(self, key: bytes) -> bool:
        expected = hmac.new(key, self.payload(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.signature)

    def as_wire(self) -> dict[str, Any]:
        return asdict(self)


def anchors_path(db_path: Path) -> Path:
    return db_path.with_name(ANCHORS_NAME)


# --- the key ---------------------------------------------------------------------------------


def anchor_key(store: StoreFile) -> bytes:
    if store.key is not None:
        return hmac.new(store.key, b"onewindow/audit-anchor/v1", hashlib.sha256).digest()
    from desktop.store.keys import secure_keyring_reason

    if secure_keyring_reason() is None:
        with contextlib.suppress(Exception):
            import keyring

            user = "audit-anchor|" + hashlib.sha256(str(store.path.resolve()).encode()).hexdigest()[:24]
            text = keyring.get_password(KEYRING_SERVICE, user)
            if not text:
                text = secrets.token_hex(32)
                keyring.set_password(KEYRING_SERVICE, user, text)
            return bytes.fromhex(text)
    path = store.path.with_name(KEY_FILE_NAME)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        key = secrets.token_bytes(32)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
            try:
                os.write(fd, key.hex().encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
        return bytes.fromhex(path.read_text(encoding="ascii").strip())


# --- reading the chain's head and the anchors ---------------------------------------------------


def chain_head(conn) -> tuple[int, int, str]:
    count, last_id = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM audit_event").fetchone()
    last_hash = ""
    if last_id:
        last_hash = conn.execute("SELECT hash FROM audit_event WHERE id = ?", (last_id,)).fetchone()[0]
    return int(count), int(last_id), str(last_hash)


def read_anchors(db_path: Path) -> list[Anchor]:
    path = anchors_path(db_path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    anchors = []
    for line in lines:
        with contextlib.suppress(ValueError, TypeError):
            data = json.loads(line)
            anchors.append(Anchor(int(data["count"]), int(data["last_id"]), str(data["last_hash"]), str(data["at"]),
                                  str(data.get("reason", "")), str(data.get("signature", ""))))
    return anchors


def _matches(conn, anchor: Anchor) -> bool:
    """Does the store still hold the chain exactly as it was when ``anchor`` was taken?"""
    if anchor.last_id == 0:
        return True
    row = conn.execute("SELECT hash FROM audit_event WHERE id = ?", (anchor.last_id,)).fetchone()
    if row is None or row[0] != anchor.last_hash:
        return False
    return conn.execute("SELECT count(*) FROM audit_event WHERE id <= ?", (anchor.last_id,)).fetchone()[0] \
        == anchor.count


def _local(at: str) -> str:
    from desktop.domain.hall_clock import hall_clock, parse_utc

    try:
        moment = parse_utc(at)
    except ValueError:
        return at
    return hall_clock().local(moment).strftime("%Y-%m-%d %H:%M")


def check_anchors(conn, store: StoreFile) -> str | None:
    """None when every anchor still matches the rows; else what was found and since when."""
    anchors = read_anchors(store.path)
    if not anchors:
        return None
    key = anchor_key(store)
    forged = [a for a in anchors if not a.valid(key)]
    if forged:
        return f"{len(forged)} anchor(s) in {ANCHORS_NAME} have a bad signature (the anchor file was edited)"
    count, last_id, _ = chain_head(conn)
    newest = anchors[-1]
    if _matches(conn, newest):
        return None
    good = [a for a in anchors if _matches(conn, a)]
    since = f"after the anchor of {_local(good[-1].at)} ({good[-1].count} rows, still intact)" if good else \
        "since before the first anchor"
    if count == 0:
        return (f"every audit row was deleted: the anchor of {_local(newest.at)} recorded {newest.count} rows "
                f"up to #{newest.last_id}; changed {since}")
    if last_id < newest.last_id:
        surviving = conn.execute("SELECT at FROM audit_event WHERE id = ?", (last_id,)).fetchone()
        return (f"the audit trail was cut short: rows after #{last_id} (last kept {surviving[0] if surviving else '?'}) "
                f"are missing, the anchor of {_local(newest.at)} recorded {newest.count} rows up to "
                f"#{newest.last_id}; changed {since}")
    return (f"the audit trail was rewritten: row #{newest.last_id} no longer has the hash anchored at "
            f"{_local(newest.at)} (rows deleted or changed and the chain recomputed); changed {since}")


# --- taking an anchor -----------------------------------------------------------------------------


def checkpoint(store: StoreFile, reason: str, *, now: dt.datetime | None = None) -> Anchor | None:
    """Append a signed anchor of the current head; refuses (None) when the rows no longer match the last one.

    Refusing matters: re-anchoring a truncated or rewritten chain would make the damage the new truth.
    """
    with store.open(readonly=True) as conn:
        anchors = read_anchors(store.path)
        if anchors and not _matches(conn, anchors[-1]):
            log.error("audit anchor not taken: the rows no longer match the last anchor")
            return None
        count, last_id, last_hash = chain_head(conn)
    if anchors and (anchors[-1].count, anchors[-1].last_id) == (count, last_id):
        return anchors[-1]
    at = (now or dt.datetime.now(dt.UTC).replace(tzinfo=None)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    anchor = Anchor(count, last_id, last_hash, at, reason).signed(anchor_key(store))
    path = anchors_path(store.path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    try:
        os.write(fd, (json.dumps(anchor.as_wire(), ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return anchor


def latest(store: StoreFile) -> Anchor | None:
    anchors = read_anchors(store.path)
    return anchors[-1] if anchors else None
