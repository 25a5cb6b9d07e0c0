"""The matters catalog in the local store: versioned, idempotent import from any source.

A matter's ``content_hash`` (sha256 of its canonical content) decides what an import does:
unchanged content writes nothing, changed content bumps ``version`` and replaces the materials,
a new code starts at version 1, and a tombstone marks the matter deleted (it disappears from
search but stays readable, because drafts and old applications name it). Applications keep
their own snapshot (``matter_version`` and the checklist rows), so replacing ``matter_material``
rows is safe: ``application_material.matter_material_id`` is set to NULL by the foreign key.

The same :func:`apply_matters` serves the bundled sample, ``onewindow catalog import`` and the
sync engineer's catalog pull, always inside the caller's single transaction: a bad entry is
refused before anything is written, and a pull cursor can commit together with the rows.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import resources
from desktop.domain.catalog_format import (
    Catalog,
    CatalogInvalid,
    MatterSpec,
    content_hash,
    parse_catalog,
    parse_matters,
)
from desktop.domain.search_keys import MatterKeys, matter_keys
from desktop.services import audit
from desktop.services.catalog.bulk_index import bulk_search_index
from desktop.services.context import AppContext
from desktop.store.base import stored_text
from desktop.store.models import Matter, utcnow

log = logging.getLogger("onewindow.catalog")

SAMPLE_CATALOG = Path(resources.__file__).parent / "catalog" / "sample_catalog.json"
SOURCES = ("bundled", "import", "server")


@dataclass
class ApplySummary:
    """What one import did, by matter code."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # a tombstoned code that came back
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    unknown_tombstones: list[str] = field(default_factory=list)  # tombstones for codes never seen

    @property
    def wrote_anything(self) -> bool:
        return bool(self.new or self.changed or self.restored or self.deleted)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "restored": len(self.restored),
                "unchanged": self.unchanged, "deleted": len(self.deleted)}

    def describe(self) -> str:
        c = self.counts()
        text = f"新增 {c['new']} 项，变更 {c['changed']} 项，未变 {c['unchanged']} 项，删除 {c['deleted']} 项"
        if c["restored"]:
            text += f"，恢复 {c['restored']} 项"
        return text


def _matter_values(spec: MatterSpec, digest: str, source: str, stamp: str, version: int,
                   keys: MatterKeys | None = None) -> tuple:
    """A matter as the SQL parameters of :data:`_INSERT_MATTER` (``_MATTER_COLUMNS``; booleans as SQLite stores them).

    ``keys``: the search keys already stored for this very name and department, if any; else
    they are computed (with pypinyin, which loads its tables on first use).
    """
    keys = keys or matter_keys(spec.name, spec.department)
    return (spec.code, spec.name, spec.department, spec.kind, spec.promised_days, spec.legal_days, spec.fee_cents,
            spec.fee_note, int(spec.immediate), spec.decided_by, digest, 0, keys.search_text, keys.initials,
            keys.pinyin, source, stamp, version)


def _material_values(matter_id: int, spec: MatterSpec) -> list[tuple]:
    """The matter's material rows as the SQL parameters of :data:`_INSERT_MATERIAL` (``_MATERIAL_COLUMNS``)."""
    return [(matter_id, seq, m.name, m.required, m.copies, m.form, m.cert_type, m.deferrable, m.electronic_required,
             m.notes) for seq, m in enumerate(spec.materials, start=1)]


def _quoted(column: str) -> str:
    return f'"{column}"'  # some names are SQL keywords (deferrable)


_MATTER_COLUMNS = ("code", "name", "department", "kind", "promised_days", "legal_days", "fee_cents", "fee_note",
                   "immediate", "decided_by", "content_hash", "deleted", "search_text", "initials", "pinyin", "source",
                   "updated_at", "version")
_MATERIAL_COLUMNS = ("matter_id", "seq", "name", "required", "copies", "form", "cert_type", "deferrable",
                     "electronic_required", "notes")
_INSERT_MATTER = f"INSERT INTO matter ({', '.join(map(_quoted, _MATTER_COLUMNS))}) VALUES "
_UPDATE_MATTER = f"UPDATE matter SET {', '.join(_quoted(c) + ' = ?' for c in _MATTER_COLUMNS)} WHERE id = ?"
_INSERT_MATERIAL = f"INSERT INTO matter_material ({', '.join(map(_quoted, _MATERIAL_COLUMNS))}) VALUES "
_MAX_VARIABLES = 999  # SQLite's limit on ? in one statement before 3.32 (32,766 since): safe on any build


