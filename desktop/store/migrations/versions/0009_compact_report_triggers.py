"""report-facts triggers in compact SQL: each case's values computed once per statement, not per use

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 17:45:00

The four triggers of 0007 (``report_facts_ai/_au/_ad/_supplement``) were ~227 KB of SQL: the
generator inlined the bucket ``CASE``, the stored 补正 flag subquery, the local day and the
duration bin again for every dimension, bucket column, old/new side and statement. Every SQLite
connection parses the schema when it opens, so they cost ~2.2 MB of memory per connection and
~10 ms per open. This revision drops them and installs what
:func:`desktop.services.reports.facts.trigger_sql` generates now: the same changes to the same
rows (a case's values are computed once in a derived table, and the rows of all dimensions go
through one ``INSERT … SELECT``), in a few KB. The facts themselves are unchanged, so nothing
is rebuilt.

The downgrade restores the 0007 triggers from :func:`triggers_0007`, a frozen copy of the
generator as it was (so this revision keeps its meaning when ``facts.py`` changes again).
"""
from __future__ import annotations

from collections.abc import Mapping

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TRIGGERS = ("report_facts_ai", "report_facts_au", "report_facts_ad", "report_facts_supplement")


def _replace_triggers(statements: list[str]) -> None:
    bind = op.get_bind()
    for name in TRIGGERS:
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in statements:
        bind.exec_driver_sql(statement)


def upgrade() -> None:
    from desktop.services.reports import facts

    _replace_triggers(facts.trigger_sql(materialize=False))  # the text as of this revision (0011 changes it)


def downgrade() -> None:
    _replace_triggers(triggers_0007())


# --- the 0007 generator, frozen (constants as they were then) --------------------------------

_BUCKETS = ("accepted", "immediate_done", "supplement", "rejected", "transferred", "completed")
_BUCKET_OF = {"accepted": "accepted", "supplement_requested": "supplement", "rejected": "rejected",
              "transferred": "transferred"}
_DIMENSIONS = ("bucket", "matter", "department", "clerk", "hour", "immediate", "supplemented", "secs")
_BUCKETED = _DIMENSIONS[:4]
_CASE_COLUMNS = ("status", "immediate", "created_at", "decided_at", "window_id", "matter_code", "matter_name",
                 "department", "clerk_id")
_ROLLUP_KEY = "scope, dim, span, block, window_id, key, label"
_COUNTS = ("n", *_BUCKETS)
_MODIFIER = "(SELECT modifier FROM report_clock WHERE id = 1)"


def _bucket_sql(status: str, immediate: str) -> str:
    whens = [f"WHEN {status} = 'completed' AND {immediate} THEN 'immediate_done'",
             f"WHEN {status} = 'completed' THEN 'completed'"]
    whens += [f"WHEN {status} = '{s}' THEN '{b}'" for s, b in _BUCKET_OF.items()]
    return f"(CASE {' '.join(whens)} END)"


def _secs_sql(v: Mapping[str, str]) -> str:
    return f"((julianday({v['decided_at']}) - julianday({v['created_at']})) * 86400.0)"


def _bin_sql(secs: str) -> str:
    whole = f"CAST(CAST({secs} AS INTEGER) AS TEXT)"
    return (f"(CASE WHEN {secs} IS NULL THEN NULL WHEN {secs} < 0 THEN -1 "
            f"ELSE length({whole}) * 100 + CAST(substr({whole}, 1, 2) AS INTEGER) END)")


def _day_sql(created_at: str, modifier: str) -> str:
    return f"CAST(julianday(date({created_at}, {modifier})) AS INTEGER)"


def _dim_rows(c: Mapping[str, str], modifier: str) -> dict[str, tuple[str, str, str, str]]:
    bucket = _bucket_sql(c["status"], c["immediate"])
    counted = f"({bucket} IS NOT NULL)"
    sup = f"({c['asked']} OR {c['status']} = 'supplement_requested')"
    hour = f"CAST(strftime('%H', {c['created_at']}, {modifier}) AS INTEGER)"
    return {
        "bucket": ("''", "''", bucket, counted),
        "matter": (c["matter_code"], c["matter_name"], bucket, counted),
        "department": (c["department"], "''", bucket, counted),
        "clerk": (c["clerk_id"], "''", bucket, counted),
        "hour": (hour, "''", "NULL", counted),
        "immediate": ("''", "''", "NULL", f"({counted} AND {c['immediate']})"),
        "supplemented": ("''", "''", "NULL", f"({counted} AND {sup})"),
        "secs": (_bin_sql(_secs_sql(c)), "''", "NULL", f"({counted} AND {c['decided_at']} IS NOT NULL)"),
    }


def _counts_sql(n: str, bucket: str, sign: str = "1") -> str:
    return ", ".join([n] + [f"(CASE WHEN {bucket} = '{b}' THEN {sign} ELSE 0 END)" for b in _BUCKETS])


_UPSERT = (f"INSERT INTO report_rollup ({_ROLLUP_KEY}, {', '.join(_COUNTS)}) "
           "SELECT {scope}, '{dim}', sp.span, {day} - {day} % sp.span, {window}, {key}, {label}, {counts} "
           "FROM report_span sp{source} WHERE {where}{applies} "
           f"ON CONFLICT ({_ROLLUP_KEY}) DO UPDATE SET {', '.join(f'{c} = {c} + excluded.{c}' for c in _COUNTS)}")


