"""Bulk seeding for benchmark-sized data (a million applications in a few minutes).

It replays the same plan as :mod:`demo_replay` but writes with ``executemany`` on one raw
connection, in chunks, with foreign-key checks and fsync off (a seed can simply be redone).
It stays honest by building every row with the services' own builders (:mod:`intake_rows`:
draft row, material snapshot, checklist columns, transition/acceptance/supplement/rejection
columns, event row, payload, outbox row; the audit chain with :mod:`audit`'s digest), by
following the decisions' order of steps, and ``tests/unit/intake/test_demo_seed.py`` compares
a bulk-seeded case with a service-seeded one column by column.

What it leaves out on purpose: outbox rows already delivered and older than the retention
window (see ``demo_seed.settle_delivered``) are never written, instead of written and deleted.
"""
from __future__ import annotations

import datetime as dt
import json
import operator
import re
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Boolean, Date, DateTime, Table
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.domain.calendar import WorkCalendar
from desktop.domain.hall_clock import HallClock
from desktop.domain.idnumbers import check_resident_id
from desktop.domain.masking import mask_id_number, mask_text
from desktop.services.audit import GENESIS, _digest
from desktop.services.demo.plan import MatterInfo, PlannedCase
from desktop.services.hall.recorder import DecisionEvents
from desktop.services.hall.state import state_of
from desktop.services.intake.acceptance_numbers import HighWaterMark
from desktop.services.intake.applicants import PartyData
from desktop.services.intake.builders import (
    acceptance_columns,
    audit_detail,
    build_payload,
    draft_row,
    event_row,
    material_payload,
    material_snapshot,
    outbox_row,
    party_columns,
    party_snapshot,
    payload_text,
    provided_material,
    rejection_columns,
    supplement_columns,
    transition_columns,
)
from desktop.services.intake.decisions import IMMEDIATE_NOTE, SUPPLEMENT_WORKING_DAYS, supplement_event_note
from desktop.store.base import stored_text
from desktop.store.hall_models import CaseEvent
from desktop.store.models import (
    AcceptanceSequence,
    Applicant,
    Application,
    ApplicationEvent,
    ApplicationMaterial,
    ApplicationParty,
    AuditEvent,
    Outbox,
)

CHUNK = 20_000
_MAYBE_PERSONAL = re.compile(r"\d{11}|[0-9A-Za-z]{15}|[Bb][Ee][Aa][Rr][Ee][Rr]|[Tt][Oo][Kk][Ee][Nn]")
_DETAIL_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)  # as audit.record dumps it
_FORM_JSON = json.JSONEncoder(ensure_ascii=False)  # as IntakeService.start_draft dumps the form


def _masked(text: str) -> str:
    """mask_text, skipped when nothing in the text could be masked (it is 10x the cost of this test)."""
    return mask_text(text) if _MAYBE_PERSONAL.search(text) else text


def _fmt_datetime(v: dt.datetime | None) -> str | None:
    return None if v is None else stored_text(v)


def _fmt_date(v: dt.date | None) -> str | None:
    return None if v is None else v.isoformat()


