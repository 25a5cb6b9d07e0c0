"""A synthetic hall on the reference server: many windows, many days of cases with their events.

``POST /admin/hall/generate {"hall": "H1", "windows": 30, "days": 90, "per_day": 55, "seed": 1}``
writes cases the way windows would have made them (births, supplements received at another
window, platform completions, results handed over), each event folded with the hall's rules so
the server's own case view is right, in one transaction. It is the yardstick data of the hall
feed benchmark (and of the demo's busy hall), not a test of the rules.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import uuid as uuidlib
from typing import Any

from desktop.domain.case_events import apply_event, new_state, parse_event
from tests.central_server.hall_store import OPEN_STATUSES, ensure_hall, iso

MATTERS = [(f"GEN-SC-{i:03d}", f"生成事项{i}号", f"部门{i % 12}", i % 4 == 0, 0 if i % 4 == 0 else 5 + i % 10)
           for i in range(40)]
NAMES = "张王李赵刘陈杨黄周吴"


def _uuid(rng: random.Random) -> str:
    return str(uuidlib.UUID(int=rng.getrandbits(128), version=4))


def _event(rng: random.Random, case: str, kind: str, at: dt.datetime, window: str, clerk: str, base: int,
           data: dict[str, Any]) -> dict[str, Any]:
    return {"event_uuid": _uuid(rng), "case_uuid": case, "kind": kind, "at": iso(at), "window_id": window,
            "clerk": clerk, "clerk_name": f"{window}窗口{clerk[-1]}", "base_version": base, "data": data}


def _case_events(rng: random.Random, case: str, window: str, clerk: str, day_start: dt.datetime, number: str,
                 other_window: str) -> list[dict[str, Any]]:
    code, name, dept, immediate, promised = rng.choice(MATTERS)
    created = day_start + dt.timedelta(minutes=rng.randrange(0, 480))
    decided = created + dt.timedelta(minutes=rng.randrange(3, 25))
    supplement = not immediate and rng.random() < 0.12
    materials = [{"seq": s, "name": f"材料{s}", "required": s < 3, "form_expected": "copy", "copies_expected": 1,
                  "deferrable": s == 2, "state": "missing" if supplement and s == 2 else "provided",
                  "provided_form": "" if supplement and s == 2 else "copy",
                  "provided_copies": 0 if supplement and s == 2 else 1, "deferred_until": None,
                  "certificate_ref": None, "pages": []} for s in (1, 2, 3)]
    status = "supplement_requested" if supplement else ("rejected" if rng.random() < 0.04 else "accepted")
    birth = {"acceptance_no": number, "matter_code": code, "matter_version": 1, "matter_name": name,
             "department": dept, "immediate": immediate, "promised_days": promised, "window_id": window,
             "clerk": clerk, "clerk_name": f"{window}窗口{clerk[-1]}", "status": status,
             "created_at": iso(created), "decided_at": iso(decided),
             "accepted_at": iso(decided) if status == "accepted" else None, "completed_at": None,
             "due_date": (decided.date() + dt.timedelta(days=promised + 2)).isoformat() if status == "accepted" else None,
             "supplement_due": (decided.date() + dt.timedelta(days=14)).isoformat() if supplement else None,
             "paused_working_days": 0, "supplement_note": "", "rejection_reason": "不符合受理条件" if status == "rejected" else "",
             "applicant": {"kind": "person", "name": rng.choice(NAMES) + "*" + rng.choice("伟芳娜敏静"),
                           "id_masked": f"6201**********{rng.randrange(1000, 9999)}"}}
    events = [_event(rng, case, status, decided, window, clerk, 0, {"case": birth, "materials": materials})]
    if immediate and status == "accepted":
        events.append(_event(rng, case, "completed_at_window", decided, window, clerk, 1,
                             {"case": {"status": "completed", "completed_at": iso(decided)}}))
    elif supplement and rng.random() < 0.6:
        later = decided + dt.timedelta(days=rng.randrange(1, 5), minutes=rng.randrange(0, 300))
        events.append(_event(rng, case, "supplement_received", later, other_window, "clerk2", 1,
                             {"case": {"status": "accepted", "accepted_at": iso(later), "decided_at": iso(later),
                                       "due_date": (later.date() + dt.timedelta(days=promised + 2)).isoformat()},
                              "materials": [{"seq": 2, "state": "provided", "provided_form": "copy",
                                             "provided_copies": 1}]}))
    return events


def generate(conn: sqlite3.Connection, request: dict[str, Any], now: dt.datetime) -> dict[str, int]:
    hall_id = str(request.get("hall") or "H1")
    windows = [f"W{i:02d}" for i in range(1, int(request.get("windows", 30)) + 1)]
    days, per_day = int(request.get("days", 90)), int(request.get("per_day", 55))
    rng = random.Random(int(request.get("seed", 1)))
    ensure_hall(conn, hall_id)
    case_id = conn.execute("SELECT coalesce(max(id), 0) FROM hall_case").fetchone()[0]
    seq = conn.execute("SELECT coalesce(max(value), 0) FROM counter WHERE name = 'hall_seq'").fetchone()[0]
    cases, events = [], []
    today = now.date()
    backs = [0] if request.get("today") else list(range(days, 0, -1))  # "today": the cases of this very day
    for back in backs:
        day = today - dt.timedelta(days=back)
        if day.weekday() >= 5 and not request.get("today"):
            continue
        start = dt.datetime(day.year, day.month, day.day, 1, 0, tzinfo=dt.UTC)  # 09:00 in the hall
        for w, window in enumerate(windows):
            for n in range(per_day):
                case = _uuid(rng)
                number = f"620100-{window}-{day:%Y%m%d}-{n + 1 + (5000 if request.get('today') else 0):04d}"
                raw = _case_events(rng, case, window, f"clerk{w % 2 + 1}", start, number,
                                   windows[(w + 1) % len(windows)])
                case_id += 1
                state = new_state(case)
                for version, body in enumerate(raw, start=1):
                    event = parse_event(body)
                    server_at = event.at + dt.timedelta(seconds=rng.randrange(5, 600))
                    numbered = type(event)(**{**event.__dict__, "version": version, "server_at": server_at})
                    platform = {"official_no": f"620100{day:%Y%m%d}{case_id:08d}"} if version == 1 else {}
                    if platform:
                        numbered = type(event)(**{**numbered.__dict__, "platform": platform})
                    state = apply_event(state, numbered)
                    seq += 1
                    wire = numbered.wire()
                    wire["seq"] = seq
                    events.append((seq, hall_id, case_id, version, event.event_uuid, event.kind, "",
                                   json.dumps(wire, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                                   event.window_id, "generated", wire["server_at"]))
                status = state.get("status")
                cases.append((case_id, case, hall_id, state["version"], status, state.get("acceptance_no"),
                              state.get("official_no"), window, None, int(bool(state.get("immediate"))),
                              state.get("created_at"), events[-1][10],
                              int(status in OPEN_STATUSES), json.dumps(state, ensure_ascii=False, sort_keys=True,
                                                                       default=str)))
    conn.executemany("INSERT INTO hall_case(id, uuid, hall_id, version, status, acceptance_no, official_no, "
                     "window_id, applicant_key, immediate, created_at, last_event_at, open, state) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cases)
    conn.executemany("INSERT INTO hall_event(seq, hall_id, case_id, version, event_uuid, kind, payload_sha256, "
                     "body, window_id, device_id, at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", events)
    conn.execute("INSERT INTO counter(name, value) VALUES ('hall_seq', ?) "
                 "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (seq,))
    for window in windows:
        conn.execute("INSERT OR IGNORE INTO hall_device(device_id, hall_id, window_id, last_seen_at) "
                     "VALUES (?, ?, ?, ?)", (f"gen-{hall_id}-{window}", hall_id, window, iso(now)))
    return {"cases": len(cases), "events": len(events)}
