"""The report's SQL: every number is an aggregate computed by SQLite, never a Python loop over rows.

The period's applications (``population``: counted statuses, the window if one, ``created_at``
inside the period's UTC bounds) are found through ``ix_application_window_created`` (one
window) or ``ix_application_status_created`` (all windows: one index range per counted
status). They are copied once, with only the columns the report needs, into a TEMP table
(:func:`materialized`), and every aggregate then reads that small table: a busy day costs
one pass of row lookups instead of one per breakdown. Bounds are bound as text without a
fraction ('YYYY-MM-DD HH:MM:SS') so they compare correctly with stored values whether or
not those carry microseconds.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import typing
import uuid
from collections.abc import Iterator, Sequence

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    DateTime,
    Integer,
    MetaData,
    Row,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from desktop.domain.hall_clock import hall_clock
from desktop.domain.reports import (
    BUCKETS,
    COUNTED_STATUSES,
    OPEN_STATUSES,
    BucketCounts,
    GroupRow,
    ReportPeriod,
    SyncHealth,
)
from desktop.store.models import Application, ApplicationEvent, Outbox, User

A = typing.cast(Table, Application.__table__)
E = typing.cast(Table, ApplicationEvent.__table__)
O = typing.cast(Table, Outbox.__table__)  # noqa: E741
U = typing.cast(Table, User.__table__)


def local_modifier() -> str:
    """SQLite date modifier: naive UTC -> the hall's clock (see desktop.domain.hall_clock)."""
    return hall_clock().sqlite_modifier(dt.datetime.now(dt.UTC).replace(tzinfo=None))


def _stamp(moment: dt.datetime) -> ColumnElement:
    return bindparam(None, moment.strftime("%Y-%m-%d %H:%M:%S"), type_=String, unique=True)


def population(period: ReportPeriod, window_id: str | None) -> list[ColumnElement]:
    lo, hi = period.utc_bounds()
    conds: list[ColumnElement] = [A.c.status.in_(COUNTED_STATUSES), A.c.created_at >= _stamp(lo),
                                  A.c.created_at < _stamp(hi)]
    if window_id:
        conds.append(A.c.window_id == window_id)
    return conds


def bucket_condition(bucket: str, t: Table = A) -> ColumnElement:
    """SQL for one report bucket (mirrors desktop.domain.reports.bucket_of)."""
    return {
        "accepted": t.c.status == "accepted",
        "immediate_done": and_(t.c.status == "completed", t.c.immediate.is_(True)),
        "supplement": t.c.status == "supplement_requested",
        "rejected": t.c.status == "rejected",
        "transferred": t.c.status == "transferred",
        "completed": and_(t.c.status == "completed", t.c.immediate.is_(False)),
    }[bucket]


def supplemented_condition() -> ColumnElement:
    """Asked for supplement at any point: still waiting, or an event shows the request."""
    asked = exists().where(E.c.application_id == A.c.id, E.c.to_status == "supplement_requested")
    return or_(A.c.status == "supplement_requested", asked)


_POP_COLUMNS = ("id", "status", "immediate", "matter_code", "matter_name", "department", "clerk_id", "created_at",
                "decided_at")


@contextlib.contextmanager
def materialized(s: Session, conds: list[ColumnElement]) -> Iterator[Table]:
    """The period's applications as a TEMP table (dropped on exit; rolled back with the session anyway)."""
    t = Table(f"report_pop_{uuid.uuid4().hex[:12]}", MetaData(),
              Column("id", Integer), Column("status", String), Column("immediate", Boolean),
              Column("matter_code", String), Column("matter_name", String), Column("department", String),
              Column("clerk_id", Integer), Column("created_at", DateTime), Column("decided_at", DateTime),
              Column("supplemented", Integer), prefixes=["TEMPORARY"])
    conn = s.connection()
    t.create(conn)
    try:
        flag = case((supplemented_condition(), 1), else_=0)
        conn.execute(insert(t).from_select([*_POP_COLUMNS, "supplemented"],
                                           select(*[A.c[c] for c in _POP_COLUMNS], flag).where(*conds)))
        yield t
    finally:
        t.drop(conn)


