"""Find a matter from one query box: name, code, department, pinyin initials or full pinyin.

Every keystroke runs one SQL statement whose candidates come only from indexes — the FTS5
table ``matter_fts`` (name and department characters, pinyin runs; see
``desktop/domain/search_keys.py``), the unique index on ``matter.code`` and the B-trees on
``matter.name``, ``matter.initials`` and ``matter.pinyin`` — and are ranked in SQL:

0. the exact matter code, 1. a name prefix, 2. a pinyin prefix (initials or full),
3. a substring of the name, the department or the pinyin (at a syllable boundary);

ties go to the matters this window uses most, then to shorter names. Each rank reads at most
``limit`` rows from its index (see :func:`build_search_sql`), so the cost of a keystroke does
not grow with the catalog. An empty box lists the
window's most-used matters (``matter_usage``, kept by a trigger on applications), then the rest
of the catalog by code. ``build_search_sql`` is public so the benchmark times the very same SQL
without the service around it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.domain.search_keys import fts_query, normalize_query
from desktop.services.context import AppContext
from desktop.store.models import Matter

DEFAULT_LIMIT = 50
_TOP = "\U0010ffff"  # sorts after every character: ``x <= s < x + _TOP`` is "s starts with x"

_COLUMNS = ("m.code, m.name, m.department, m.immediate, m.promised_days, m.version, m.kind, m.fee_cents, "
            "coalesce(u.uses, 0) AS uses")


@dataclass(frozen=True)
class MatterHit:
    """One row of the search list: enough to show it and to start an application."""

    code: str
    name: str
    department: str
    immediate: bool
    promised_days: int
    version: int
    kind: str = ""
    fee_cents: int = 0
    uses: int = 0  # applications of this matter taken at this window


@dataclass(frozen=True)
class MaterialItem:
    """A material of the matter's current version, for the intake checklist."""

    id: int  # matter_material.id (store it in application_material.matter_material_id)
    seq: int
    name: str
    required: bool
    copies: int
    form: str  # original | copy | original_and_copy
    cert_type: str | None
    deferrable: bool
    electronic_required: bool
    notes: str


@dataclass(frozen=True)
class MatterDetail:
    code: str
    name: str
    department: str
    kind: str
    promised_days: int
    legal_days: int
    fee_cents: int
    fee_note: str
    immediate: bool
    version: int
    deleted: bool
    materials: tuple[MaterialItem, ...]


_TIER = ("CASE WHEN m.code = :code THEN 0 "
         "WHEN substr(m.name, 1, :qlen) = :q THEN 1 "
         "WHEN substr(m.initials, 1, :qlen) = :ascii OR substr(m.pinyin, 1, :qlen) = :ascii THEN 2 "
         "ELSE 3 END")


# The window's most-used matters that get the "used first" boost inside every rank: bounded, so
# a window that has touched thousands of matters over the years does not slow each keystroke.
USED_MAX = 200
_TOP_USED = ("SELECT matter_code, uses FROM matter_usage WHERE window_id = :window "
             f"ORDER BY uses DESC LIMIT {USED_MAX}")


def _bounded(select_sql: str) -> str:
    # SQLite allows ORDER BY/LIMIT in a compound member only inside a subquery.
    return f"SELECT * FROM ({select_sql})"


MAX_QUERY_CHARS = 100  # a matter name or code is far shorter; a pasted page of text must not reach FTS whole


