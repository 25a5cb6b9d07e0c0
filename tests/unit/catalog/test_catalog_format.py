"""The catalog exchange format: the bundled sample is sound, bad entries are named precisely."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain.catalog_format import (
    CERT_TYPES,
    FORMS,
    KINDS,
    CatalogInvalid,
    content_hash,
    parse_catalog,
    parse_matters,
)
from desktop.services.catalog.service import SAMPLE_CATALOG

SCHEMA = Path(SAMPLE_CATALOG).with_name("catalog.schema.json")


def _minimal(**overrides) -> dict:
    entry = {"code": "620100-XX-0001", "name": "测试事项", "department": "测试局", "immediate": True,
             "materials": [{"name": "申请书", "form": "original"}]}
    entry.update(overrides)
    return entry


def test_sample_catalog_is_valid_and_big_enough_for_a_city_hall(sample_data):
    catalog = parse_catalog(sample_data)
    departments = {m.department for m in catalog.matters}
    assert len(catalog.matters) >= 60
    assert len(departments) >= 8
    immediate = [m for m in catalog.matters if m.immediate]
    assert len(catalog.matters) / 4 <= len(immediate) < len(catalog.matters)
    assert all(m.promised_days == 0 for m in immediate)


def test_sample_catalog_has_the_long_cases_printing_needs(sample_data):
    catalog = parse_catalog(sample_data)
    assert max(len(m.name) for m in catalog.matters) >= 40
    assert max(len(m.materials) for m in catalog.matters) >= 20


def test_sample_catalog_is_what_the_build_script_writes(sample_data):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_sample", SAMPLE_CATALOG.with_name("build_sample.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == sample_data


def test_schema_enumerations_match_the_code():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    material = schema["$defs"]["material"]["properties"]
    assert material["form"]["enum"] == list(FORMS)
    assert material["cert_type"]["anyOf"][0]["enum"] == list(CERT_TYPES)
    assert schema["$defs"]["matter"]["properties"]["kind"]["enum"] == list(KINDS)


def test_sample_catalog_validates_against_its_json_schema(sample_data):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(sample_data))
    assert errors == []


def test_every_problem_names_the_matter_code_and_the_field():
    problems: list[str] = []
    specs = parse_matters([
        _minimal(code="620100-XX-0001", name=""),
        _minimal(code="620100-XX-0002", immediate=False, promised_days=0),
        _minimal(code="620100-XX-0003", materials=[{"name": "照片", "form": "photo"}]),
        _minimal(code="620100-XX-0004", kind="行政审批"),
        _minimal(code="620100-XX-0005", fee_cents="20元"),
        _minimal(code="620100-XX-0006", materials=[{"name": "证", "cert_type": "PASSPORT"}]),
        _minimal(code="620100-XX-0007", immediate=False, promised_days=30, legal_days=20),
        _minimal(code="620100-XX-0008", colour="red"),
    ], problems)
    assert specs == []
    joined = "\n".join(problems)
    for code, field in (("0001", "name"), ("0002", "promised_days"), ("0003", "form"), ("0004", "kind"),
                        ("0005", "fee_cents"), ("0006", "cert_type"), ("0007", "promised_days"),
                        ("0008", "colour")):
        assert any(f"620100-XX-{code}" in p and field in p for p in problems), (code, field, joined)


def test_duplicate_codes_and_material_names_are_refused():
    with pytest.raises(CatalogInvalid) as info:
        parse_catalog({"format": "onewindow-catalog", "format_version": 1, "matters": [
            _minimal(), _minimal(name="另一个"),
            _minimal(code="620100-XX-0002", materials=[{"name": "申请书"}, {"name": "申请书"}])]})
    text = str(info.value)
    assert "620100-XX-0001" in text and "重复" in text
    assert "620100-XX-0002" in text and "材料名称重复" in text


def test_a_file_that_is_not_a_catalog_says_so():
    with pytest.raises(CatalogInvalid) as info:
        parse_catalog({"matters": []})
    assert "format" in str(info.value)
    with pytest.raises(CatalogInvalid):
        parse_catalog([1, 2, 3])


def test_codes_are_normalised_to_upper_case():
    [spec] = parse_matters([_minimal(code=" 620100-xx-0001 ")], [])
    assert spec.code == "620100-XX-0001"


def test_content_hash_ignores_formatting_but_sees_any_change():
    [a] = parse_matters([_minimal()], [])
    [b] = parse_matters([json.loads(json.dumps(_minimal(), indent=4))], [])
    [c] = parse_matters([_minimal(materials=[{"name": "申请书", "form": "original", "copies": 2}])], [])
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(c)
