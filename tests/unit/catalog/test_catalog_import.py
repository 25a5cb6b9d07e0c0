"""Importing the catalog: idempotent, versioned by content, tombstones, all-or-nothing."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, select, text

from desktop.cli import main as cli_main
from desktop.domain.catalog_format import CatalogInvalid
from desktop.services.catalog.search import MatterSearch
from desktop.services.catalog.service import CatalogService, apply_matters
from desktop.store.models import AuditEvent, Matter, MatterMaterial

ID_CHANGE = "620100-GA-0004"  # 居民身份证换领


def _count(ctx, model) -> int:
    with ctx.db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def _matter(ctx, code) -> Matter:
    with ctx.db.session() as s:
        return s.execute(select(Matter).where(Matter.code == code)).scalar_one()


def _entry(doc, code) -> dict:
    return next(m for m in doc["matters"] if m["code"] == code)


def _write(tmp_path, doc, name="catalog.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_sample_catalog_loads_on_first_run_only(ctx, sample_data):
    service = CatalogService(ctx)
    first = service.ensure_sample_loaded()
    assert first is not None and len(first.new) == len(sample_data["matters"])
    assert service.ensure_sample_loaded() is None
    assert service.matter_count() == len(sample_data["matters"])
    assert _matter(ctx, ID_CHANGE).source == "bundled"


def test_reimporting_the_same_catalog_writes_nothing(ctx, catalog, catalog_doc, tmp_path):
    audits = _count(ctx, AuditEvent)
    before = _matter(ctx, ID_CHANGE)
    with ctx.db.session() as s:
        material_ids = s.execute(select(MatterMaterial.id).order_by(MatterMaterial.id)).scalars().all()
    summary = catalog.import_file(_write(tmp_path, catalog_doc))
    assert summary.counts() == {"new": 0, "changed": 0, "restored": 0, "unchanged": len(catalog_doc["matters"]),
                                "deleted": 0}
    after = _matter(ctx, ID_CHANGE)
    assert (after.version, after.updated_at, after.source) == (before.version, before.updated_at, before.source)
    with ctx.db.session() as s:
        assert s.execute(select(MatterMaterial.id).order_by(MatterMaterial.id)).scalars().all() == material_ids
    assert _count(ctx, AuditEvent) == audits


def test_changed_content_bumps_version_and_replaces_materials(ctx, catalog, catalog_doc):
    entry = _entry(catalog_doc, ID_CHANGE)
    entry["promised_days"] = 15
    entry["materials"].append({"name": "原居民身份证挂失证明", "required": False, "form": "original"})
    summary = catalog.import_data(catalog_doc)
    assert summary.changed == [ID_CHANGE] and summary.unchanged == len(catalog_doc["matters"]) - 1
    detail = MatterSearch(ctx).get_matter(ID_CHANGE)
    assert detail.version == 2 and detail.promised_days == 15
    assert [m.name for m in detail.materials][-1] == "原居民身份证挂失证明"
    assert [m.seq for m in detail.materials] == list(range(1, len(entry["materials"]) + 1))
    with ctx.db.session() as s:
        event = s.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).scalars().first()
    assert event.action == "catalog.apply" and '"changed": 1' in event.detail


def test_a_new_matter_starts_at_version_one(ctx, catalog, catalog_doc):
    catalog_doc["matters"].append({"code": "620100-MZ-0099", "name": "收养登记", "department": "兰州市民政局",
                                   "kind": "行政确认", "promised_days": 20, "legal_days": 30,
                                   "materials": [{"name": "收养登记申请书", "form": "original"}]})
    summary = catalog.import_data(catalog_doc, source="import")
    assert summary.new == ["620100-MZ-0099"]
    matter = _matter(ctx, "620100-MZ-0099")
    assert (matter.version, matter.source, matter.initials) == (1, "import", "syd" + "j")


def _accept_application(ctx, code) -> int:
    """A minimal accepted application whose checklist points at the matter's current materials."""
    detail = MatterSearch(ctx).get_matter(code)
    with ctx.db.transaction() as s:
        s.execute(text("INSERT INTO user (username, display_name, role, password_hash, active, failed_attempts, "
                       "created_at) VALUES ('clerk1', '', 'clerk', 'x', 1, 0, '2026-11-25 08:00:00')"))
        app_id = s.execute(text(
            "INSERT INTO application (uuid, matter_code, matter_version, matter_name, department, immediate, "
            "promised_days, applicant_name, applicant_id_masked, clerk_id, window_id, status, created_at, "
            "updated_at, paused_working_days, rejection_reason, supplement_note, draft_json, local_version, "
            "sync_state) VALUES (:u, :c, :v, :n, '', 0, 20, '', '', 1, 'W01', 'accepted', '2026-11-25 08:00:00', "
            "'2026-11-25 08:00:00', 0, '', '', '', 1, 'local') RETURNING id"),
            {"u": str(uuid.uuid4()), "c": code, "v": detail.version, "n": detail.name}).scalar_one()
        for m in detail.materials:
            s.execute(text(
                "INSERT INTO application_material (application_id, matter_material_id, seq, name, required, "
                "copies_expected, form_expected, \"deferrable\", electronic_required, notes, state, provided_form, "
                "provided_copies, certificate_available) VALUES (:a, :mm, :seq, :name, 1, 1, 'copy', 0, 0, '', "
                "'provided', 'copy', 1, 0)"), {"a": app_id, "mm": m.id, "seq": m.seq, "name": m.name})
    return app_id