def _bucket_sums(t: Table) -> list[ColumnElement]:
    return [func.coalesce(func.sum(case((bucket_condition(b, t), 1), else_=0)), 0).label(b) for b in BUCKETS]


def _counts(row) -> BucketCounts:
    return BucketCounts(**{b: int(getattr(row, b) or 0) for b in BUCKETS})


def summary(s: Session, t: Table) -> dict:
    """Bucket totals, immediate/promised split, supplemented and decided counts in one pass."""
    q = select(
        *_bucket_sums(t),
        func.coalesce(func.sum(case((t.c.immediate.is_(True), 1), else_=0)), 0).label("immediate"),
        func.coalesce(func.sum(t.c.supplemented), 0).label("supplemented"),
        func.count(t.c.decided_at).label("decided"),
    )
    row = s.execute(q).one()
    counts = _counts(row)
    return {"totals": counts, "immediate": int(row.immediate), "promised": counts.total - int(row.immediate),
            "supplemented": int(row.supplemented), "decided": int(row.decided)}


def duration_percentiles(s: Session, t: Table, ps: tuple[float, ...]) -> list[float | None]:
    """Percentiles of seconds from first draft to decision, ranked by a window function.

    Only the two neighbouring ranks of each percentile leave SQLite; the interpolation between
    them is :func:`desktop.domain.reports.percentile`'s definition.
    """
    secs = ((func.julianday(t.c.decided_at) - func.julianday(t.c.created_at)) * 86400.0).label("secs")
    d = select(secs).where(t.c.decided_at.is_not(None)).subquery("d")
    r = select(
        d.c.secs,
        func.row_number().over(order_by=d.c.secs).label("rn"),
        func.count().over().label("n"),
    ).subquery("r")
    wanted = []
    for p in ps:
        lo = cast((r.c.n - 1) * p, Integer)
        wanted += [r.c.rn == lo + 1, r.c.rn == lo + 2]
    rows = s.execute(select(r.c.rn, r.c.n, r.c.secs).where(or_(*wanted))).all()
    if not rows:
        return [None for _ in ps]
    n = rows[0].n
    by_rank = {row.rn - 1: float(row.secs) for row in rows}
    result: list[float | None] = []
    for p in ps:
        h = (n - 1) * p
        lo_i = int(h)
        hi_i = min(lo_i + 1, n - 1)
        result.append(by_rank[lo_i] + (h - lo_i) * (by_rank[hi_i] - by_rank[lo_i]))
    return result


def by_hour(s: Session, t: Table) -> tuple[int, ...]:
    hour = cast(func.strftime("%H", t.c.created_at, local_modifier()), Integer).label("h")
    counts = [0] * 24
    for h, n in s.execute(select(hour, func.count()).group_by(hour)):
        counts[int(h)] = int(n)
    return tuple(counts)


def by_day(s: Session, t: Table) -> tuple[tuple[dt.date, int], ...]:
    day = func.date(t.c.created_at, local_modifier()).label("d")
    rows = s.execute(select(day, func.count()).group_by(day).order_by(day)).all()
    return tuple((dt.date.fromisoformat(d), int(n)) for d, n in rows)


def _grouped(s: Session, t: Table, key: ColumnElement, label: ColumnElement) -> Sequence[Row[typing.Any]]:
    q = (select(key.label("key"), func.max(label).label("label"), func.count().label("n"), *_bucket_sums(t))
         .group_by(key).order_by(func.count().desc(), key))
    return s.execute(q).all()


