"""Report facts: what the supervisor's report counts, kept current in the transaction of every case change.

Why. Counting a period by scanning its applications costs what the period holds: a month of a
busy hall is hundreds of thousands of rows, each with a look-up of its events (was it ever
sent back for 补正?). Instead, every change of a case adjusts a few counters, so a report
reads counters, and a month or a year costs about what a day costs.

What is kept (all of it derived: :func:`rebuild` recomputes it from the cases at any time):

* ``report_case`` — one row per case: the sticky "asked for supplement at some point" flag,
  and for a counted, decided case its local day, window and decision time in seconds
  (``secs``) with a coarse bin of it (``secs_bin``), so exact percentiles need to sort only
  the cases of one bin.
* ``report_rollup`` — counters per (dimension, key, bucket) for blocks of local days of
  1, 8, 64 and 512 days (aligned on the day number, see :func:`blocks`). Any period of
  whole days is a union of at most a few dozen such blocks, whatever its length.
  Dimensions: ``bucket`` (report bucket totals), ``matter`` (key: code, label: name),
  ``department``, ``clerk`` (key: user id) — each per bucket — and ``hour`` (local hour of
  the first draft), ``immediate``, ``supplemented`` and ``secs`` (key: bin).
* ``report_clock`` — the SQLite modifier that turns stored UTC into the hall's local time
  (``+480 minutes`` for Beijing): a case's day and hour depend on it, so the report rebuilds the
  facts when the hall's clock differs from the one they were built with.

How it is kept. SQL triggers on ``application`` (insert, update of the columns a report reads,
delete) and on ``application_event`` (a 补正 request) apply the difference between a case's old
and new contribution in the same statement, hence in the same transaction as the change,
whoever writes it (intake decisions, the status pull, the demo seeder, raw SQL in tests).
Other stores of cases (the hall cache of other windows' cases) keep their own ``scope`` of
the same tables through :func:`record_case_change`, which takes the case's values, so their
reports use the same queries. Every statement is generated here from one description of a
case's contribution (:func:`_dim_rows`), so triggers, the Python path, the rebuild and
``db check``'s comparison cannot disagree. Each statement computes a case's values (bucket,
local day, seconds…) once, in a derived table, and sends the rows of every dimension through
one upsert: a trigger's text is parsed and held by every connection that opens the store, so
it is kept to a few KB (inlining every expression where it is used made it ~225 KB).

The definitions mirror :mod:`desktop.domain.reports` (buckets, local day of the first draft)
and the seconds are computed by SQLite exactly as the scan did (``julianday`` difference).
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.reports import BUCKETS, COUNTED_STATUSES, bucket_of
from desktop.store.base import stored_text

SCOPE_LOCAL = "local"
SPANS: tuple[int, ...] = (1, 8, 64, 512)
DEFAULT_MODIFIER = "+480 minutes"  # Asia/Shanghai (HallClock.sqlite_modifier); the report passes the hall's own
JULIAN_ORDINAL_OFFSET = 1721424  # CAST(julianday('YYYY-MM-DD') AS INTEGER) == date.toordinal() + this

# dimensions whose rows are per report bucket
BUCKETED = ("bucket", "matter", "department", "clerk")
DIMENSIONS = (*BUCKETED, "hour", "immediate", "supplemented", "secs")
# columns of a case that its contribution depends on (a trigger fires when one of them changes)
CASE_COLUMNS = ("status", "immediate", "created_at", "decided_at", "window_id", "matter_code", "matter_name",
                "department", "clerk_id")

DDL = (
    "CREATE TABLE IF NOT EXISTS report_span (span INTEGER PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS report_case (
         scope TEXT NOT NULL, case_id INTEGER NOT NULL, supplemented INTEGER NOT NULL DEFAULT 0,
         day INTEGER, window_id TEXT, secs REAL, secs_bin INTEGER,
         PRIMARY KEY (scope, case_id)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS ix_report_case_secs ON report_case (scope, secs_bin, day, window_id, secs)
         WHERE secs_bin IS NOT NULL""",
    # ``key`` has no declared type on purpose: clerk ids stay integers (sorted as numbers), codes stay text.
    # ``n`` counts the cases of the row; the bucket columns split them by report bucket (bucketed dims only).
    f"""CREATE TABLE IF NOT EXISTS report_rollup (
         scope TEXT NOT NULL, dim TEXT NOT NULL, span INTEGER NOT NULL, block INTEGER NOT NULL,
         window_id TEXT NOT NULL, key NOT NULL, label TEXT NOT NULL, n INTEGER NOT NULL,
         {', '.join(f'{b} INTEGER NOT NULL' for b in BUCKETS)},
         PRIMARY KEY (scope, dim, span, block, window_id, key, label)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS report_clock (
         id INTEGER PRIMARY KEY CHECK (id = 1), modifier TEXT NOT NULL)""",
)
DROP = tuple(f"DROP TABLE IF EXISTS {t}" for t in ("report_span", "report_case", "report_rollup", "report_clock"))
ROLLUP_KEY = "scope, dim, span, block, window_id, key, label"
COUNTS = ("n", *BUCKETS)
TRIGGERS = ("report_facts_ai", "report_facts_au", "report_facts_ad", "report_facts_supplement")
_MODIFIER = "(SELECT modifier FROM report_clock WHERE id = 1)"


