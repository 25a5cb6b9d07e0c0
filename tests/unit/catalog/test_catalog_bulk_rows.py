"""The catalog import's plain-SQL writes leave exactly the rows the Core statements wrote.

``apply_matters`` writes matters and their materials with plain ``executemany`` (a 5,000-matter
pull spent more in SQLAlchemy's per-row parameter processing than in SQLite). This replays the
same imports through the previous Core path (kept here as the reference) into a second store
and compares every column of ``matter`` and ``matter_material`` and what the FTS index finds.
"""
from __future__ import annotations

import copy
import re
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, text, update

from desktop.config import load_config
from desktop.domain.catalog_format import parse_matters
from desktop.domain.search_keys import matter_keys
from desktop.services.catalog.service import _existing, apply_matters
from desktop.services.context import AppContext
from desktop.store.models import Matter, MatterMaterial, utcnow


def _matter_row(spec, digest: str, source: str, now) -> dict[str, Any]:
    keys = matter_keys(spec.name, spec.department)
    return {"code": spec.code, "name": spec.name, "department": spec.department, "kind": spec.kind,
            "promised_days": spec.promised_days, "legal_days": spec.legal_days, "fee_cents": spec.fee_cents,
            "fee_note": spec.fee_note, "immediate": spec.immediate, "decided_by": spec.decided_by,
            "content_hash": digest, "deleted": False,
            "search_text": keys.search_text, "initials": keys.initials, "pinyin": keys.pinyin, "source": source,
            "updated_at": now}


def _material_rows(matter_id: int, spec) -> list[dict[str, Any]]:
    return [{"matter_id": matter_id, "seq": seq, "name": m.name, "required": m.required, "copies": m.copies,
             "form": m.form, "cert_type": m.cert_type, "deferrable": m.deferrable,
             "electronic_required": m.electronic_required, "notes": m.notes}
            for seq, m in enumerate(spec.materials, start=1)]


def _reference_apply(session, items: list[dict[str, Any]], dead: list[str], source: str) -> None:
    """The Core path ``apply_matters`` used before (same decisions, one statement per changed row)."""
    from desktop.domain.catalog_format import content_hash

    specs = parse_matters(items, [])
    now = utcnow()
    existing = _existing(session, [s.code for s in specs] + dead)
    new_specs, replace = [], []
    for spec in specs:
        digest = content_hash(spec)
        known = existing.get(spec.code)
        if known is None:
            new_specs.append((spec, digest))
            continue
        matter_id, old_digest, version, was_deleted = known[:4]
        if old_digest == digest and not was_deleted:
            continue
        row = _matter_row(spec, digest, source, now)
        if old_digest != digest:
            row["version"] = version + 1
            replace.append((matter_id, spec))
        session.execute(update(Matter).where(Matter.id == matter_id).values(**row))
    if new_specs:
        session.execute(insert(cast(Table, Matter.__table__)),
                        [_matter_row(spec, digest, source, now) | {"version": 1} for spec, digest in new_specs])
    if replace:
        session.execute(delete(MatterMaterial).where(MatterMaterial.matter_id.in_([m for m, _ in replace])))
    if new_specs:
        ids = _existing(session, [spec.code for spec, _ in new_specs])
        replace += [(ids[spec.code][0], spec) for spec, _ in new_specs]
    material_rows = [row for mid, spec in replace for row in _material_rows(mid, spec)]
    if material_rows:  # (the old code tested ``replace``: a page changing only matters without materials failed)
        session.execute(insert(cast(Table, MatterMaterial.__table__)), material_rows)
    for code in dict.fromkeys(dead):
        known = existing.get(code)
        if known is not None and not known[3]:
            session.execute(update(Matter).where(Matter.id == known[0])
                            .values(deleted=True, source=source, updated_at=now))


def _dump(ctx) -> dict[str, Any]:
    with ctx.db.session() as s:
        matters = [tuple(r) for r in s.execute(text("SELECT * FROM matter ORDER BY id")).all()]
        materials = [tuple(r) for r in s.execute(text("SELECT * FROM matter_material ORDER BY id")).all()]
        stamps = [r[0] for r in s.execute(text("SELECT updated_at FROM matter")).all()]
        found = {q: [r[0] for r in s.execute(text("SELECT rowid FROM matter_fts WHERE matter_fts MATCH :q "
                                                   "ORDER BY rowid"), {"q": q})]
                 for q in ('"户 口"', '"hk"*', '"shenfen"*', '"生 成"', '"公 安"')}
        columns = [c[1] for c in s.execute(text("PRAGMA table_info(matter)")).all()]
    at = columns.index("updated_at")
    assert all(isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", v) for v in stamps)
    return {"matters": [r[:at] + r[at + 1:] for r in matters], "materials": materials, "fts": found}


def _steps(sample: dict[str, Any]) -> list[tuple[list[dict[str, Any]], list[str]]]:
    matters = copy.deepcopy(sample["matters"])
    extra = [{"code": f"GEN-{i:04d}", "name": f"生成事项{i}号（第{i}批）", "department": f"部门{i % 3}",
              "promised_days": 1 + i % 5, "legal_days": 30, "fee_cents": i * 100, "immediate": False,
              "materials": [{"name": f"材料{k}", "required": k % 2 == 0, "copies": k, "form": "original",
                             "deferrable": k == 1, "electronic_required": k == 2, "notes": "备注" * k}
                            for k in range(1, 4)]} for i in range(30)]
    changed = copy.deepcopy(matters[:5])
    for m in changed:
        m["name"] += "（变更）"
        m["materials"] = m["materials"][:1]
    changed[0]["materials"] = []  # a matter left without materials
    return [(matters + extra, []),
            (changed + [{**extra[0], "fee_cents": 1}], [matters[6]["code"], "NEVER-SEEN"]),
            ([{**changed[0], "fee_note": "免费"}], []),  # only a matter without materials changes
            ([matters[6]], [extra[1]["code"]]),  # a tombstoned matter comes back unchanged: restored
            (matters[:3], [])]  # the old content again: changed back


def test_bulk_writes_equal_the_core_path_column_for_column(ctx, tmp_path, sample_data):
    reference = AppContext.open(load_config(data_dir=tmp_path / "reference", search_default_provisioning=False))
    try:
        for items, dead in _steps(sample_data):
            with ctx.db.transaction() as s:
                apply_matters(s, copy.deepcopy(items), dead, "server", actor="sync", audit_it=False)
            with reference.db.transaction() as s:
                _reference_apply(s, copy.deepcopy(items), [c.strip().upper() for c in dead], "server")
            assert _dump(ctx) == _dump(reference)
        with ctx.db.session() as s:
            assert s.execute(select(Matter.deleted).where(Matter.code == "GEN-0001")).scalar_one() is True
    finally:
        reference.close()