def by_matter(s: Session, t: Table) -> tuple[GroupRow, ...]:
    rows = _grouped(s, t, t.c.matter_code, t.c.matter_name)
    return tuple(GroupRow(r.key, r.label, _counts(r)) for r in rows)


def by_department(s: Session, t: Table) -> tuple[GroupRow, ...]:
    rows = _grouped(s, t, t.c.department, t.c.department)
    return tuple(GroupRow(r.key, r.label or "（未填部门）", _counts(r)) for r in rows)


def by_clerk(s: Session, t: Table) -> tuple[GroupRow, ...]:
    rows = _grouped(s, t, t.c.clerk_id, t.c.clerk_id)
    ids = [r.key for r in rows]
    names: dict[int, str] = dict(
        s.execute(select(U.c.id, func.coalesce(func.nullif(U.c.display_name, ""), U.c.username))
                  .where(U.c.id.in_(ids))).tuples().all()) if ids else {}
    return tuple(GroupRow(str(r.key), names.get(r.key, f"#{r.key}"), _counts(r)) for r in rows)


def open_due(window_id: str | None, lo: dt.date | None, hi: dt.date | None) -> list[ColumnElement]:
    """Open applications (any intake date) with a due date in [lo, hi] (either end may be open).

    Served by ``ix_application_status_due`` (status, due_date, window_id), without touching the table.
    """
    conds: list[ColumnElement] = [A.c.status.in_(OPEN_STATUSES), A.c.due_date.is_not(None)]
    if lo is not None:
        conds.append(A.c.due_date >= lo)
    if hi is not None:
        conds.append(A.c.due_date <= hi)
    if window_id:
        conds.append(A.c.window_id == window_id)
    return conds


def count(s: Session, conds: list[ColumnElement]) -> int:
    return int(s.execute(select(func.count()).select_from(A).where(*conds)).scalar() or 0)


def sync_health(s: Session, window_id: str | None) -> SyncHealth:
    """Snapshot of the window's unsent work: application.sync_state and outbox.state counts.

    Only the unsent states are counted (index seeks on ix_application_sync_state and
    ix_outbox_state_next); 'synced' and 'done' grow with every case ever taken and say nothing.
    """
    app_q = (select(A.c.sync_state, func.count()).where(A.c.sync_state.in_(("local", "pending", "parked")))
             .group_by(A.c.sync_state))
    box_q = (select(O.c.state, func.count(), func.min(O.c.created_at))
             .where(O.c.state.in_(("pending", "sending", "parked"))).group_by(O.c.state))
    if window_id:
        app_q = app_q.where(A.c.window_id == window_id)
        box_q = box_q.join_from(O, A, O.c.application_id == A.c.id).where(A.c.window_id == window_id)
    apps: dict[str, int] = dict(s.execute(app_q).tuples().all())
    boxes = {state: (n, oldest) for state, n, oldest in s.execute(box_q).all()}
    oldest = boxes.get("pending", (0, None))[1]
    if isinstance(oldest, str):
        oldest = dt.datetime.fromisoformat(oldest)
    return SyncHealth(
        app_local=int(apps.get("local", 0)), app_pending=int(apps.get("pending", 0)),
        app_parked=int(apps.get("parked", 0)),
        outbox_pending=int(boxes.get("pending", (0,))[0]), outbox_sending=int(boxes.get("sending", (0,))[0]),
        outbox_parked=int(boxes.get("parked", (0,))[0]), oldest_pending_at=oldest,
    )


def windows(s: Session) -> list[str]:
    """Distinct window ids, hopping along ix_application_window_created (one index probe per window)."""
    sql = ("WITH RECURSIVE w(id) AS (SELECT min(window_id) FROM application "
           "UNION ALL SELECT (SELECT min(window_id) FROM application WHERE window_id > w.id) FROM w "
           "WHERE w.id IS NOT NULL) SELECT id FROM w WHERE id IS NOT NULL")
    return [str(v) for v in s.execute(text(sql)).scalars().all()]