def build_search_sql(query: str, window_id: str, limit: int = DEFAULT_LIMIT, *,
                     with_used: bool = True) -> tuple[str, dict[str, Any]] | None:
    """The ranked search statement and its parameters, or None for an empty/unsearchable query.

    Each rank has its own branch that reads at most ``limit`` rows from an index, in index
    order (name, initials, pinyin, code, FTS docid), so a one-character query over 50,000
    matters costs the same as a precise one. The window's used matters are a further branch,
    matched row by row (its ``USED_MAX`` most-used matters), so "most used first" holds inside
    every rank. Parameters are named (``:name``) so the statement runs unchanged
    on SQLAlchemy and on a bare ``sqlite3`` connection. ``with_used=False`` leaves that branch out:
    :class:`MatterSearch` applies it in Python over its cached used list (:func:`used_hits`), the
    same rule, without reading those rows again on every keystroke.
    """
    q = normalize_query((query or "")[:MAX_QUERY_CHARS])  # capped before anything is built from it
    compact = q.replace(" ", "")
    if not compact:
        return None
    ascii_q = compact if compact.isascii() else None
    one_letter = ascii_q is not None and len(ascii_q) == 1
    fts = None if one_letter else fts_query(q)  # one letter: the initials B-tree answers it
    branches = [
        "SELECT id, 0 AS tier, 0 AS uses FROM matter WHERE code = :code AND deleted = 0",
        _bounded("SELECT id, 1, 0 FROM matter WHERE name >= :q AND name < :q_hi AND deleted = 0 "
                 "ORDER BY name LIMIT :limit"),
        _bounded("SELECT id, 3, 0 FROM matter WHERE code > :code AND code < :code_hi AND deleted = 0 "
                 "ORDER BY code LIMIT :limit"),
    ]
    used_match = ["m.code >= :code AND m.code < :code_hi"]
    if ascii_q:
        branches += [
            _bounded("SELECT id, 2, 0 FROM matter WHERE initials >= :ascii AND initials < :ascii_hi "
                     "AND deleted = 0 ORDER BY initials LIMIT :limit"),
            _bounded("SELECT id, 2, 0 FROM matter WHERE pinyin >= :ascii AND pinyin < :ascii_hi "
                     "AND deleted = 0 ORDER BY pinyin LIMIT :limit"),
        ]
        used_match.append("substr(m.initials, 1, 1) = :ascii" if one_letter
                          else "instr(' ' || m.search_text, ' ' || :ascii) > 0")
    else:
        used_match.append("instr(m.name, :q) > 0 OR instr(m.department, :q) > 0")
    if fts:
        # Substring matches in docid order, stopping at ``limit``. Rows of a higher rank are not
        # filtered out here (that would walk every one of them); GROUP BY keeps each row's best
        # rank, and the page is still full because those rows count towards it.
        branches.append(_bounded(
            f"SELECT m.id, {_TIER}, 0 FROM matter_fts JOIN matter m ON m.id = matter_fts.rowid "
            "WHERE matter_fts MATCH :fts AND m.deleted = 0 LIMIT :limit"))
    if with_used:
        branches.append(
            f"SELECT m.id, {_TIER}, top_used.uses FROM ({_TOP_USED}) top_used "
            f"JOIN matter m ON m.code = top_used.matter_code WHERE m.deleted = 0 AND ({' OR '.join(used_match)})")
    sql = (
        f"WITH hits(id, tier, uses) AS ({' UNION ALL '.join(branches)}) "
        "SELECT m.code, m.name, m.department, m.immediate, m.promised_days, m.version, m.kind, m.fee_cents, "
        "max(h.uses) AS uses, min(h.tier) AS tier "
        "FROM hits h JOIN matter m ON m.id = h.id GROUP BY m.id "
        "ORDER BY tier, uses DESC, length(m.name), m.code LIMIT :limit"
    )
    params = {"code": compact.upper(), "code_hi": compact.upper() + _TOP, "q": compact, "q_hi": compact + _TOP,
              "qlen": len(compact), "fts": fts, "ascii": ascii_q, "ascii_hi": (ascii_q or "") + _TOP,
              "window": window_id, "limit": limit}
    return sql, params


MOST_USED_SQL = (
    f"SELECT {_COLUMNS} FROM matter_usage u JOIN matter m ON m.code = u.matter_code "
    "WHERE u.window_id = :window AND m.deleted = 0 "
    "ORDER BY u.uses DESC, u.last_used_at DESC, m.code LIMIT :limit"
)
REST_SQL = (
    f"SELECT {_COLUMNS} FROM matter m LEFT JOIN matter_usage u ON u.window_id = :window AND u.matter_code = m.code "
    "WHERE m.deleted = 0 AND u.matter_code IS NULL ORDER BY m.code LIMIT :limit"
)


def _hit(row: Any) -> MatterHit:
    return MatterHit(code=row[0], name=row[1], department=row[2], immediate=bool(row[3]), promised_days=row[4],
                     version=row[5], kind=row[6], fee_cents=row[7], uses=row[8])


@dataclass(frozen=True)
class _Used:
    """One of the window's most-used matters, with what the used branch matches on."""

    hit: MatterHit
    initials: str
    pinyin: str
    search_text: str


# The used branch's rows, read once and kept until something in the catalog or the usage counts
# changes (``search_epoch``, bumped by triggers; see EPOCH_TRIGGERS).
USED_SQL = (f"SELECT {_COLUMNS.replace('coalesce(u.uses, 0)', 'u.uses')}, m.initials, m.pinyin, m.search_text "
            f"FROM ({_TOP_USED}) u JOIN matter m ON m.code = u.matter_code WHERE m.deleted = 0")
EPOCH_SQL = "SELECT n FROM search_epoch WHERE id = 1"
EPOCH_DDL = ("CREATE TABLE IF NOT EXISTS search_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)",
             "INSERT OR IGNORE INTO search_epoch (id, n) VALUES (1, 0)")
EPOCH_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS search_epoch_{table}_{op[0].lower()} AFTER {op} ON {table} BEGIN "
    "UPDATE search_epoch SET n = n + 1 WHERE id = 1; END"
    for table in ("matter", "matter_usage") for op in ("INSERT", "UPDATE", "DELETE"))