# --- the one description of a case's contribution ------------------------------------------


def _bucket_sql(status: str, immediate: str) -> str:
    """SQL for desktop.domain.reports.bucket_of (generated from it, so the two cannot drift)."""
    whens = [f"WHEN {status} = 'completed' AND {immediate} THEN '{bucket_of('completed', True)}'",
             f"WHEN {status} = 'completed' THEN '{bucket_of('completed', False)}'"]
    whens += [f"WHEN {status} = '{s}' THEN '{bucket_of(s, False)}'" for s in COUNTED_STATUSES if s != "completed"]
    return f"(CASE {' '.join(whens)} END)"


def _secs_sql(v: Mapping[str, str]) -> str:
    return f"((julianday({v['decided_at']}) - julianday({v['created_at']})) * 86400.0)"


def _bin_sql(secs: str) -> str:
    """A monotone coarse bin of a duration: digits of its whole seconds ×100 + its first two digits."""
    whole = f"CAST(CAST({secs} AS INTEGER) AS TEXT)"
    return (f"(CASE WHEN {secs} IS NULL THEN NULL WHEN {secs} < 0 THEN -1 "
            f"ELSE length({whole}) * 100 + CAST(substr({whole}, 1, 2) AS INTEGER) END)")


def _day_sql(created_at: str, modifier: str) -> str:
    return f"CAST(julianday(date({created_at}, {modifier})) AS INTEGER)"


# the values of a case its rows are computed from (each once per statement, in a derived table)
VALUES = ("bucket", "day", "hour", "secs", "status", "immediate", "asked", "decided_at", "window_id",
          "matter_code", "matter_name", "department", "clerk_id")


def _case_values(c: Mapping[str, str], modifier: str) -> dict[str, str]:
    """The :data:`VALUES` of a case as SQL over its columns ``c`` (see :func:`_dim_rows`)."""
    derived = {"bucket": _bucket_sql(c["status"], c["immediate"]), "day": _day_sql(c["created_at"], modifier),
               "hour": f"CAST(strftime('%H', {c['created_at']}, {modifier}) AS INTEGER)", "secs": _secs_sql(c)}
    return {name: derived.get(name) or c[name] for name in VALUES}


def _values_table(c: Mapping[str, str], modifier: str, alias: str, source: str = "", where: str = "",
                  extra: Mapping[str, str] | None = None,
                  names: Iterable[str] = VALUES) -> tuple[str, dict[str, str]]:
    """``(SELECT <values> [FROM source WHERE where]) alias`` and the names its columns go by.

    Why: a trigger's text is parsed and kept by every connection, so each value is written once
    here and read by name, instead of being inlined wherever a dimension uses it.
    """
    values = _case_values(c, modifier)
    exprs = {name: values[name] for name in names} | dict(extra or {})
    body = ", ".join(f"{expr} AS {name}" for name, expr in exprs.items())
    from_ = (f" FROM {source}" if source else "") + (f" WHERE {where}" if where else "")
    return f"(SELECT {body}{from_}) {alias}", {name: f"{alias}.{name}" for name in exprs}


