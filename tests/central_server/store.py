"""The reference server's own SQLite database and the contract's rules over it.

One connection guarded by a lock: the server is a test double, so simple serialisation beats
cleverness. Every mutating method runs in one transaction, so a fault injected *after* the
commit (a dropped connection) leaves exactly what a real platform would have stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from tests.central_server import hall_store
from tests.central_server.push_batch import Batch, canonical_encoder, canonical_text, migrate_changes

SCHEMA = """
CREATE TABLE IF NOT EXISTS device(id TEXT PRIMARY KEY, token_sha256 TEXT UNIQUE NOT NULL, window_id TEXT,
    region_code TEXT, enrolled_at TEXT, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS matter(code TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_matter_seq ON matter(seq);
CREATE TABLE IF NOT EXISTS application(uuid TEXT PRIMARY KEY, device_id TEXT, official_no TEXT UNIQUE NOT NULL,
    client_version INTEGER NOT NULL, server_version INTEGER NOT NULL, status TEXT NOT NULL,
    matter_code TEXT, matter_version INTEGER, payload TEXT NOT NULL, payload_sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS app_change(app_rowid INTEGER NOT NULL, version INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL, payload_sha256 TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY(app_rowid, version)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS request_key(key TEXT PRIMARY KEY, body_sha256 TEXT NOT NULL, response TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attachment(sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, mime TEXT, data BLOB,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attachment_owner(sha256 TEXT NOT NULL, device_id TEXT NOT NULL,
    PRIMARY KEY(sha256, device_id));
CREATE TABLE IF NOT EXISTS status_change(seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL,
    device_id TEXT, status TEXT NOT NULL, server_version INTEGER NOT NULL, at TEXT NOT NULL, note TEXT);
CREATE INDEX IF NOT EXISTS ix_status_change_device ON status_change(device_id, seq);
CREATE TABLE IF NOT EXISTS calendar_day(day TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS counter(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS stat(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

REQUIRED_FIELDS = ("uuid", "version", "matter_code", "matter_version", "window_id", "status", "applicant",
                   "materials")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_sha(payload: dict[str, Any]) -> str:
    """Hash of the payload's meaning, not its bytes: "same payload" survives re-serialisation."""
    return sha256_text(canonical_text(payload))


def _id18_ok(value: str) -> bool:
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(map(operator.mul, map(int, value[:17]), _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == value[17].upper()


class ItemOutcome(dict):
    """One per-item push result (a plain dict so it serialises as-is)."""


class _Stamp(NamedTuple):
    """One push batch's server time (as stored, as the day of its official numbers) and its payload encoder."""

    iso: str
    day: str
    at: dt.datetime
    encode: Callable[[Any], str]


class Store:
    def __init__(self, path: Path | str, *, clock=None) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.executescript(SCHEMA)
        migrate_changes(self._conn)
        self._lock = threading.RLock()
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # --- plumbing -----------------------------------------------------------------

    def _tx(self):
        store = self

        class _Tx:
            def __enter__(self):
                store._lock.acquire()
                store._conn.execute("BEGIN IMMEDIATE")
                return store._conn

            def __exit__(self, exc_type, exc, tb):
                try:
                    store._conn.execute("ROLLBACK" if exc_type else "COMMIT")
                finally:
                    store._lock.release()

        return _Tx()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    @staticmethod
    def _next(conn: sqlite3.Connection, name: str) -> int:
        conn.execute("INSERT INTO counter(name, value) VALUES (?, 1) "
                     "ON CONFLICT(name) DO UPDATE SET value = value + 1", (name,))
        return conn.execute("SELECT value FROM counter WHERE name = ?", (name,)).fetchone()[0]

    @staticmethod
    def _bump_stat(conn: sqlite3.Connection, name: str, by: int = 1) -> None:
        conn.execute("INSERT INTO stat(name, value) VALUES (?, ?) "
                     "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", (name, by))

    # --- devices ------------------------------------------------------------------

    def enroll(self, window_id: str, region_code: str) -> tuple[str, str]:
        with self._tx() as conn:
            return self.enroll_in(conn, window_id, region_code)

    def enroll_in(self, conn: sqlite3.Connection, window_id: str, region_code: str) -> tuple[str, str]:
        """A new device and its token, in the caller's transaction (enrolment.redeem marks the code used in it)."""
        token = secrets.token_urlsafe(32)
        device_id = "dev-" + secrets.token_hex(6)
        conn.execute("INSERT INTO device(id, token_sha256, window_id, region_code, enrolled_at) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (device_id, sha256_text(token), window_id, region_code, iso(self.clock())))
        return device_id, token

    def device_for_token(self, token: str) -> str | None:
        rows = self._query("SELECT id FROM device WHERE token_sha256 = ? AND revoked = 0", (sha256_text(token),))
        return rows[0][0] if rows else None

    def revoke_devices(self, device_id: str | None = None) -> int:
        with self._tx() as conn:
            if device_id:
                return conn.execute("UPDATE device SET revoked = 1 WHERE id = ?", (device_id,)).rowcount
            return conn.execute("UPDATE device SET revoked = 1").rowcount

    # --- matters ------------------------------------------------------------------

    def upsert_matters(self, matters: list[dict[str, Any]]) -> int:
        """Insert new matters or change existing ones; each change bumps version and feed position."""
        now = iso(self.clock())
        with self._tx() as conn:
            for matter in matters:
                row = conn.execute("SELECT version, body, deleted FROM matter WHERE code = ?",
                                   (matter["code"],)).fetchone()
                body = {k: v for k, v in matter.items() if k != "version"}
                if row and not row[2] and json.loads(row[1]) == body:
                    continue
                version = (row[0] + 1) if row else int(matter.get("version") or 1)
                seq = self._next(conn, "matter_seq")
                conn.execute("INSERT INTO matter(code, version, body, deleted, seq, updated_at) "
                             "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT(code) DO UPDATE SET version = excluded.version,"
                             " body = excluded.body, deleted = 0, seq = excluded.seq, updated_at = excluded.updated_at",
                             (matter["code"], version, json.dumps(body, ensure_ascii=False), seq, now))
        return len(matters)

    def delete_matters(self, codes: list[str]) -> int:
        now = iso(self.clock())
        deleted = 0
        with self._tx() as conn:
            for code in codes:
                seq = self._next(conn, "matter_seq")
                deleted += conn.execute("UPDATE matter SET deleted = 1, version = version + 1, seq = ?, "
                                        "updated_at = ? WHERE code = ? AND deleted = 0", (seq, now, code)).rowcount
        return deleted

    def matters_since(self, since: int, limit: int) -> dict[str, Any]:
        rows = self._query("SELECT code, version, body, deleted, seq, updated_at FROM matter WHERE seq > ? "
                           "ORDER BY seq LIMIT ?", (since, limit + 1))
        has_more = len(rows) > limit
        rows = rows[:limit]
        items, tombstones = [], []
        for code, version, body, deleted, _seq, updated_at in rows:
            if deleted:
                tombstones.append({"code": code, "version": version, "deleted_at": updated_at})
            else:
                items.append({**json.loads(body), "code": code, "version": version})
        next_cursor = str(rows[-1][4]) if rows else str(since)
        return {"items": items, "tombstones": tombstones, "next_cursor": next_cursor, "has_more": has_more}

    def matter_count(self) -> int:
        return self._query("SELECT count(*) FROM matter")[0][0]

    # --- attachments --------------------------------------------------------------

    @staticmethod
    def _owns_attachment(conn: sqlite3.Connection, device_id: str, sha: str) -> bool:
        return conn.execute("SELECT 1 FROM attachment_owner WHERE sha256 = ? AND device_id = ?",
                            (sha, device_id)).fetchone() is not None

    def has_attachment(self, sha: str, device_id: str) -> bool:
        """Held for this device? Another device's upload of the same content is not its business (404)."""
        with self._lock:
            return self._owns_attachment(self._conn, device_id, sha)

    def put_attachment(self, sha: str, data: bytes, mime: str, device_id: str = "") -> bool:
        """Store content under its sha256 for this device; False when this device already had it (idempotent)."""
        with self._tx() as conn:
            cur = conn.execute("INSERT OR IGNORE INTO attachment(sha256, size, mime, data, at) VALUES (?, ?, ?, ?, ?)",
                               (sha, len(data), mime, data, iso(self.clock())))
            if cur.rowcount:
                self._bump_stat(conn, "attachment_puts")
            owned = conn.execute("INSERT OR IGNORE INTO attachment_owner(sha256, device_id) VALUES (?, ?)",
                                 (sha, device_id))
            return bool(owned.rowcount)

    # --- applications -------------------------------------------------------------

    def replay(self, key: str, body_sha: str) -> tuple[str, str | None]:
        """('new'|'replay'|'conflict', stored response) for a batch Idempotency-Key."""
        rows = self._query("SELECT body_sha256, response FROM request_key WHERE key = ?", (key,))
        if not rows:
            return "new", None
        return ("replay", rows[0][1]) if rows[0][0] == body_sha else ("conflict", None)

    def push(self, device_id: str, key: str, body_sha: str, items: list[dict[str, Any]],
             forced_retry: list[bool] | None = None, *, integral: bool = False) -> dict[str, Any]:
        """Apply a batch in one transaction and remember its response under the batch key.

        A response holding a retry-later result is not remembered: replaying it would keep the
        item waiting forever, and re-processing is safe because every item dedupes on its own key.
        The batch is applied in bulk: what it needs is read with one query per table
        (:class:`~tests.central_server.push_batch.Batch`), each item is decided in memory in order
        (a later item sees what an earlier one created), and the writes go out as one
        ``executemany`` per table — the same outcomes as item by item, at the cost a real
        platform's bulk path would have. The batch is stamped with one server time. ``integral``:
        the request held no float or NaN/Infinity (noted while parsing it), so the canonical
        texts may be encoded by orjson (:func:`~tests.central_server.push_batch.canonical_encoder`).
        """
        forced = forced_retry or [False] * len(items)
        at = self.clock()
        stamp = _Stamp(iso(at), at.strftime("%Y%m%d"), at, canonical_encoder(integral))
        with self._tx() as conn:
            stored = conn.execute("SELECT body_sha256, response FROM request_key WHERE key = ?", (key,)).fetchone()
            if stored:
                if stored[0] != body_sha:
                    raise KeyError("idempotency key reused with another body")
                return json.loads(stored[1])
            batch = Batch(conn, items, device_id)
            results = [self._busy(item) if force else self._push_item(batch, device_id, item, stamp)
                       for item, force in zip(items, forced, strict=True)]
            batch.write(conn)
            response = {"results": results, "server_time": stamp.iso}
            if all(r["result"] != "retry-later" for r in results):
                conn.execute("INSERT INTO request_key(key, body_sha256, response, at) VALUES (?, ?, ?, ?)",
                             (key, body_sha, json.dumps(response, ensure_ascii=False), stamp.iso))
        return response

    @staticmethod
    def _busy(item: dict[str, Any]) -> dict[str, Any]:
        payload = item.get("payload") if isinstance(item.get("payload"), dict) else {}
        return {"idempotency_key": item.get("idempotency_key"), "uuid": payload.get("uuid", ""),
                "result": "retry-later", "code": "busy", "retry_after": 0,
                "reason": "中心平台繁忙，稍后自动重试。"}

    @staticmethod
    def _push_item(batch: Batch, device_id: str, item: dict[str, Any], stamp: _Stamp) -> dict[str, Any]:
        key = str(item.get("idempotency_key") or "")
        payload = item.get("payload")
        uuid = str(payload.get("uuid", "")) if isinstance(payload, dict) else ""
        out: dict[str, Any] = {"idempotency_key": key, "uuid": uuid}
        problem = Store._validate(item, payload, batch.matters)
        if problem:
            return {**out, "result": "rejected", "code": problem[0], "reason": problem[1]}
        version = int(payload["version"])
        text = stamp.encode(payload)  # stored as received in meaning; its hash is the "same payload" test
        payload_sha = sha256_text(text)
        owner = batch.owners.get(uuid)
        if owner is not None and owner != device_id:
            # Another device's application: refused without a word about it (no 办件编号, no status).
            return {**out, "result": "rejected", "code": "not_found",
                    "reason": "中心平台没有本机提交的这一办件编号对应的办件，请核对后重新受理。"}
        held = batch.changes.get((uuid, version))  # the key is uuid:version (checked above)
        app = batch.apps.get(uuid)
        if held is not None:
            if held == payload_sha:
                batch.stat("duplicates")
                assert app is not None
                return {**out, "result": "duplicate", "official_no": app[0], "server_version": app[1],
                        "status": app[2]}
            batch.stat("conflicts")
            return {**out, "result": "conflict", "code": "payload_mismatch",
                    "reason": "中心平台已收到同一办件同一版本的不同内容，请联系管理员核对后处理。"}
        missing = [a["sha256"] for m in payload.get("materials") or [] for a in m.get("attachments") or []
                   if a["sha256"] not in batch.owned]
        if missing:
            return {**out, "result": "retry-later", "code": "attachment_missing", "retry_after": 0,
                    "reason": f"附件尚未上传完成（{len(missing)} 个），稍后自动重试。"}
        if app and version < app[3]:
            batch.stat("conflicts")
            return {**out, "result": "conflict", "code": "stale_version",
                    "reason": "中心平台已有该办件更新的版本，本次修改未被采用，请核对后重新提交。"}
        if hall_conflict := hall_store.embedded_conflict(batch.conn, device_id, payload):
            batch.stat("conflicts")
            return {**out, **hall_conflict}
        now, day = stamp.iso, stamp.day
        if app:
            official_no, server_version = app[0], app[1] + 1
            batch.update_app(uuid, (official_no, server_version, payload["status"], version),
                             (version, server_version, payload["status"], text, payload_sha, now))
        else:
            seq = batch.next_official(day)
            official_no = f"{payload.get('region_code') or '000000'}{day}{seq:06d}"
            server_version = 1
            batch.insert_app(uuid, (official_no, server_version, payload["status"], version),
                             (uuid, device_id, official_no, version, server_version, payload["status"],
                              payload["matter_code"], payload["matter_version"], text, payload_sha, now, now))
        batch.add_change(key, uuid, version, payload_sha, now)
        batch.stat("created")
        carried = hall_store.embedded_append(batch.conn, device_id, payload, official_no, stamp.at)
        return {**out, "result": "created", "official_no": official_no, "server_version": server_version,
                "status": payload["status"], **({"case_events": carried} if carried else {})}

    @staticmethod
    def _validate(item: dict[str, Any], payload: Any, matters: set[str]) -> tuple[str, str] | None:
        from tests.central_server.validation import item_problem

        if not isinstance(payload, dict):
            return "invalid_payload", "办件数据格式不正确，无法识别。"
        absent = [f for f in REQUIRED_FIELDS if payload.get(f) in (None, "")]
        if not absent and (problem := item_problem(payload)):
            return "invalid_payload", problem
        if absent:
            return "missing_fields", f"办件缺少必填项：{'、'.join(absent)}。"
        if item.get("idempotency_key") != f"{payload['uuid']}:{payload['version']}":
            return "key_mismatch", "办件的幂等键与其编号、版本不一致。"
        if payload["matter_code"] not in matters:
            return "unknown_matter", f"事项编码 {payload['matter_code']} 不在中心平台事项目录中，请核对事项后重新受理。"
        applicant = payload["applicant"] if isinstance(payload["applicant"], dict) else {}
        number = str(applicant.get("id_number") or "")
        if applicant.get("kind") == "person" and len(number) == 18 and not _id18_ok(number):
            return "invalid_id_number", "申请人公民身份号码校验位不正确，请核对证件后更正。"
        if not applicant.get("name") or not number:
            return "missing_applicant", "申请人姓名或证件号码缺失。"
        return None

    def bulk_insert_applications(self, device_id: str, items: list[dict[str, Any]]) -> int:
        """The server's own best-case insert of the same rows (benchmark yardstick): no checks, one transaction."""
        now = iso(self.clock())
        day = self.clock().strftime("%Y%m%d")
        with self._tx() as conn:
            base = self._next(conn, "official_no:" + day)
            conn.executemany(
                "INSERT INTO application(uuid, device_id, official_no, client_version, server_version, status, "
                "matter_code, matter_version, payload, payload_sha256, received_at, updated_at) "
                "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
                [(p["uuid"], device_id, f"X{day}{base + i:08d}", p["version"], p["status"], p["matter_code"],
                  p["matter_version"], json.dumps(p, ensure_ascii=False, sort_keys=True), canonical_sha(p), now, now)
                 for i, it in enumerate(items) for p in [it["payload"]]])
            conn.executemany("INSERT INTO app_change(app_rowid, version, idempotency_key, payload_sha256, at) "
                             "SELECT rowid, ?, ?, ?, ? FROM application WHERE uuid = ?",
                             [(it["payload"]["version"], it["idempotency_key"], canonical_sha(it["payload"]), now,
                               it["payload"]["uuid"]) for it in items])
        return len(items)

    # --- status changes -----------------------------------------------------------

    def advance_status(self, uuid: str, status: str, note: str = "") -> dict[str, Any] | None:
        with self._tx() as conn:
            row = conn.execute("SELECT device_id, server_version, official_no FROM application WHERE uuid = ?",
                               (uuid,)).fetchone()
            if not row:
                return None
            version = row[1] + 1
            at = iso(self.clock())
            conn.execute("UPDATE application SET status = ?, server_version = ?, updated_at = ? WHERE uuid = ?",
                         (status, version, at, uuid))
            conn.execute("INSERT INTO status_change(uuid, device_id, status, server_version, at, note) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (uuid, row[0], status, version, at, note))
        return {"uuid": uuid, "official_no": row[2], "status": status, "server_version": version, "at": at}

    def changes_since(self, device_id: str, since: int, limit: int) -> dict[str, Any]:
        rows = self._query("SELECT c.seq, c.uuid, a.official_no, c.status, c.server_version, c.at, c.note "
                           "FROM status_change c JOIN application a ON a.uuid = c.uuid "
                           "WHERE c.device_id = ? AND c.seq > ? ORDER BY c.seq LIMIT ?", (device_id, since, limit + 1))
        has_more = len(rows) > limit
        rows = rows[:limit]
        items = [{"uuid": r[1], "official_no": r[2], "status": r[3], "server_version": r[4], "at": r[5],
                  "note": r[6] or ""} for r in rows]
        return {"items": items, "next_cursor": str(rows[-1][0]) if rows else str(since), "has_more": has_more}

    # --- calendar -----------------------------------------------------------------

    def set_calendar(self, days: list[dict[str, str]]) -> None:
        with self._tx() as conn:
            conn.executemany("INSERT OR REPLACE INTO calendar_day(day, kind, name) VALUES (?, ?, ?)",
                             [(d["date"], d["kind"], d.get("name", "")) for d in days])

    def calendar(self, year: int) -> list[dict[str, str]]:
        rows = self._query("SELECT day, kind, name FROM calendar_day WHERE day LIKE ? ORDER BY day", (f"{year}-%",))
        return [{"date": r[0], "kind": r[1], "name": r[2]} for r in rows]

    # --- admin views --------------------------------------------------------------

    def list_applications(self) -> list[dict[str, Any]]:
        rows = self._query("SELECT uuid, official_no, client_version, server_version, status, payload_sha256, "
                           "device_id, matter_code, matter_version FROM application ORDER BY received_at, uuid")
        keys = ("uuid", "official_no", "version", "server_version", "status", "payload_sha256", "device_id",
                "matter_code", "matter_version")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def list_attachments(self) -> list[dict[str, Any]]:
        rows = self._query("SELECT sha256, size, mime, data FROM attachment ORDER BY sha256")
        return [{"sha256": r[0], "size": r[1], "mime": r[2], "content_ok": hashlib.sha256(r[3]).hexdigest() == r[0]}
                for r in rows]

    def stats(self) -> dict[str, int]:
        out = dict(self._query("SELECT name, value FROM stat"))
        out["applications"] = self._query("SELECT count(*) FROM application")[0][0]
        out["attachments"] = self._query("SELECT count(*) FROM attachment")[0][0]
        out["matters"] = self.matter_count()
        out["devices"] = self._query("SELECT count(*) FROM device")[0][0]
        return out