def upserts_0007(scope: str, old: Mapping[str, str] | None, new: Mapping[str, str] | None, modifier: str,
                 source: str = "", where: str = "") -> list[str]:
    """The 0007 statements applying a case's change to every span's block (frozen)."""
    out = []
    rows_o = _dim_rows(old, modifier) if old else {}
    rows_n = _dim_rows(new, modifier) if new else {}
    fmt = {"scope": scope, "source": f", {source}" if source else "", "where": f"{where} AND " if where else ""}
    for dim in _DIMENSIONS:
        if old and new and dim not in _BUCKETED:
            (ko, lo, _, ao), (kn, ln, _, an) = rows_o[dim], rows_n[dim]
            day_o, day_n = _day_sql(old["created_at"], modifier), _day_sql(new["created_at"], modifier)
            moved = (f" AND NOT (coalesce({ao}, 0) = coalesce({an}, 0) AND ({day_o}) IS ({day_n}) AND "
                     f"{old['window_id']} IS {new['window_id']} AND ({ko}) IS ({kn}) AND ({lo}) IS ({ln}))")
        elif old and new:
            (ko, lo, bo, ao), (kn, ln, bn, an) = rows_o[dim], rows_n[dim]
            day_o, day_n = _day_sql(old["created_at"], modifier), _day_sql(new["created_at"], modifier)
            same = (f"(coalesce({ao}, 0) = coalesce({an}, 0) AND ({day_o}) IS ({day_n}) AND "
                    f"{old['window_id']} IS {new['window_id']} AND ({ko}) IS ({kn}) AND ({lo}) IS ({ln}))")
            out.append(_UPSERT.format(**fmt, dim=dim, day=day_n, window=new["window_id"], key=kn, label=ln,
                                      applies=f"{an} AND {same} AND ({bo}) IS NOT ({bn})",
                                      counts=", ".join(["0"] + [f"(CASE WHEN {bn} = '{b}' THEN 1 ELSE 0 END) - "
                                                               f"(CASE WHEN {bo} = '{b}' THEN 1 ELSE 0 END)"
                                                               for b in _BUCKETS])))
            moved = f" AND NOT {same}"
        else:
            moved = ""
        for c, rows, sign in ((old, rows_o, "-1"), (new, rows_n, "1")):
            if c:
                key, label, bucket, applies = rows[dim]
                out.append(_UPSERT.format(**fmt, dim=dim, day=_day_sql(c["created_at"], modifier),
                                          window=c["window_id"], key=key, label=label, applies=applies + moved,
                                          counts=_counts_sql(sign, bucket, sign)))
    return out


def case_row_0007(scope: str, case_id: str, c: Mapping[str, str], modifier: str, source: str = "",
                  where: str = "true") -> str:
    """The 0007 upsert of a case's own ``report_case`` row (frozen)."""
    counted = f"{_bucket_sql(c['status'], c['immediate'])} IS NOT NULL"
    secs = _secs_sql(c)
    return (f"INSERT INTO report_case (scope, case_id, supplemented, day, window_id, secs, secs_bin) "
            f"SELECT {scope}, {case_id}, {c['asked']}, "
            f"CASE WHEN {counted} THEN {_day_sql(c['created_at'], modifier)} END, "
            f"CASE WHEN {counted} THEN {c['window_id']} END, CASE WHEN {counted} THEN {secs} END, "
            f"CASE WHEN {counted} THEN {_bin_sql(secs)} END{(' FROM ' + source) if source else ''} WHERE {where} "
            f"ON CONFLICT (scope, case_id) DO UPDATE SET supplemented = excluded.supplemented, day = excluded.day, "
            f"window_id = excluded.window_id, secs = excluded.secs, secs_bin = excluded.secs_bin")


def columns_0007(prefix: str, asked: str) -> dict[str, str]:
    return {name: f"{prefix}{name}" for name in _CASE_COLUMNS} | {"asked": f"({asked})"}


def _stored_asked(scope: str, case_id: str) -> str:
    return f"coalesce((SELECT supplemented FROM report_case WHERE scope = {scope} AND case_id = {case_id}), 0)"


def triggers_0007() -> list[str]:
    """The CREATE TRIGGER statements of revision 0007, exactly as its generator wrote them."""
    scope, mod = "'local'", _MODIFIER
    asked_old, asked_new = _stored_asked(scope, "OLD.id"), _stored_asked(scope, "NEW.id")
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _CASE_COLUMNS)
    old, new, ins = columns_0007("OLD.", asked_old), columns_0007("NEW.", asked_old), columns_0007("NEW.", asked_new)
    app, this = "application a", "a.id = NEW.application_id"
    was, now = columns_0007("a.", "0"), columns_0007("a.", "1")

    def body(statements: list[str]) -> str:
        return "\n".join(f"  {st};" for st in statements)

    return [
        f"""CREATE TRIGGER report_facts_ai AFTER INSERT ON application BEGIN
{body(upserts_0007(scope, None, ins, mod) + [case_row_0007(scope, 'NEW.id', ins, mod)])}
END""",
        f"""CREATE TRIGGER report_facts_au AFTER UPDATE OF {', '.join(_CASE_COLUMNS)} ON application
WHEN {changed} BEGIN
{body(upserts_0007(scope, old, new, mod) + [case_row_0007(scope, 'NEW.id', new, mod)])}
END""",
        f"""CREATE TRIGGER report_facts_ad AFTER DELETE ON application BEGIN
{body(upserts_0007(scope, old, None, mod) + [f"DELETE FROM report_case WHERE scope = {scope} AND case_id = OLD.id"])}
END""",
        f"""CREATE TRIGGER report_facts_supplement AFTER INSERT ON application_event
WHEN NEW.to_status = 'supplement_requested' AND NOT {_stored_asked(scope, "NEW.application_id")} BEGIN
{body(upserts_0007(scope, was, now, mod, app, this) + [case_row_0007(scope, 'NEW.application_id', now, mod, app, this)])}
END""",
    ]