def _dim_rows(v: Mapping[str, str]) -> dict[str, tuple[str, str, str, str]]:
    """Per dimension, the (key, label, bucket, applies) of the one row a case adds to each of its blocks.

    ``v`` maps the names of :data:`VALUES` to SQL (columns of :func:`_values_table`).
    ``bucket`` is the report bucket for the bucketed dimensions, else NULL. The case counts as
    supplemented when it was asked (an event shows a 补正 request) or is waiting for a
    supplement now — the scan's definition. A case that is not counted (a draft) adds nothing.
    This is the one description every statement below is generated from.
    """
    bucket = v["bucket"]
    counted = f"({bucket} IS NOT NULL)"
    sup = f"({v['asked']} OR {v['status']} = 'supplement_requested')"
    return {
        "bucket": ("''", "''", bucket, counted),
        "matter": (v["matter_code"], v["matter_name"], bucket, counted),
        "department": (v["department"], "''", bucket, counted),
        "clerk": (v["clerk_id"], "''", bucket, counted),
        "hour": (v["hour"], "''", "NULL", counted),
        "immediate": ("''", "''", "NULL", f"({counted} AND {v['immediate']})"),
        "supplemented": ("''", "''", "NULL", f"({counted} AND {sup})"),
        "secs": (_bin_sql(v["secs"]), "''", "NULL", f"({counted} AND {v['decided_at']} IS NOT NULL)"),
    }


def _choose(subject: str, values: Mapping[Any, str | None]) -> str:
    """One SQL expression taking, on the row whose ``subject`` (``d.dim``, ``r.role``) is k, ``values[k]``."""
    groups: dict[str, list[Any]] = {}
    for k, value in values.items():
        groups.setdefault(value or "NULL", []).append(k)
    commonest = max(groups, key=lambda value: len(groups[value]))
    whens = " ".join(f"WHEN {subject} IN ({', '.join(repr(k) for k in ks)}) THEN {value}"
                     for value, ks in groups.items() if value != commonest)
    return f"(CASE {whens} ELSE {commonest} END)" if whens else commonest


_DIMS_TABLE = "(" + " UNION ALL ".join(f"SELECT '{d}' AS dim" for d in DIMENSIONS) + ") d"
_PARTS = ("key", "label", "bucket", "applies")


