"""The reference platform's hall: halls, devices in halls, and each case's ordered event log.

A device joins a hall at enrolment (the code names the hall). Every case of a hall has an
append-only log of events; the platform gives each event the case's next ``version`` and a
position ``seq`` in the hall's change feed. An event based on an older version than the
case's is refused with the current case (409), never applied over it. The case as the hall
sees it is the fold of its events with the same rules the windows use
(``desktop.domain.case_events``): a real platform implements the rules the contract states;
this test double borrows the windows' own implementation of them.

Events are stored with their feed JSON already rendered (``body``), so serving the initial
feed of a large hall is string concatenation, not re-serialisation.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import sqlite3
import uuid as uuidlib
from typing import Any

from desktop.domain.case_events import (
    BIRTH_KINDS,
    CaseEvent,
    EventRefused,
    MalformedEvent,
    apply_event,
    new_state,
    parse_event,
)

DEFAULT_HALL = "H1"
DEFAULT_HALL_NAME = "示例市政务服务中心"
TOMBSTONE = "__tombstone__"
OPEN_STATUSES = ("supplement_requested", "accepted", "transferred")
HALL_UTC_OFFSET = dt.timedelta(hours=8)  # the reference halls keep Beijing time

SCHEMA = """
CREATE TABLE IF NOT EXISTS hall(id TEXT PRIMARY KEY, name TEXT NOT NULL, lookup_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hall_enrol_code(code TEXT PRIMARY KEY, hall_id TEXT NOT NULL, issued_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hall_device(device_id TEXT PRIMARY KEY, hall_id TEXT NOT NULL, window_id TEXT NOT NULL,
    last_seen_at TEXT);
CREATE INDEX IF NOT EXISTS ix_hall_device_hall ON hall_device(hall_id, window_id);
CREATE TABLE IF NOT EXISTS hall_case(id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, hall_id TEXT NOT NULL,
    version INTEGER NOT NULL, status TEXT, acceptance_no TEXT, official_no TEXT, window_id TEXT, applicant_key TEXT,
    immediate INTEGER NOT NULL DEFAULT 0, created_at TEXT, last_event_at TEXT NOT NULL, open INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL, applicant_name TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS ix_hall_case_acceptance ON hall_case(acceptance_no);
CREATE INDEX IF NOT EXISTS ix_hall_case_official ON hall_case(official_no);
CREATE INDEX IF NOT EXISTS ix_hall_case_key ON hall_case(hall_id, applicant_key);
CREATE INDEX IF NOT EXISTS ix_hall_case_scope ON hall_case(hall_id, open, last_event_at);
CREATE TABLE IF NOT EXISTS hall_event(seq INTEGER PRIMARY KEY, hall_id TEXT NOT NULL, case_id INTEGER NOT NULL,
    version INTEGER, event_uuid TEXT UNIQUE, kind TEXT NOT NULL, payload_sha256 TEXT NOT NULL, body TEXT NOT NULL,
    window_id TEXT, device_id TEXT, at TEXT NOT NULL, UNIQUE(case_id, version));
CREATE INDEX IF NOT EXISTS ix_hall_event_feed ON hall_event(hall_id, seq);
CREATE INDEX IF NOT EXISTS ix_hall_event_case ON hall_event(case_id, seq);
"""


class HallError(ValueError):
    """A hall request the platform refuses: ``status`` and ``code`` for the HTTP answer."""

    def __init__(self, status: int, code: str, message: str, case: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.case = status, code, message, case


def setup(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_sha(event: CaseEvent) -> str:
    """The event's identity content: what a retry must repeat (not the base version it was sent on)."""
    wire = event.wire()
    for volatile in ("base_version", "version", "server_at", "platform"):
        wire.pop(volatile, None)
    text = json.dumps(wire, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def applicant_key(lookup_key: str, kind: str, number: str) -> str:
    """The contract's keyed hash: HMAC-SHA256(hall lookup key, '{kind}|{NUMBER}'), hex."""
    message = f"{kind}|{number.strip().upper()}".encode()
    return hmac.new(bytes.fromhex(lookup_key), message, hashlib.sha256).hexdigest()


# --- halls and devices ----------------------------------------------------------------


def ensure_hall(conn: sqlite3.Connection, hall_id: str, name: str = "") -> None:
    conn.execute("INSERT INTO hall(id, name, lookup_key) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING",
                 (hall_id, name or (DEFAULT_HALL_NAME if hall_id == DEFAULT_HALL else f"{hall_id} 政务服务大厅"),
                  secrets.token_hex(32)))


def add_codes(conn: sqlite3.Connection, codes: dict[str, str], now: dt.datetime) -> None:
    for code, hall_id in codes.items():
        ensure_hall(conn, hall_id)
        conn.execute("INSERT INTO hall_enrol_code(code, hall_id, issued_at) VALUES (?, ?, ?) "
                     "ON CONFLICT(code) DO UPDATE SET hall_id = excluded.hall_id", (code, hall_id, iso(now)))


def issue_codes(conn: sqlite3.Connection, hall_id: str, count: int, now: dt.datetime) -> list[str]:
    codes = {f"{hall_id}-{secrets.token_hex(4).upper()}": hall_id for _ in range(count)}
    add_codes(conn, codes, now)
    return list(codes)


def hall_for_code(conn: sqlite3.Connection, code: str) -> str | None:
    row = conn.execute("SELECT hall_id FROM hall_enrol_code WHERE code = ?", (code,)).fetchone()
    return row[0] if row else None


def join(conn: sqlite3.Connection, device_id: str, hall_id: str, window_id: str, now: dt.datetime) -> None:
    conn.execute("INSERT OR REPLACE INTO hall_device(device_id, hall_id, window_id, last_seen_at) VALUES (?, ?, ?, ?)",
                 (device_id, hall_id, window_id, iso(now)))


def device_hall(conn: sqlite3.Connection, device_id: str) -> tuple[str, str] | None:
    """(hall id, window id) of an enrolled device, or None for a device outside every hall."""
    row = conn.execute("SELECT hall_id, window_id FROM hall_device WHERE device_id = ?", (device_id,)).fetchone()
    return (row[0], row[1]) if row else None


def seen(conn: sqlite3.Connection, device_id: str, now: dt.datetime) -> None:
    conn.execute("UPDATE hall_device SET last_seen_at = ? WHERE device_id = ?", (iso(now), device_id))


def hall_info(conn: sqlite3.Connection, hall_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT id, name, lookup_key FROM hall WHERE id = ?", (hall_id,)).fetchone()
    return {"hall_id": row[0], "name": row[1], "lookup_key": row[2], "key_scheme": "hmac-sha256:kind|number",
            "windows": windows(conn, hall_id)}


def windows(conn: sqlite3.Connection, hall_id: str) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT window_id, max(last_seen_at) FROM hall_device WHERE hall_id = ? GROUP BY window_id "
                        "ORDER BY window_id", (hall_id,)).fetchall()
    return [{"window_id": w, "last_seen_at": at} for w, at in rows]


# --- cases ----------------------------------------------------------------------------


def _case_row(conn: sqlite3.Connection, uuid: str) -> tuple | None:
    return conn.execute("SELECT id, hall_id, version, state, deleted, applicant_name FROM hall_case WHERE uuid = ?",
                        (uuid,)).fetchone()


def case_json(conn: sqlite3.Connection, case_id: int, *, with_name: bool = False) -> dict[str, Any]:
    """A case as the contract's HallCase: its version and every event in order."""
    uuid, version, deleted, name = conn.execute(
        "SELECT uuid, version, deleted, applicant_name FROM hall_case WHERE id = ?", (case_id,)).fetchone()
    rows = conn.execute("SELECT body, version FROM hall_event WHERE case_id = ? AND kind NOT IN (?, 'raw') "
                        "ORDER BY seq", (case_id, TOMBSTONE)).fetchall()
    out: dict[str, Any] = {"uuid": uuid, "version": version, "deleted": bool(deleted),
                           "events": [json.loads(b) for b, v in rows if v is not None],
                           "refused": [json.loads(b) for b, v in rows if v is None]}
    if with_name and name:
        out["applicant_name"] = name
    return out


def find_cases(conn: sqlite3.Connection, hall_id: str, *, number: str = "", key: str = "") -> list[int]:
    """Case ids for a number (acceptance or official) or an applicant key; raises for another hall's case."""
    if key:
        rows = conn.execute("SELECT id FROM hall_case WHERE hall_id = ? AND applicant_key = ? AND deleted = 0 "
                            "ORDER BY last_event_at DESC LIMIT 50", (hall_id, key)).fetchall()
        return [r[0] for r in rows]
    short = number[-12:].lower() if len(number) in (12, 15) and number[-12:].isalnum() else ""
    if short and (len(number) == 12 or number[:3] in ("BZ-", "BY-", "CL-")):  # a paper's short case label
        rows = conn.execute("SELECT id, hall_id FROM hall_case WHERE lower(replace(uuid, '-', '')) LIKE ? "
                            "AND deleted = 0 LIMIT 2", (short + "%",)).fetchall()
    else:
        rows = conn.execute("SELECT id, hall_id FROM hall_case WHERE (acceptance_no = ? OR official_no = ?) "
                            "AND deleted = 0", (number, number)).fetchall()
    if rows and all(r[1] != hall_id for r in rows):
        raise HallError(403, "other_hall", f"编号为 {number} 的办件属于其他政务服务大厅，不能在本大厅办理。")
    return [r[0] for r in rows if r[1] == hall_id]


def get_case(conn: sqlite3.Connection, hall_id: str, uuid: str) -> dict[str, Any]:
    row = _case_row(conn, uuid)
    if row is None:
        raise HallError(404, "unknown_case", "中心平台没有该办件。")
    if row[1] != hall_id:
        raise HallError(403, "other_hall", "该办件属于其他政务服务大厅，不能在本大厅办理。")
    return case_json(conn, row[0], with_name=True)


def _store_event(conn: sqlite3.Connection, hall_id: str, case_id: int, version: int | None, event: CaseEvent,
                 device_id: str, seq: int, now: dt.datetime, sha: str) -> dict[str, Any]:
    body = event.wire()
    body["version"] = version
    body["server_at"] = iso(now)
    body["seq"] = seq
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    conn.execute("INSERT INTO hall_event(seq, hall_id, case_id, version, event_uuid, kind, payload_sha256, body, "
                 "window_id, device_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (seq, hall_id, case_id, version, event.event_uuid, event.kind, sha, text, event.window_id,
                  device_id, iso(now)))
    return body


def _save_case(conn: sqlite3.Connection, case_id: int, state: dict[str, Any], now: dt.datetime) -> None:
    status = state.get("status")
    conn.execute("UPDATE hall_case SET version = ?, status = ?, acceptance_no = ?, official_no = ?, window_id = ?, "
                 "applicant_key = ?, immediate = ?, created_at = ?, last_event_at = ?, open = ?, state = ? "
                 "WHERE id = ?",
                 (state["version"], status, state.get("acceptance_no"), state.get("official_no"),
                  state.get("window_id"), state.get("applicant_key"), int(bool(state.get("immediate"))),
                  state.get("created_at"), iso(now),
                  int(status in OPEN_STATUSES and not state.get("withdrawn_at")),
                  json.dumps(state, ensure_ascii=False, sort_keys=True), case_id))


def _state_of(text: str) -> dict[str, Any]:
    state = json.loads(text)
    state["materials"] = {int(k): v for k, v in (state.get("materials") or {}).items()}
    return state


def _next_seq(conn: sqlite3.Connection) -> int:
    conn.execute("INSERT INTO counter(name, value) VALUES ('hall_seq', 1) "
                 "ON CONFLICT(name) DO UPDATE SET value = value + 1")
    return conn.execute("SELECT value FROM counter WHERE name = 'hall_seq'").fetchone()[0]


def append(conn: sqlite3.Connection, hall_id: str, device_id: str, raw: Any, now: dt.datetime, *,
           platform: dict[str, str] | None = None, applicant_name: str = "") -> dict[str, Any]:
    """Append one event to its case (creating the case for a birth); returns {event, case_version, result}.

    Raises :class:`HallError`: 400 malformed, 403 another hall's case, 404 unknown case,
    409 ``stale_version`` / ``refused`` / ``idempotency_conflict`` — the 409s carry the current case.
    """
    try:
        event = parse_event(raw)
    except MalformedEvent as exc:
        raise HallError(400, "malformed_event", f"事件格式不正确：{exc}") from None
    if platform:
        event = CaseEvent(**{**event.__dict__, "platform": {**event.platform, **platform}})
    sha = event_sha(event)
    if isinstance(raw, dict) and isinstance(raw.get("refused"), dict):
        return _keep_refused(conn, hall_id, device_id, event, raw["refused"], now, sha)
    held = conn.execute("SELECT e.payload_sha256, e.version, c.version, e.body FROM hall_event e "
                        "JOIN hall_case c ON c.id = e.case_id WHERE e.event_uuid = ?", (event.event_uuid,)).fetchone()
    if held:
        if held[0] != sha:
            raise HallError(409, "idempotency_conflict", "同一事件编号已用于不同的内容。")
        return {"result": "duplicate", "event": json.loads(held[3]), "case_version": held[2]}
    row = _case_row(conn, event.case_uuid)
    if row is None:
        if event.kind not in BIRTH_KINDS or event.base_version not in (None, 0):
            raise HallError(404, "unknown_case", "中心平台没有该办件。")
        conn.execute("INSERT INTO hall_case(uuid, hall_id, version, last_event_at, open, state, applicant_name) "
                     "VALUES (?, ?, 0, ?, 0, ?, ?)",
                     (event.case_uuid, hall_id, iso(now), json.dumps(new_state(event.case_uuid)), applicant_name))
        row = _case_row(conn, event.case_uuid)
        assert row is not None
    case_id, case_hall, version, state_text, deleted, _name = row
    if case_hall != hall_id:
        raise HallError(403, "other_hall", "该办件属于其他政务服务大厅，不能在本大厅办理。")
    if deleted:
        raise HallError(404, "unknown_case", "该办件已从中心平台删除。")
    if (event.base_version or 0) != version:
        raise HallError(409, "stale_version", f"该办件已被更新（当前第 {version} 版），本次操作未被采用。",
                        case_json(conn, case_id))
    numbered = CaseEvent(**{**event.__dict__, "version": version + 1, "server_at": now.replace(tzinfo=None)})
    try:
        state = apply_event(_state_of(state_text), numbered)
    except EventRefused as exc:
        raise HallError(409, "refused", str(exc), case_json(conn, case_id)) from None
    body = _store_event(conn, hall_id, case_id, version + 1, numbered, device_id, _next_seq(conn), now, sha)
    _save_case(conn, case_id, state, now)
    if applicant_name:
        conn.execute("UPDATE hall_case SET applicant_name = ? WHERE id = ?", (applicant_name, case_id))
    return {"result": "created", "event": body, "case_version": version + 1}


def _keep_refused(conn: sqlite3.Connection, hall_id: str, device_id: str, event: CaseEvent, refused: dict[str, Any],
                  now: dt.datetime, sha: str) -> dict[str, Any]:
    """A window reports its event that another window's came before: kept (once) for the supervisor,
    outside the case's ordered versions."""
    held = conn.execute("SELECT body FROM hall_event WHERE event_uuid = ?", (event.event_uuid,)).fetchone()
    if held:
        return {"result": "duplicate", "event": json.loads(held[0]), "case_version": None}
    row = _case_row(conn, event.case_uuid)
    if row is None:
        raise HallError(404, "unknown_case", "中心平台没有该办件。")
    if row[1] != hall_id:
        raise HallError(403, "other_hall", "该办件属于其他政务服务大厅，不能在本大厅办理。")
    body = event.wire()
    body.update(version=None, server_at=iso(now), refused={"by": str(refused.get("by") or ""),
                                                             "message": str(refused.get("message") or "")[:300]})
    seq = _next_seq(conn)
    body["seq"] = seq
    conn.execute("INSERT INTO hall_event(seq, hall_id, case_id, version, event_uuid, kind, payload_sha256, body, "
                 "window_id, device_id, at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)",
                 (seq, hall_id, row[0], event.event_uuid, event.kind, sha,
                  json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")), event.window_id,
                  device_id, iso(now)))
    return {"result": "kept", "event": body, "case_version": row[2]}


def check_embedded(conn: sqlite3.Connection, hall_id: str, events: list[Any]) -> HallError | None:
    """Would these events (carried by an application push) be taken? Checked before anything is written."""
    versions: dict[str, int] = {}
    states: dict[str, dict[str, Any]] = {}
    for raw in events:
        try:
            event = parse_event(raw)
        except MalformedEvent as exc:
            return HallError(400, "malformed_event", f"办件所附事件格式不正确：{exc}")
        if conn.execute("SELECT 1 FROM hall_event WHERE event_uuid = ?", (event.event_uuid,)).fetchone():
            continue
        row = _case_row(conn, event.case_uuid)
        if row is not None and row[1] != hall_id:
            return HallError(403, "other_hall", "该办件属于其他政务服务大厅。")
        current = versions.get(event.case_uuid, row[2] if row else 0)
        if (event.base_version or 0) != current:
            message = f"该办件已被其他窗口更新（平台第 {current} 版），本机的操作未被采用。"
            return HallError(409, "stale_case_version", message, case_json(conn, row[0]) if row else None)
        state = states.get(event.case_uuid) or (_state_of(row[3]) if row else None)
        try:
            states[event.case_uuid] = apply_event(state, CaseEvent(**{**event.__dict__, "version": current + 1}))
        except EventRefused as exc:
            return HallError(409, "refused", f"办件所附事件不符合办件当前状态：{exc}",
                             case_json(conn, row[0]) if row else None)
        versions[event.case_uuid] = current + 1
    return None


def platform_event(conn: sqlite3.Connection, uuid: str, kind: str, data: dict[str, Any], now: dt.datetime,
                   note: str = "") -> dict[str, Any] | None:
    """An event made by the platform itself (transfer, completion, result ready); None if the case is unknown."""
    row = _case_row(conn, uuid)
    if row is None:
        return None
    raw = {"event_uuid": str(uuidlib.uuid4()), "case_uuid": uuid, "kind": kind,
           "at": iso(now), "window_id": "", "clerk": "", "base_version": row[2],
           "data": {**data, **({"note": note} if note else {})}}
    return append(conn, row[1], "platform", raw, now)


def tombstone(conn: sqlite3.Connection, uuid: str, now: dt.datetime) -> bool:
    row = _case_row(conn, uuid)
    if row is None or row[4]:
        return False
    body = json.dumps({"case_uuid": uuid, "version": row[2], "deleted_at": iso(now)}, separators=(",", ":"))
    conn.execute("INSERT INTO hall_event(seq, hall_id, case_id, version, event_uuid, kind, payload_sha256, body, "
                 "window_id, device_id, at) VALUES (?, ?, ?, NULL, NULL, ?, '', ?, '', 'platform', ?)",
                 (_next_seq(conn), row[1], row[0], TOMBSTONE, body, iso(now)))
    conn.execute("UPDATE hall_case SET deleted = 1, open = 0, last_event_at = ? WHERE id = ?", (iso(now), row[0]))
    return True


def raw_event(conn: sqlite3.Connection, uuid: str, body: str, now: dt.datetime) -> int:
    """Admin: put an arbitrary text into the feed after the case's events (to test a window's defences)."""
    row = _case_row(conn, uuid)
    if row is None:
        raise HallError(404, "unknown_case", "no such case")
    seq = _next_seq(conn)
    conn.execute("INSERT INTO hall_event(seq, hall_id, case_id, version, event_uuid, kind, payload_sha256, body, "
                 "window_id, device_id, at) VALUES (?, ?, ?, NULL, NULL, 'raw', '', ?, '', 'admin', ?)",
                 (seq, row[1], row[0], body, iso(now)))
    return seq


def local_day(iso_text: str | None) -> str | None:
    if not iso_text:
        return None
    moment = dt.datetime.fromisoformat(iso_text.replace("Z", "+00:00"))
    return (moment.astimezone(dt.UTC).replace(tzinfo=None) + HALL_UTC_OFFSET).date().isoformat()


def day_report(conn: sqlite3.Connection, hall_id: str, day: str) -> dict[str, dict[str, int]]:
    """The platform's own count of a hall day's cases (by intake day, hall time), per window and status."""
    out: dict[str, dict[str, int]] = {}
    for window, status, immediate, created in conn.execute(
            "SELECT window_id, status, immediate, created_at FROM hall_case WHERE hall_id = ? AND deleted = 0",
            (hall_id,)):
        if local_day(created) != day:
            continue
        bucket = "immediate_done" if status == "completed" and immediate else status
        per = out.setdefault(window, {})
        per[bucket] = per.get(bucket, 0) + 1
    return out


# --- events carried by an application push --------------------------------------------


def embedded_conflict(conn: sqlite3.Connection, device_id: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The push result refusing an application whose carried events came too late, else None."""
    events = payload.get("case_events")
    membership = device_hall(conn, device_id) if events else None
    if not events or membership is None:
        return None
    if not isinstance(events, list):
        return {"result": "rejected", "code": "malformed_event", "reason": "办件所附事件格式不正确。"}
    problem = check_embedded(conn, membership[0], events)
    if problem is None:
        return None
    result: dict[str, Any] = {"result": "rejected" if problem.status == 400 else "conflict",
                              "code": problem.code, "reason": problem.message}
    if problem.case is not None:
        result["case"] = problem.case
    return result


def embedded_append(conn: sqlite3.Connection, device_id: str, payload: dict[str, Any], official_no: str,
                    now: dt.datetime) -> list[dict[str, Any]]:
    """Append the events an accepted application push carries; the birth gets the platform's numbers."""
    events = payload.get("case_events")
    membership = device_hall(conn, device_id) if events else None
    if not events or membership is None:
        return []
    hall_id = membership[0]
    lookup = conn.execute("SELECT lookup_key FROM hall WHERE id = ?", (hall_id,)).fetchone()[0]
    applicant = payload.get("applicant") if isinstance(payload.get("applicant"), dict) else {}
    number = str(applicant.get("id_number") or "")
    platform = {"official_no": official_no}
    if number:
        platform["applicant_key"] = applicant_key(lookup, str(applicant.get("kind") or "person"), number)
    results = []
    for raw in events:
        results.append(append(conn, hall_id, device_id, raw, now, platform=platform,
                              applicant_name=str(applicant.get("name") or "")))
    return [{"event_uuid": r["event"]["event_uuid"], "version": r["event"]["version"]} for r in results]