def _insert_rows(conn: Any, insert: str, rows: list[tuple]) -> None:
    """``insert`` (an INSERT … VALUES without its rows) for every row, many rows per statement.

    A row per statement cost SQLite a statement reset and step, and Python a round trip, for
    each of a pull's 5,000 matters and 20,000 materials; as many rows per statement as 999
    parameters allow inserts the same rows, in the same order (so with the same ids), in about
    two thirds of the time (tests/unit/catalog/test_catalog_bulk_rows.py compares every row).
    """
    if not rows:
        return
    width = len(rows[0])
    per = max(1, _MAX_VARIABLES // width)
    marks = "(" + ", ".join("?" * width) + ")"
    whole = len(rows) - len(rows) % per
    if whole:
        conn.exec_driver_sql(insert + ", ".join([marks] * per),
                             [tuple(chain.from_iterable(rows[i:i + per])) for i in range(0, whole, per)])
    if whole < len(rows):
        rest = rows[whole:]
        conn.exec_driver_sql(insert + ", ".join([marks] * len(rest)), tuple(chain.from_iterable(rest)))


class _Stored(NamedTuple):
    """A matter as stored, for deciding what an import does to it."""

    id: int
    content_hash: str
    version: int
    deleted: bool
    name: str
    department: str
    keys: MatterKeys

    def keys_for(self, spec: MatterSpec) -> MatterKeys | None:
        """The stored search keys if they were made from ``spec``'s name and department (and exist)."""
        if self.name == spec.name and self.department == spec.department and self.keys.search_text:
            return self.keys
        return None


_EXISTING = ("SELECT code, id, content_hash, version, deleted, name, department, search_text, initials, pinyin "
             "FROM matter WHERE code IN (SELECT value FROM json_each(?))")


_IDS = "SELECT code, id FROM matter WHERE code IN (SELECT value FROM json_each(?))"  # the new rows' ids


def _existing(session: Session, codes: list[str]) -> dict[str, _Stored]:
    """code -> what is stored, for the codes that are already stored (one statement)."""
    if not codes:
        return {}
    rows = session.connection().exec_driver_sql(_EXISTING, (json.dumps(codes),))
    return {code: _Stored(mid, digest, version, bool(deleted), name, department, MatterKeys(text, initials, pinyin))
            for code, mid, digest, version, deleted, name, department, text, initials, pinyin in rows}


def apply_matters(session: Session, items: Iterable[MatterSpec | Mapping[str, Any]], tombstones: Iterable[str] = (),
                  source: str = "server", *, actor: str = "system", audit_it: bool = True) -> ApplySummary:
    """Bring the stored catalog in line with ``items`` (full matters) and ``tombstones`` (codes).

    Call it inside the caller's write transaction (``with db.transaction() as s``). ``items`` may
    be :class:`MatterSpec` objects or dicts in the catalog exchange format; every dict is checked
    first and :class:`CatalogInvalid` (naming matter code and field) is raised before anything is
    written. Matters not named in ``items`` or ``tombstones`` are left alone (a pull is a delta).
    Records one ``catalog.apply`` audit event when something was written.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown catalog source {source!r}")
    problems: list[str] = []
    raw = list(items)
    specs = [x for x in raw if isinstance(x, MatterSpec)]
    dicts = [x for x in raw if not isinstance(x, MatterSpec)]
    specs += parse_matters(dicts, problems)
    codes = [s.code for s in specs]
    if len(set(codes)) != len(codes):
        problems.append("事项编码重复：同一批次中出现了两次相同的事项编码")
    dead = [c.strip().upper() for c in tombstones]
    both = sorted(set(codes) & set(dead))
    if both:
        problems.append(f"事项 {'、'.join(both)} 同时出现在更新和删除中")
    if problems:
        raise CatalogInvalid(problems)

    stamp = stored_text(utcnow())
    summary = ApplySummary()
    existing = _existing(session, codes + dead)
    new_specs: list[tuple[MatterSpec, str]] = []
    updates: list[tuple] = []  # changed or restored matters: _MATTER_COLUMNS values + id
    replace: list[tuple[int, MatterSpec]] = []  # matters whose material rows are (re)written
    for spec in specs:
        digest = content_hash(spec)
        known = existing.get(spec.code)
        if known is None:
            new_specs.append((spec, digest))
            summary.new.append(spec.code)
            continue
        matter_id, old_digest, version, was_deleted = known.id, known.content_hash, known.version, known.deleted
        if old_digest == digest and not was_deleted:
            summary.unchanged += 1
            continue
        if old_digest != digest:
            version += 1
            replace.append((matter_id, spec))
            summary.changed.append(spec.code)
        else:
            summary.restored.append(spec.code)
        # Same name and department as stored: their search keys are reused, not recomputed, so a
        # pull of changed fees or materials never needs pypinyin (the first pull after start included).
        updates.append(_matter_values(spec, digest, source, stamp, version, known.keys_for(spec)) + (matter_id,))

    # Plain executemany on the session's connection (no per-row parameter processing by Core):
    # the same columns and values Core wrote (tests/unit/catalog/test_catalog_bulk_rows.py pins them).
    # The search index is written set-based for the whole batch (bulk_index.py), not row by row.
    conn = session.connection()
    with bulk_search_index(conn) as index:
        if updates:
            index.before_rewrite(row[-1] for row in updates)
            conn.exec_driver_sql(_UPDATE_MATTER, updates)
        if new_specs:
            rows = [_matter_values(spec, digest, source, stamp, 1) for spec, digest in new_specs]
            index.before_insert()
            _insert_rows(conn, _INSERT_MATTER, rows)
    # Old material rows go first; application_material rows pointing at them get NULL (FK SET NULL).
    if replace:
        conn.exec_driver_sql("DELETE FROM matter_material WHERE matter_id IN (SELECT value FROM json_each(?))",
                             (json.dumps([mid for mid, _ in replace]),))
    if new_specs:
        ids: dict[str, int] = {code: mid for code, mid in conn.exec_driver_sql(
            _IDS, (json.dumps([spec.code for spec, _ in new_specs]),)).all()}
        replace += [(ids[spec.code], spec) for spec, _ in new_specs]
    _insert_rows(conn, _INSERT_MATERIAL, [values for mid, spec in replace for values in _material_values(mid, spec)])

    deleted: list[tuple[str, str, int]] = []
    for code in dict.fromkeys(dead):
        known = existing.get(code)
        if known is None:
            summary.unknown_tombstones.append(code)
        elif known.deleted:
            summary.unchanged += 1
        else:
            deleted.append((source, stamp, known.id))
            summary.deleted.append(code)
    if deleted:
        conn.exec_driver_sql("UPDATE matter SET deleted = 1, source = ?, updated_at = ? WHERE id = ?", deleted)

    if summary.wrote_anything and audit_it:
        audit.record(session, actor, "catalog.apply", source,
                     summary.counts() | {"codes": (summary.new + summary.changed + summary.deleted)[:50]})
    log.info("catalog %s applied: %s", source, summary.counts())
    return summary


def read_catalog_file(path: Path) -> Catalog:
    """Parse a catalog file; every way it can be unreadable becomes a :class:`CatalogInvalid`."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogInvalid([f"找不到文件 {path}"]) from None
    except UnicodeDecodeError:
        raise CatalogInvalid([f"文件 {path} 不是 UTF-8 编码的文本"]) from None
    except OSError as exc:
        raise CatalogInvalid([f"无法读取文件 {path}：{exc.strerror or exc}"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogInvalid([f"文件 {path} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）"]) from None
    return parse_catalog(data)


class CatalogService:
    """Catalog use cases for the app, the CLI and tests."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def import_catalog(self, catalog: Catalog, *, source: str = "import", actor: str = "system") -> ApplySummary:
        """Apply a parsed catalog in one transaction (all of it, or nothing)."""
        with self.ctx.db.transaction() as session:
            return apply_matters(session, catalog.matters, catalog.deleted, source, actor=actor)

    def import_file(self, path: Path, *, source: str = "import", actor: str = "system") -> ApplySummary:
        """Check then apply a catalog file; raises :class:`CatalogInvalid` and writes nothing if bad."""
        return self.import_catalog(read_catalog_file(path), source=source, actor=actor)

    def import_data(self, data: Any, *, source: str = "import", actor: str = "system") -> ApplySummary:
        return self.import_catalog(parse_catalog(data), source=source, actor=actor)

    def matter_count(self, *, include_deleted: bool = False) -> int:
        with self.ctx.db.session() as session:
            query = select(func.count()).select_from(Matter)
            if not include_deleted:
                query = query.where(Matter.deleted.is_(False))
            return int(session.execute(query).scalar_one())

    def ensure_sample_loaded(self) -> ApplySummary | None:
        """Load the bundled sample catalog when the store has no matter at all (first run).

        Returns None when a catalog is already present (imported, synced or loaded earlier).
        """
        if self.matter_count(include_deleted=True):
            return None
        catalog = read_catalog_file(SAMPLE_CATALOG)
        with self.ctx.db.transaction() as session:
            # Checked again under the write lock: two windows starting together load it once.
            if session.execute(select(func.count()).select_from(Matter)).scalar_one():
                return None
            summary = apply_matters(session, catalog.matters, catalog.deleted, "bundled")
        log.info("bundled sample catalog loaded: %d matters", len(summary.new))
        return summary