def _change_sql(scope: str, old: Mapping[str, str] | None, new: Mapping[str, str] | None, modifier: str,
                source: str = "", where: str = "", *, materialize: bool = True) -> str:
    """One statement applying a case's change (``old`` -> ``new``; None: absent) to every span's block.

    Per dimension: when the case keeps the same row (key, label, day, window) only its bucket
    columns move (role 0: nothing when the bucket is unchanged too); otherwise the old row loses
    the case (role -1) and the new row gains it (role 1). The rows of every dimension and role
    go through one upsert (rows with the same key add up, as separate statements did).
    ``source``/``where`` is the row the case's columns are read from (the event trigger reads
    the case's application row).

    ``materialize`` ends the per-dimension table ``p`` and the rows ``x`` with ``LIMIT -1`` (no
    limit at all), which keeps SQLite's query flattener from merging them into the statement
    above: merged, every reference to one of their columns re-evaluates the whole expression
    behind it (the day, the bucket, the dimension's ``CASE``) for each of the 4 spans × 3 roles,
    and a decided case's UPDATE spent ~0.3 ms in this statement (~0.2 ms materialized; the same
    rows either way). ``False`` gives the text revisions 0009–0010 installed.
    """
    limit = " LIMIT -1" if materialize else ""
    sides = {side: c for side, c in (("o", old), ("n", new)) if c is not None}
    tables, columns = [], ["d.dim"]
    for side, c in sides.items():
        table, v = _values_table(c, modifier, side, source, where)
        tables.append(table)
        rows = _dim_rows(v)
        columns += [f"{_choose('d.dim', {dim: row[i] for dim, row in rows.items()})} AS {part}_{side}"
                    for i, part in enumerate(_PARTS)]
        columns += [f"{v['day']} AS day_{side}", f"{v['window_id']} AS window_id_{side}"]
    pairs = f"(SELECT {', '.join(columns)} FROM {', '.join(tables)}, {_DIMS_TABLE}) p"
    # role -> (side whose row it is, side losing its bucket, side gaining its bucket, applies)
    same = ("coalesce(p.applies_o, 0) = coalesce(p.applies_n, 0) AND p.day_o IS p.day_n AND "
            "p.window_id_o IS p.window_id_n AND p.key_o IS p.key_n AND p.label_o IS p.label_n")
    roles = {-1: ("o", "o", None, "p.applies_o AND NOT p.same"),
             0: ("n", "o", "n", "p.applies_n AND p.same AND p.bucket_o IS NOT p.bucket_n"),
             1: ("n", None, "n", "p.applies_n AND NOT p.same")}
    if len(sides) == 2:  # whether the case keeps its row, computed once per dimension
        pairs = f"(SELECT p.*, ({same}) AS same FROM {pairs}{limit}) p"
    elif limit:
        pairs = f"{pairs[:-len(') p')]}{limit}) p"
    if len(sides) == 1:
        only = next(iter(sides))
        roles = {role: (only, minus, plus, f"p.applies_{only}")
                 for role, (side, minus, plus, _) in roles.items() if role and side == only}

    def pick(values: Mapping[int, str | None]) -> str:
        return _choose("r.role", values)

    def col(name: str, side: str | None) -> str | None:
        return f"p.{name}_{side}" if side else None

    picked = [f"{pick({r: col(name, s[0]) for r, s in roles.items()})} AS {name}" for name in
              ("day", "window_id", "key", "label")]
    picked += [f"{pick({r: col('bucket', s[1]) for r, s in roles.items()})} AS minus",
               f"{pick({r: col('bucket', s[2]) for r, s in roles.items()})} AS plus"]
    role_table = ", (" + " UNION ALL ".join(f"SELECT {r} AS role" for r in roles) + ") r" if len(roles) > 1 else ""
    n = "r.role" if len(roles) > 1 else str(next(iter(roles)))
    rows_sql = (f"SELECT p.dim, {n} AS n, {', '.join(picked)} FROM {pairs}{role_table} "
                f"WHERE {pick({r: s[3] for r, s in roles.items()})}")
    counts = ", ".join(["x.n"] + [f"(x.plus IS '{b}') - (x.minus IS '{b}')" for b in BUCKETS])
    return (f"INSERT INTO report_rollup ({ROLLUP_KEY}, {', '.join(COUNTS)}) "
            f"SELECT {scope}, x.dim, sp.span, x.day - x.day % sp.span, x.window_id, x.key, x.label, {counts} "
            f"FROM report_span sp, ({rows_sql}{limit}) x WHERE true "
            f"ON CONFLICT ({ROLLUP_KEY}) DO UPDATE SET {', '.join(f'{c} = {c} + excluded.{c}' for c in COUNTS)}")


def _contribution_sql(source: str, modifier: str) -> str:
    """Rows (dim, day, window_id, key, label, bucket) the cases of ``source`` add, for a rebuild."""
    table, v = _values_table({name: f"v0.{name}" for name in (*CASE_COLUMNS, "asked")}, modifier, "v",
                             f"({source}) v0")
    return " UNION ALL ".join(
        f"SELECT '{dim}' AS dim, {v['day']} AS day, {v['window_id']} AS window_id, {key} AS key, "
        f"{label} AS label, {bucket} AS bucket FROM {table} WHERE {applies}"
        for dim, (key, label, bucket, applies) in _dim_rows(v).items())


def _summed(bucket: str = "c.bucket", n: str = "count(*)") -> str:
    return ", ".join([n] + [f"sum(CASE WHEN {bucket} = '{b}' THEN 1 ELSE 0 END)" for b in BUCKETS])


def _case_row_sql(scope: str, case_id: str, c: Mapping[str, str], modifier: str, source: str = "",
                  where: str = "") -> str:
    """Upsert a case's own row: whether an event asked for 补正, and day/window/seconds while it is counted."""
    table, v = _values_table(c, modifier, "v", source, where, {"case_id": case_id},
                             ("bucket", "day", "window_id", "secs", "asked"))
    counted = f"{v['bucket']} IS NOT NULL"
    return (f"INSERT INTO report_case (scope, case_id, supplemented, day, window_id, secs, secs_bin) "
            f"SELECT {scope}, {v['case_id']}, {v['asked']}, "
            + ", ".join(f"CASE WHEN {counted} THEN {e} END" for e in (v["day"], v["window_id"], v["secs"],
                                                                       _bin_sql(v["secs"])))
            + f" FROM {table} WHERE true "
            f"ON CONFLICT (scope, case_id) DO UPDATE SET supplemented = excluded.supplemented, day = excluded.day, "
            f"window_id = excluded.window_id, secs = excluded.secs, secs_bin = excluded.secs_bin")