class _Rows:
    """Column order, SQLite conversions and defaults of one table, for executemany."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.names = [c.name for c in table.columns]
        quoted = ", ".join(f'"{n}"' for n in self.names)  # some names are SQL keywords (deferrable)
        marks = ", ".join("?" * len(self.names))
        self.sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
        convert: dict[str, Callable[[Any], Any]] = {}
        for c in table.columns:
            if isinstance(c.type, DateTime):
                convert[c.name] = _fmt_datetime
            elif isinstance(c.type, Date):
                convert[c.name] = _fmt_date
            elif isinstance(c.type, Boolean):
                convert[c.name] = lambda v: None if v is None else int(bool(v))
        self.convert = convert
        self.defaults = {c.name: c.default.arg for c in table.columns
                         if isinstance(c.default, ScalarElementColumnDefault)}  # what .is_scalar tells apart
        for c in table.columns:  # every other column must come from the builders (or be nullable)
            if c.name not in self.defaults and (c.nullable or c.primary_key):
                self.defaults[c.name] = None
        self.pick = operator.itemgetter(*self.names)
        self.conversions = [(i, convert[n]) for i, n in enumerate(self.names) if n in convert]
        self.pending: list[Any] = []

    def add(self, values: dict[str, Any]) -> None:
        row = list(self.pick({**self.defaults, **values}))
        for i, f in self.conversions:
            row[i] = f(row[i])
        self.pending.append(row)

    def flush(self, conn: sqlite3.Connection) -> None:
        if self.pending:
            conn.executemany(self.sql, self.pending)
            self.pending.clear()


class BulkWriter:
    def __init__(self, conn: sqlite3.Connection, *, region: str, calendar: WorkCalendar, clock: HallClock,
                 matters: Sequence[MatterInfo], parties: Sequence[PartyData], clerks: Sequence[tuple[int, str]],
                 delivered_before: dt.datetime, keep_outbox_after: dt.datetime) -> None:
        self.conn, self.region, self.calendar, self.clock = conn, region, calendar, clock
        self.matters, self.parties, self.clerks = matters, parties, clerks
        self.delivered_before, self.keep_outbox_after = delivered_before, keep_outbox_after
        self.t = {name: _Rows(cast(Table, model.__table__)) for name, model in (
            ("app", Application), ("mat", ApplicationMaterial), ("evt", ApplicationEvent), ("aud", AuditEvent),
            ("box", Outbox), ("ppl", Applicant), ("pty", ApplicationParty), ("cev", CaseEvent))}
        self.next_id = {k: self._max_id(v.table.name) + 1 for k, v in self.t.items()
                        if k in ("app", "mat", "ppl", "pty")}
        self.next_id["box"] = self._max_id("outbox") + 1
        last = conn.execute("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        self.prev_hash = last[0] if last else GENESIS
        self.seqs: dict[tuple[str, dt.date], int] = {
            (w, dt.date.fromisoformat(d)): n for w, d, n in conn.execute(
                "SELECT window_id, day, last_seq FROM acceptance_sequence")}
        self.applicants: dict[int, dict[str, Any]] = {}  # party index -> applicant row (written at the end)
        self.snapshots = [[material_snapshot(m) for m in matter.materials] for matter in matters]
        self._due_cache: dict[tuple[dt.date, int], dt.date] = {}
        self.clerk_names: dict[int, str] = dict(conn.execute('SELECT id, display_name FROM "user"').fetchall())
        self._events: DecisionEvents | None = None  # the case events of the decision being written
        self._event_count: dict[int, int] = {}  # events written per application (their base versions)

    def _max_id(self, table: str) -> int:
        return self.conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]

    def _due(self, day: dt.date, n: int) -> dt.date:
        key = (day, n)
        if key not in self._due_cache:
            self._due_cache[key] = self.calendar.add_working_days(day, n)
        return self._due_cache[key]

    # --- the steps, in the order the services take them -------------------------------

    def _audit(self, at: dt.datetime, actor: str, action: str, target: str, detail: dict[str, Any]) -> None:
        text = _masked(_DETAIL_JSON.encode(detail))
        target = _masked(target)
        digest = _digest(stored_text(at), actor, action, target, text, self.prev_hash)
        self.t["aud"].add({"at": at, "actor": actor, "action": action, "target": target, "detail": text,
                           "prev_hash": self.prev_hash, "hash": digest})
        self.prev_hash = digest

    def _party(self, index: int, now: dt.datetime) -> dict[str, Any]:
        row = self.applicants.get(index)
        if row is None:
            party = self.parties[index]
            check = check_resident_id(party.id_number, today=self.clock.date_of(now)) if party.kind == "person" else None
            row = {"id": self.next_id["ppl"], "kind": party.kind, "name": party.name, "id_number": party.id_number,
                   "id_masked": mask_id_number(party.id_number), "phone": party.phone, "address": party.address,
                   "birth_date": check.birth_date if check else None, "sex": check.sex if check else "",
                   "ethnicity": party.ethnicity, "legal_rep": party.legal_rep, "created_at": now}
            self.next_id["ppl"] += 1
            self.applicants[index] = row
        row["updated_at"] = now
        return row

    def _number(self, app: dict[str, Any], day: dt.date) -> None:
        if not app["acceptance_no"]:
            key = (app["window_id"], day)
            self.seqs[key] = self.seqs.get(key, 0) + 1
            app["acceptance_no"] = f"{self.region}-{app['window_id']}-{day.isoformat().replace('-', '')}-{self.seqs[key]:04d}"

    def _view(self, plan: PlannedCase, app: dict, mats: list[dict]) -> dict[str, Any]:
        applicant = self.applicants.get(plan.applicant)
        agent = self.applicants.get(plan.agent) if plan.agent is not None else None
        clerk = self.clerks[plan.clerk]
        return state_of(app, mats, applicant=applicant, agent=agent, clerk=clerk[1],
                        clerk_name=self.clerk_names.get(clerk[0]) or clerk[1])

    def _decide(self, plan: PlannedCase, app: dict, mats: list[dict], now: dt.datetime, to: str, note: str,
                clerk: tuple[int, str]) -> None:
        frm = app["status"]
        if self._events is None:  # as the services do: the case's hall view before the decision
            self._events = DecisionEvents(frm, lambda: self._view(plan, app, mats))
        self._events.moving()
        self.t["evt"].add({"id": None, **event_row(app["id"], frm, to, now, clerk[0], note)})
        app.update(transition_columns(to, now))
        self._events.moved(frm, to, note)

    def _finish(self, plan: PlannedCase, app: dict, mats: list[dict], now: dt.datetime, action: str,
                extra: dict[str, Any], clerk: tuple[int, str], versions: list[int]) -> None:
        self._audit(now, clerk[1], action, app["acceptance_no"] or app["uuid"],
                    audit_detail(app["uuid"], app["matter_code"], app["status"], extra))
        version = len(versions) + 1
        versions.append(version)
        app["local_version"] = version
        app["sync_state"] = "pending"
        assert self._events is not None
        done = self._event_count.get(app["id"], 0)
        events = self._events.values(application_id=app["id"], case_uuid=app["uuid"], clerk=clerk[1],
                                     clerk_name=self.clerk_names.get(clerk[0]) or clerk[1], window_id=app["window_id"],
                                     at=now, base=done)
        self._events = None
        self._event_count[app["id"]] = done + len(events)
        if now >= self.keep_outbox_after:
            applicant = self.applicants[plan.applicant]
            agent = self.applicants[plan.agent] if plan.agent is not None else None
            payload = build_payload(app, region_code=self.region, clerk=clerk[1], applicant=applicant, agent=agent,
                                    materials=[material_payload(m) for m in mats])
            payload["case_events"] = [json.loads(e["payload"]) for e in events]
            row = outbox_row(app["id"], app["uuid"], version, payload_text(payload), now)
            row["id"] = self.next_id["box"]
            self.next_id["box"] += 1
            self.t["box"].add(row)
            for event in events:
                event["outbox_id"] = row["id"]
        for event in events:
            self.t["cev"].add(event)

    def _parties(self, plan: PlannedCase, app: dict, now: dt.datetime) -> None:
        row = self._party(plan.applicant, now)
        agent = self._party(plan.agent, now) if plan.agent is not None else None
        app.update(party_columns(row["name"], mask_id_number(row["id_number"]), row["id"],
                                 agent["id"] if agent else None))
        snapshots = app.setdefault("_parties", {})  # the case's own copies, written with the case
        for role, source in (("applicant", row), ("agent", agent)):
            if source is not None and role not in snapshots:
                snapshots[role] = {"id": self.next_id["pty"], "application_id": app["id"], "role": role,
                                   **party_snapshot(source, birth_date=source["birth_date"], sex=source["sex"])}
                self.next_id["pty"] += 1

    def _accept(self, plan, app, mats, now, clerk, versions) -> None:
        today = self.clock.date_of(now)
        paused, start = 0, today
        if app["status"] == "supplement_requested":
            start = self.clock.date_of(app["decided_at"])
            paused = max(0, self.calendar.working_days_between(start, today))
        due = self._due(start, app["promised_days"] + paused)
        self._parties(plan, app, now)
        self._number(app, today)
        app.update(acceptance_columns(now, due, paused))
        self._decide(plan, app, mats, now, "accepted", "", clerk)

    def write_case(self, plan: PlannedCase) -> None:
        matter = self.matters[plan.matter]
        clerk = self.clerks[plan.clerk]
        party = self.parties[plan.applicant]
        agent = self.parties[plan.agent] if plan.agent is not None else None
        now = plan.started_at
        app = draft_row(uuid=str(uuidlib.uuid4()), matter=matter, clerk_id=clerk[0], window_id=plan.window, now=now,
                        draft_json="", applicant_name=party.name[:200],
                        applicant_id_masked=mask_id_number(party.id_number)[:32])
        app["id"] = self.next_id["app"]
        self.next_id["app"] += 1
        mats = [dict(s, application_id=app["id"]) for s in self.snapshots[plan.matter]]
        self._audit(now, clerk[1], "application.draft", app["uuid"], {"matter": matter.code})
        by_seq = {m["seq"]: m for m in mats}
        for seq, state, until in plan.states:
            by_seq[seq].update(provided_material(by_seq[seq], state, deferred_until=until))
            app["updated_at"] = now
        versions: list[int] = []
        now = plan.decided_at
        outcome = plan.outcome
        if outcome == "accept":
            self._accept(plan, app, mats, now, clerk, versions)
            self._finish(plan, app, mats, now, "application.accept",
                         {"due_date": app["due_date"], "paused_days": app["paused_working_days"]}, clerk, versions)
        elif outcome == "immediate":
            self._accept(plan, app, mats, now, clerk, versions)
            self._decide(plan, app, mats, now, "completed", IMMEDIATE_NOTE, clerk)
            app["completed_at"] = now
            self._finish(plan, app, mats, now, "application.complete", {"immediate": True}, clerk, versions)
        elif outcome == "reject":
            self._reject(plan, app, mats, now, clerk, versions)
        elif outcome.startswith("supplement"):
            self._supplement(plan, app, mats, now, clerk, versions)
            if plan.resumed_at is not None:
                now = plan.resumed_at
                self._events = DecisionEvents(app["status"], lambda: self._view(plan, app, mats))
                if outcome == "supplement_accept":
                    for m in mats:
                        if m["state"] == "missing" and m["required"]:
                            m.update(provided_material(m, "provided"))
                            app["updated_at"] = now
                    self._accept(plan, app, mats, now, clerk, versions)
                    self._finish(plan, app, mats, now, "application.accept",
                                 {"due_date": app["due_date"], "paused_days": app["paused_working_days"]}, clerk,
                                 versions)
                else:
                    self._reject(plan, app, mats, now, clerk, versions)
        if app["status"] in ("draft", "supplement_requested"):  # the form is kept only while the case is open
            app["draft_json"] = _FORM_JSON.encode({"applicant": party.to_dict(),
                                                   "agent": agent.to_dict() if agent else None})
        if app["sync_state"] == "pending" and now < self.delivered_before:
            app.update(sync_state="synced", server_version=app["local_version"], server_status=app["status"],
                       server_updated_at=app["decided_at"])
        for m in mats:
            m["id"] = self.next_id["mat"]
            self.next_id["mat"] += 1
            self.t["mat"].add(m)
        for snapshot in app.pop("_parties", {}).values():
            self.t["pty"].add(snapshot)
        self.t["app"].add(app)

    def _supplement(self, plan, app, mats, now, clerk, versions) -> None:
        today = self.clock.date_of(now)
        missing = sorted((m for m in mats if m["required"] and m["state"] not in ("provided", "deferred", "certificate")),
                         key=lambda m: m["seq"])
        due = self._due(today, SUPPLEMENT_WORKING_DAYS)
        self._parties(plan, app, now)
        self._number(app, today)
        for m in missing:
            m.update(state="missing", provided_form="", provided_copies=0)
        app.update(supplement_columns(due, ""))
        self._decide(plan, app, mats, now, "supplement_requested", supplement_event_note([m["name"] for m in missing]),
                     clerk)
        self._finish(plan, app, mats, now, "application.supplement", {"missing": len(missing), "supplement_due": due},
                     clerk, versions)

    def _reject(self, plan, app, mats, now, clerk, versions) -> None:
        self._parties(plan, app, now)
        self._number(app, self.clock.date_of(now))
        app.update(rejection_columns(plan.reason))
        self._decide(plan, app, mats, now, "rejected", plan.reason, clerk)
        self._finish(plan, app, mats, now, "application.reject", {}, clerk, versions)

    # --- driving ----------------------------------------------------------------------

    def flush(self) -> None:
        for key in ("app", "pty", "mat", "evt", "aud", "box", "cev"):
            self.t[key].flush(self.conn)

    def write_all(self, plans: Iterable[PlannedCase], progress: Callable[[int], None] | None = None) -> int:
        n = 0
        self.conn.execute("BEGIN IMMEDIATE")
        for plan in plans:
            self.write_case(plan)
            n += 1
            if n % CHUNK == 0:
                self.flush()
                self.conn.execute("COMMIT")
                if progress:
                    progress(n)
                self.conn.execute("BEGIN IMMEDIATE")
        self.flush()
        for row in self.applicants.values():
            self.t["ppl"].add(row)
        self.t["ppl"].flush(self.conn)
        seq_rows = _Rows(cast(Table, AcceptanceSequence.__table__))
        self.conn.execute("DELETE FROM acceptance_sequence")
        for (window, day), last in self.seqs.items():
            seq_rows.add({"window_id": window, "day": day, "last_seq": last})
        seq_rows.flush(self.conn)
        self.conn.execute("COMMIT")
        return n

    def record_high_water(self, data_dir, *, since: dt.date) -> None:
        """Raise the restore-proof mark to the seeded sequences (recent days: older ones are pruned)."""
        mark = HighWaterMark(data_dir)
        for (window, day), last in sorted(self.seqs.items(), key=lambda kv: kv[0][1]):
            if day >= since:
                mark.set(window, day, last)
