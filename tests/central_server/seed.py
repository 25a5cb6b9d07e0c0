"""Seed data for a fresh reference server: the sample catalog and a working-day calendar.

The catalog comes from ``resources/catalog/sample_catalog.json`` (the catalog engineer's file).
Its exact shape may vary, so each record is mapped leniently onto the API's Matter shape; when
the file is absent a small built-in catalog keeps the server usable.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CATALOG = REPO_ROOT / "resources" / "catalog" / "sample_catalog.json"

FALLBACK_MATTERS: list[dict[str, Any]] = [
    {"code": "620100-GA-001", "name": "居民身份证换领", "department": "市公安局", "kind": "公共服务",
     "promised_days": 15, "legal_days": 60, "immediate": False,
     "materials": [{"seq": 1, "name": "居民身份证", "required": True, "copies": 1, "form": "original"},
                   {"seq": 2, "name": "户口簿", "required": True, "copies": 1, "form": "original_and_copy"}]},
    {"code": "620100-SC-001", "name": "个体工商户设立登记", "department": "市市场监督管理局", "kind": "行政许可",
     "promised_days": 3, "legal_days": 15, "immediate": False,
     "materials": [{"seq": 1, "name": "经营者身份证明", "required": True, "copies": 1, "form": "copy"},
                   {"seq": 2, "name": "经营场所证明", "required": True, "copies": 1, "form": "copy",
                    "deferrable": True}]},
    {"code": "620100-MZ-001", "name": "婚姻登记记录证明", "department": "市民政局", "kind": "公共服务",
     "promised_days": 0, "legal_days": 1, "immediate": True,
     "materials": [{"seq": 1, "name": "居民身份证", "required": True, "copies": 1, "form": "original"}]},
]

# 2026 public holidays and adjusted working days (调休) as announced by the State Council.
CALENDAR_2026 = [
    ("2026-01-01", "holiday", "元旦"), ("2026-01-02", "holiday", "元旦"), ("2026-01-03", "holiday", "元旦"),
    ("2026-01-04", "workday", "元旦调休"),
    *[(f"2026-02-{d:02d}", "holiday", "春节") for d in range(15, 24)],
    ("2026-02-14", "workday", "春节调休"), ("2026-02-28", "workday", "春节调休"),
    ("2026-04-04", "holiday", "清明节"), ("2026-04-05", "holiday", "清明节"), ("2026-04-06", "holiday", "清明节"),
    *[(f"2026-05-{d:02d}", "holiday", "劳动节") for d in range(1, 6)],
    ("2026-05-09", "workday", "劳动节调休"),
    ("2026-06-19", "holiday", "端午节"), ("2026-06-20", "holiday", "端午节"), ("2026-06-21", "holiday", "端午节"),
    ("2026-09-25", "holiday", "中秋节"), ("2026-09-26", "holiday", "中秋节"), ("2026-09-27", "holiday", "中秋节"),
    *[(f"2026-10-{d:02d}", "holiday", "国庆节") for d in range(1, 8)],
    ("2026-09-20", "workday", "国庆节调休"), ("2026-10-10", "workday", "国庆节调休"),
]


def _material(raw: dict[str, Any], seq: int) -> dict[str, Any]:
    return {"seq": int(raw.get("seq") or seq), "name": str(raw.get("name") or f"材料{seq}"),
            "required": bool(raw.get("required", True)), "copies": int(raw.get("copies") or 1),
            "form": str(raw.get("form") or "copy"), "cert_type": raw.get("cert_type"),
            "deferrable": bool(raw.get("deferrable", False)),
            "electronic_required": bool(raw.get("electronic_required", False)), "notes": str(raw.get("notes") or "")}


def normalise_matter(raw: dict[str, Any]) -> dict[str, Any]:
    """Map a catalog record (any reasonable field naming) onto the API's Matter shape."""
    materials = raw.get("materials") or []
    return {
        "code": str(raw["code"]), "name": str(raw.get("name") or raw["code"]),
        "department": str(raw.get("department") or ""), "kind": str(raw.get("kind") or "行政许可"),
        "promised_days": int(raw.get("promised_days") or 0), "legal_days": int(raw.get("legal_days") or 0),
        "fee_cents": int(raw.get("fee_cents") or 0), "fee_note": str(raw.get("fee_note") or ""),
        "immediate": bool(raw.get("immediate", False)), "version": int(raw.get("version") or 1),
        "materials": [_material(m, i + 1) for i, m in enumerate(materials) if isinstance(m, dict)],
    }


def load_catalog(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or SAMPLE_CATALOG
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [dict(m) for m in FALLBACK_MATTERS]
    records = data.get("matters", data.get("items", [])) if isinstance(data, dict) else data
    matters = [normalise_matter(r) for r in records if isinstance(r, dict) and r.get("code")]
    return matters or [dict(m) for m in FALLBACK_MATTERS]


def calendar_days() -> list[dict[str, str]]:
    return [{"date": d, "kind": k, "name": n} for d, k, n in CALENDAR_2026]