def _columns(prefix: str, asked: str) -> dict[str, str]:
    """One case's columns as SQL: a trigger's ``NEW.``/``OLD.`` row, ``a.`` of a join, or ``:new_`` parameters."""
    return {name: f"{prefix}{name}" for name in CASE_COLUMNS} | {"asked": f"({asked})"}


def _stored_asked(scope: str, case_id: str) -> str:
    return f"coalesce((SELECT supplemented FROM report_case WHERE scope = {scope} AND case_id = {case_id}), 0)"


# --- triggers on the local applications ------------------------------------------------------


def trigger_sql(*, materialize: bool = True) -> list[str]:
    """CREATE TRIGGER statements keeping the 'local' scope in step with ``application``.

    ``materialize=False``: the text of revisions 0009–0010 (see :func:`_change_sql`).
    """
    scope, mod = f"'{SCOPE_LOCAL}'", _MODIFIER
    asked_old, asked_new = _stored_asked(scope, "OLD.id"), _stored_asked(scope, "NEW.id")
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CASE_COLUMNS)
    old, new, ins = _columns("OLD.", asked_old), _columns("NEW.", asked_old), _columns("NEW.", asked_new)
    app, this = "application a", "a.id = NEW.application_id"
    was, now = _columns("a.", "0"), _columns("a.", "1")

    def change(*args: Any) -> str:
        return _change_sql(*args, materialize=materialize)

    def body(statements: list[str]) -> str:
        return "\n".join(f"  {st};" for st in statements)

    return [
        f"""CREATE TRIGGER report_facts_ai AFTER INSERT ON application BEGIN
{body([change(scope, None, ins, mod), _case_row_sql(scope, 'NEW.id', ins, mod)])}
END""",
        f"""CREATE TRIGGER report_facts_au AFTER UPDATE OF {', '.join(CASE_COLUMNS)} ON application
WHEN {changed} BEGIN
{body([change(scope, old, new, mod), _case_row_sql(scope, 'NEW.id', new, mod)])}
END""",
        f"""CREATE TRIGGER report_facts_ad AFTER DELETE ON application BEGIN
{body([change(scope, old, None, mod), f"DELETE FROM report_case WHERE scope = {scope} AND case_id = OLD.id"])}
END""",
        # A 补正 request recorded as an event (the window's, or the platform's) marks the case for good.
        f"""CREATE TRIGGER report_facts_supplement AFTER INSERT ON application_event
WHEN NEW.to_status = 'supplement_requested' AND NOT {_stored_asked(scope, "NEW.application_id")} BEGIN
{body([change(scope, was, now, mod, app, this), _case_row_sql(scope, 'NEW.application_id', now, mod, app, this)])}
END""",
    ]


def installed(conn: Any, modifier: str) -> bool:
    """True when the tables and every trigger exist and the facts were built with ``modifier``."""
    found = _rows(conn, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN "
                        f"({', '.join(repr(t) for t in TRIGGERS)})")
    if len(found) != len(TRIGGERS):
        return False
    clock = _rows(conn, "SELECT modifier FROM report_clock WHERE id = 1")
    return bool(clock) and clock[0][0] == modifier


def drop_triggers(conn: Any) -> None:
    for name in TRIGGERS:
        _exec(conn, f"DROP TRIGGER IF EXISTS {name}")


def install(conn: Any, modifier: str = DEFAULT_MODIFIER) -> None:
    """Create the tables and triggers (idempotent) and rebuild the local facts from the cases."""
    for statement in DDL:
        _exec(conn, statement)
    for span in SPANS:
        _exec(conn, f"INSERT OR IGNORE INTO report_span (span) VALUES ({span})")
    drop_triggers(conn)
    for statement in trigger_sql():
        _exec(conn, statement)
    rebuild(conn, modifier)


# --- rebuilding and checking ----------------------------------------------------------------