def test_accepted_application_keeps_its_snapshot_when_materials_are_replaced(ctx, catalog, catalog_doc):
    app_id = _accept_application(ctx, ID_CHANGE)
    entry = _entry(catalog_doc, ID_CHANGE)
    entry["materials"][0]["notes"] = "新规定：须本人到场"
    catalog.import_data(catalog_doc)
    with ctx.db.session() as s:
        rows = s.execute(text("SELECT matter_material_id, name FROM application_material WHERE application_id = :a "
                              "ORDER BY seq"), {"a": app_id}).all()
        app_version = s.execute(text("SELECT matter_version FROM application WHERE id = :a"),
                                {"a": app_id}).scalar_one()
        fk_problems = s.execute(text("PRAGMA foreign_key_check")).all()
    assert [r.matter_material_id for r in rows] == [None] * len(entry["materials"])
    assert [r.name for r in rows] == [m["name"] for m in entry["materials"]]
    assert app_version == 1 and _matter(ctx, ID_CHANGE).version == 2
    assert fk_problems == []


def test_tombstone_hides_the_matter_but_keeps_it_readable(ctx, catalog, catalog_doc):
    catalog_doc["matters"] = [m for m in catalog_doc["matters"] if m["code"] != ID_CHANGE]
    catalog_doc["deleted"] = [ID_CHANGE, "620100-ZZ-9999"]
    summary = catalog.import_data(catalog_doc)
    assert summary.deleted == [ID_CHANGE] and summary.unknown_tombstones == ["620100-ZZ-9999"]
    search = MatterSearch(ctx)
    assert ID_CHANGE not in [h.code for h in search.search("身份证换领")]
    assert ID_CHANGE not in [h.code for h in search.search("")]
    detail = search.get_matter(ID_CHANGE)
    assert detail.deleted and len(detail.materials) > 0
    again = catalog.import_data(catalog_doc)
    assert again.deleted == [] and not again.wrote_anything


def test_a_tombstoned_matter_can_come_back(ctx, catalog, sample_data):
    with ctx.db.transaction() as s:
        apply_matters(s, [], [ID_CHANGE], "server")
    summary = catalog.import_data(sample_data)
    assert summary.restored == [ID_CHANGE]
    matter = _matter(ctx, ID_CHANGE)
    assert not matter.deleted and matter.version == 1
    assert MatterSearch(ctx).search("身份证换领")[0].code == ID_CHANGE


def test_invalid_file_is_refused_naming_matter_and_field_and_nothing_is_imported(ctx, catalog, catalog_doc,
                                                                                tmp_path):
    _entry(catalog_doc, ID_CHANGE)["name"] = "居民身份证换领（新）"  # a valid change that must not land
    catalog_doc["matters"].append({"code": "620100-MZ-0099", "name": "收养登记", "department": "兰州市民政局"})
    _entry(catalog_doc, "620100-GA-0001")["materials"][0]["copies"] = -1
    audits = _count(ctx, AuditEvent)
    with pytest.raises(CatalogInvalid) as info:
        catalog.import_file(_write(tmp_path, catalog_doc))
    problems = info.value.problems
    assert any("620100-GA-0001" in p and "copies" in p for p in problems)
    assert any("620100-MZ-0099" in p and "promised_days" in p for p in problems)
    assert _matter(ctx, ID_CHANGE).name == "居民身份证换领"
    assert MatterSearch(ctx).get_matter("620100-MZ-0099") is None
    assert _count(ctx, AuditEvent) == audits


def test_apply_matters_rolls_back_with_the_callers_transaction(ctx, catalog, catalog_doc):
    _entry(catalog_doc, ID_CHANGE)["promised_days"] = 10

    class Boom(Exception):
        pass

    with pytest.raises(Boom), ctx.db.transaction() as s:
        summary = apply_matters(s, catalog_doc["matters"], [], "server")
        assert summary.changed == [ID_CHANGE]
        raise Boom
    assert _matter(ctx, ID_CHANGE).version == 1


def test_cli_import_prints_a_summary_and_refuses_a_broken_file(data_dir, tmp_path, catalog_doc, capsys):
    path = _write(tmp_path, catalog_doc)
    assert cli_main(["--data-dir", str(data_dir), "catalog", "import", str(path)]) == 0
    assert f"新增 {len(catalog_doc['matters'])} 项" in capsys.readouterr().out
    assert cli_main(["--data-dir", str(data_dir), "catalog", "import", str(path)]) == 0
    assert f"未变 {len(catalog_doc['matters'])} 项" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "onewindow-catalog", "matters": [', encoding="utf-8")
    assert cli_main(["--data-dir", str(data_dir), "catalog", "import", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "不是有效的 JSON" in err and "没有写入任何数据" in err


def test_cli_list_searches_like_the_intake_screen(data_dir, tmp_path, catalog_doc, capsys):
    cli_main(["--data-dir", str(data_dir), "catalog", "import", str(_write(tmp_path, catalog_doc))])
    capsys.readouterr()
    assert cli_main(["--data-dir", str(data_dir), "catalog", "list", "--search", "hkqy"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("620100-GA-0001  户口迁移")


def test_db_check_finds_a_matter_without_search_keys(ctx, catalog):
    from desktop.services.maintenance.db_check import run_checks

    def finding(name):
        return next(f for f in run_checks(ctx.config.db_path) if f.name == name)

    assert finding("live matters have search keys").ok
    assert finding("matter usage counts cover every application").ok
    with ctx.db.transaction() as s:
        s.execute(text("UPDATE matter SET search_text = '' WHERE code = :c"), {"c": ID_CHANGE})
    assert not finding("live matters have search keys").ok