def used_hits(query: str, used: list[_Used]) -> list[tuple[MatterHit, int]]:
    """(hit, tier) of the used matters that match ``query`` — the SQL used branch, rule for rule.

    The match and the tier are the statement's own (see ``build_search_sql``): a code prefix;
    for an ASCII query one initial (one letter) or a search-text token prefix, else a substring
    of the name or the department; tier 0 exact code, 1 name prefix, 2 initials/pinyin prefix,
    3 otherwise. Python's string comparison orders like SQLite's BINARY collation.
    """
    q = normalize_query((query or "")[:MAX_QUERY_CHARS])  # the cap build_search_sql applies
    compact = q.replace(" ", "")
    if not compact:
        return []
    code, code_hi = compact.upper(), compact.upper() + _TOP
    ascii_q = compact if compact.isascii() else None
    n = len(compact)
    out = []
    for u in used:
        h = u.hit
        if code <= h.code < code_hi:
            matched = True
        elif ascii_q is not None:
            matched = (u.initials[:1] == ascii_q if len(ascii_q) == 1
                       else (" " + ascii_q) in (" " + u.search_text))
        else:
            matched = compact in h.name or compact in h.department
        if not matched:
            continue
        if h.code == code:
            tier = 0
        elif h.name[:n] == compact:
            tier = 1
        elif ascii_q is not None and (u.initials[:n] == ascii_q or u.pinyin[:n] == ascii_q):
            tier = 2
        else:
            tier = 3
        out.append((h, tier))
    return out


class MatterSearch:
    """Search and look-up of catalog matters for the intake screen (read-only)."""

    def __init__(self, ctx: AppContext, window_id: str | None = None) -> None:
        self.ctx = ctx
        self.window_id = window_id or ctx.config.hall.window_id
        self._used: tuple[int | None, list[_Used]] = (None, [])

    def search(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[MatterHit]:
        """Ranked matches for what the clerk typed; the most-used list when the box is empty."""
        built = build_search_sql(query, self.window_id, limit, with_used=False)
        if built is None:
            return self.most_used(limit=limit)
        sql, params = built
        # Straight to the driver: the statement is already plain SQL with named parameters, and
        # per-keystroke ORM/text() compilation would cost more than the query itself.
        with self.ctx.db.engine.connect() as conn:
            found = {row[0]: (row[-1], _hit(row)) for row in conn.exec_driver_sql(sql, params)}
            used = self._used_matters(conn)
        for hit, tier in used_hits(query, used):  # the used branch, merged as GROUP BY did: min tier, max uses
            known = found.get(hit.code)
            found[hit.code] = (min(tier, known[0]), hit) if known else (tier, hit)
        ranked = sorted(found.values(), key=lambda th: (th[0], -th[1].uses, len(th[1].name), th[1].code))
        return [hit for _tier, hit in ranked[:limit]]

    def _used_matters(self, conn) -> list[_Used]:
        epoch = conn.exec_driver_sql(EPOCH_SQL).scalar()
        cached_epoch, used = self._used
        if epoch is None or epoch != cached_epoch:
            used = [_Used(_hit(row), row[9] or "", row[10] or "", row[11] or "")
                    for row in conn.exec_driver_sql(USED_SQL, {"window": self.window_id})]
            self._used = (epoch, used)
        return used

    def most_used(self, *, limit: int = DEFAULT_LIMIT) -> list[MatterHit]:
        """This window's most-used matters first, then the rest of the catalog by code."""
        params = {"window": self.window_id, "limit": limit}
        with self.ctx.db.engine.connect() as conn:
            hits = [_hit(row) for row in conn.exec_driver_sql(MOST_USED_SQL, params)]
            if len(hits) < limit:
                params["limit"] = limit - len(hits)
                hits += [_hit(row) for row in conn.exec_driver_sql(REST_SQL, params)]
        return hits

    def get_matter(self, code: str) -> MatterDetail | None:
        """The matter at its current version with its materials (deleted ones too, flagged)."""
        with self.ctx.db.session() as session:
            matter = session.execute(
                select(Matter).options(selectinload(Matter.materials)).where(Matter.code == code.strip().upper())
            ).scalar_one_or_none()
            if matter is None:
                return None
            materials = tuple(
                MaterialItem(id=m.id, seq=m.seq, name=m.name, required=m.required, copies=m.copies, form=m.form,
                             cert_type=m.cert_type, deferrable=m.deferrable,
                             electronic_required=m.electronic_required, notes=m.notes)
                for m in matter.materials)
            return MatterDetail(code=matter.code, name=matter.name, department=matter.department, kind=matter.kind,
                                promised_days=matter.promised_days, legal_days=matter.legal_days,
                                fee_cents=matter.fee_cents, fee_note=matter.fee_note, immediate=matter.immediate,
                                version=matter.version, deleted=matter.deleted, materials=materials)

    def departments(self) -> list[str]:
        """Departments with at least one live matter, for a filter list."""
        with self.ctx.db.session() as session:
            rows = session.execute(select(Matter.department).where(Matter.deleted.is_(False))
                                   .distinct().order_by(Matter.department))
            return [r[0] for r in rows]