_ASKED = ("EXISTS (SELECT 1 FROM application_event e "
          "WHERE e.application_id = a.id AND e.to_status = 'supplement_requested')")


def _all_cases_source(asked: str) -> str:
    return "SELECT " + ", ".join(f"a.{c} AS {c}" for c in CASE_COLUMNS) + f", {asked} AS asked FROM application a"


def expected_rollup_sql(modifier_sql: str = _MODIFIER) -> str:
    """(scope, dim, span, block, window_id, key, label, n, <buckets>) recomputed from the cases and their events."""
    contributions = _contribution_sql(_all_cases_source(_ASKED), modifier_sql)
    return (f"SELECT '{SCOPE_LOCAL}' AS scope, c.dim, sp.span, c.day - c.day % sp.span AS block, c.window_id, "
            f"c.key, c.label, {_summed()} FROM ({contributions}) c, report_span sp "
            f"GROUP BY c.dim, sp.span, block, c.window_id, c.key, c.label")


@contextlib.contextmanager
def bulk_load(conn: Any) -> Iterator[None]:
    """Write many applications without the triggers' per-row work, then rebuild the facts in one pass.

    For seeders that insert thousands of rows with ``executemany`` on a raw connection
    (autocommit mode): the triggers are dropped for the duration and re-created, with the facts
    rebuilt from everything in the table, when the block ends.
    """
    row = conn.execute("SELECT modifier FROM report_clock WHERE id = 1").fetchone()
    drop_triggers(conn)
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.commit()
        conn.execute("BEGIN IMMEDIATE")
        install(conn, row[0] if row else DEFAULT_MODIFIER)
        conn.execute("COMMIT")


def rebuild(conn: Any, modifier: str | None = None) -> None:
    """Recompute the local facts from ``application`` and its events (migration, bulk seeding, clock change)."""
    if modifier is not None:
        _exec(conn, "INSERT INTO report_clock (id, modifier) VALUES (1, ?) "
                    "ON CONFLICT (id) DO UPDATE SET modifier = excluded.modifier", (modifier,))
    mod, scope = _MODIFIER, f"'{SCOPE_LOCAL}'"
    _exec(conn, f"DELETE FROM report_case WHERE scope = {scope}")
    _exec(conn, f"DELETE FROM report_rollup WHERE scope = {scope}")
    _exec(conn, _case_row_sql(scope, "a.id", _columns("a.", _ASKED), mod, "application a"))
    # Day blocks first (one pass over the cases), then each coarser span from the day blocks.
    contributions = _contribution_sql(_all_cases_source(
        f"(SELECT supplemented FROM report_case r WHERE r.scope = {scope} AND r.case_id = a.id)"), mod)
    columns = f"{ROLLUP_KEY}, {', '.join(COUNTS)}"
    _exec(conn, f"INSERT INTO report_rollup ({columns}) "
                f"SELECT {scope}, c.dim, 1, c.day, c.window_id, c.key, c.label, {_summed()} "
                f"FROM ({contributions}) c GROUP BY c.dim, c.day, c.window_id, c.key, c.label")
    for span in SPANS[1:]:
        _exec(conn, f"INSERT INTO report_rollup ({columns}) "
                    f"SELECT scope, dim, {span}, block - block % {span}, window_id, key, label, "
                    f"{', '.join(f'sum({c})' for c in COUNTS)} FROM report_rollup WHERE scope = {scope} AND span = 1 "
                    f"GROUP BY dim, block - block % {span}, window_id, key, label")


def check(conn: Any) -> str | None:
    """``db check`` probe: the stored facts equal a recomputation from the cases (None when they do)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_clock'").fetchone():
        return "report facts are missing (run `onewindow db upgrade`)"
    stored_modifier = conn.execute("SELECT modifier FROM report_clock WHERE id = 1").fetchone()
    if stored_modifier is None:
        return "report facts were never built (report_clock is empty)"
    actual = (f"SELECT {ROLLUP_KEY}, {', '.join(COUNTS)} FROM report_rollup "
              f"WHERE scope = '{SCOPE_LOCAL}' AND n <> 0")
    expected = expected_rollup_sql()
    extra = conn.execute(f"SELECT count(*) FROM ({actual} EXCEPT {expected})").fetchone()[0]
    missing = conn.execute(f"SELECT count(*) FROM ({expected} EXCEPT {actual})").fetchone()[0]
    if extra or missing:
        return f"report counters differ from the cases: {extra} wrong, {missing} missing"
    return None


# --- the same facts for another store of cases (e.g. the hall cache) ------------------------


@dataclass(frozen=True)
class CaseValues:
    """What a case's contribution to the report depends on (stored forms: naive UTC datetimes)."""

    status: str
    immediate: bool
    created_at: dt.datetime
    decided_at: dt.datetime | None
    window_id: str
    matter_code: str
    matter_name: str
    department: str
    clerk_id: int | None
    supplemented: bool = False  # an event of the case asked for 补正 (sticky: once true, stays true)

    def params(self, prefix: str) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in CASE_COLUMNS}
        for name in ("created_at", "decided_at"):
            if values[name] is not None:  # the store's text form, so julianday() reads what the triggers read
                values[name] = stored_text(values[name])
        values["immediate"] = int(self.immediate)
        return {f"{prefix}{k}": v for k, v in values.items()} | {f"{prefix}asked": int(self.supplemented)}


def record_case_change(conn: Any, scope: str, case_id: int, old: CaseValues | None, new: CaseValues | None,
                       modifier: str = DEFAULT_MODIFIER) -> None:
    """Apply one case's change to the facts of ``scope`` — call it in the transaction that changes the case.

    ``old`` is what the facts last recorded for the case (None for a new case), ``new`` what it
    is now (None when it is removed). The local applications need no call: triggers do this.
    """
    if scope == SCOPE_LOCAL:
        raise ValueError("the local scope is kept by triggers on the application table")
    if old is not None and new is not None:
        new = _sticky(old, new)
    params: dict[str, Any] = {"scope": scope, "case_id": case_id, "modifier": modifier}
    was, now = _columns(":old_", ":old_asked"), _columns(":new_", ":new_asked")
    statements = [_change_sql(":scope", was if old else None, now if new else None, ":modifier")]
    if old is not None:
        params |= old.params("old_")
    if new is not None:
        statements.append(_case_row_sql(":scope", ":case_id", now, ":modifier"))
        params |= new.params("new_")
    else:
        statements.append("DELETE FROM report_case WHERE scope = :scope AND case_id = :case_id")
    for statement in statements:
        _exec(conn, statement, params)


def _sticky(old: CaseValues, new: CaseValues) -> CaseValues:
    if old.supplemented and not new.supplemented:
        from dataclasses import replace

        return replace(new, supplemented=True)
    return new


# --- reading: which blocks make up a period --------------------------------------------------


def day_number(day: dt.date) -> int:
    return day.toordinal() + JULIAN_ORDINAL_OFFSET


def day_of(number: int) -> dt.date:
    return dt.date.fromordinal(number - JULIAN_ORDINAL_OFFSET)


def blocks(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(span, first day number) of the fewest aligned blocks covering ``first``..``last`` exactly.

    Greedy from the left: at each step the largest span that starts on this day (aligned) and
    ends inside the period. A period of n days takes at most about 2·7·log8(n) blocks.
    """
    x, end = day_number(first), day_number(last)
    out: list[tuple[int, int]] = []
    while x <= end:
        span = next(s for s in reversed(SPANS) if x % s == 0 and x + s - 1 <= end)
        out.append((span, x))
        x += span
    return out


def _rows(conn: Any, sql: str) -> list[tuple]:
    if isinstance(conn, Session):
        conn = conn.connection()
    if hasattr(conn, "exec_driver_sql"):
        return [tuple(r) for r in conn.exec_driver_sql(sql).all()]
    return list(conn.execute(sql).fetchall())


def _exec(conn: Any, sql: str, params: Mapping[str, Any] | Iterable[Any] = ()) -> None:
    """Run one statement on a DB-API connection or a SQLAlchemy connection/session alike."""
    args: Any = params if isinstance(params, Mapping) else tuple(params)
    if isinstance(conn, Session):
        conn = conn.connection()
    if hasattr(conn, "exec_driver_sql"):  # a SQLAlchemy connection
        conn.exec_driver_sql(sql, args)
    else:  # a DB-API connection (sqlite3, or SQLCipher's)
        conn.execute(sql, args)
