"""The matters catalog exchange format: parse, check and fingerprint catalog entries.

A catalog arrives from three places — the bundled sample, a file IT imports, the central
platform — and a bad entry must never half-land in the store. So everything is checked here,
up front, and every problem is reported at once in the clerk's language, naming the matter code
and the field, before a single row is written. The format is documented in
``resources/catalog/catalog.schema.json`` and ``resources/catalog/README.md``.

``content_hash`` fingerprints a matter's content (not its code's bookkeeping such as version or
source): a re-import of the same catalog writes nothing, and only a real change bumps the version.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from itertools import chain
from operator import attrgetter
from typing import Any

import orjson

from desktop.domain.canonical_json import canonical
from desktop.domain.errors import UserError

FORMAT_NAME = "onewindow-catalog"
FORMAT_VERSION = 1

KINDS = ("行政许可", "行政确认", "行政给付", "行政裁决", "行政奖励", "行政征收", "公共服务", "其他行政权力")
FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}

# E-certificate types (电子证照类型) that can stand in for a paper material when the holder has one.
CERT_TYPES: dict[str, str] = {
    "ID_CARD": "居民身份证",
    "HOUSEHOLD_REGISTER": "居民户口簿",
    "RESIDENCE_PERMIT": "居住证",
    "BIRTH_MEDICAL_CERT": "出生医学证明",
    "MARRIAGE_CERT": "结婚证",
    "DIVORCE_CERT": "离婚证",
    "DEATH_CERT": "居民死亡医学证明（推断）书",
    "BUSINESS_LICENSE": "营业执照",
    "FOOD_BUSINESS_LICENSE": "食品经营许可证",
    "REAL_ESTATE_CERT": "不动产权证书",
    "SOCIAL_SECURITY_CARD": "社会保障卡",
    "DRIVING_LICENSE": "机动车驾驶证",
    "VEHICLE_LICENSE": "机动车行驶证",
    "DISABILITY_CERT": "中华人民共和国残疾人证",
    "DEGREE_CERT": "学历证书",
    "PRACTICING_CERT": "执业（职业）资格证书",
}

# Codes are matter codes (事项编码) or implementation codes (实施编码): letters, digits, '-', '_', '.'.
CODE_PATTERN = re.compile(r"[0-9A-Z][0-9A-Z._-]{2,63}")
MAX_DAYS = 365
NAME_MAX = 400
DEPARTMENT_MAX = 200


class CatalogInvalid(UserError, ValueError):
    """The catalog (or one entry) is not acceptable; ``problems`` lists every reason in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "；".join(problems[:10])
        more = f"（另有 {len(problems) - 10} 处问题）" if len(problems) > 10 else ""
        super().__init__(f"事项目录无效，共 {len(problems)} 处问题：{shown}{more}")


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    required: bool = True
    copies: int = 1
    form: str = "copy"
    cert_type: str | None = None
    deferrable: bool = False
    electronic_required: bool = False
    notes: str = ""


@dataclass(frozen=True)
class MatterSpec:
    code: str
    name: str
    department: str
    kind: str = "行政许可"
    promised_days: int = 0
    legal_days: int = 0
    fee_cents: int = 0
    fee_note: str = ""
    immediate: bool = False
    materials: tuple[MaterialSpec, ...] = field(default_factory=tuple)
    decided_by: str = "hall"  # hall | department: who decides and issues the papers

    def content(self) -> dict[str, Any]:
        """The canonical content, as the exchange format spells it.

        ``decided_by`` appears only when it is not the default, so matters fingerprinted before
        the field existed keep their hash (and their version) on re-import.
        """
        data = {name: getattr(self, name) for name in _MATTER_CONTENT}
        if self.decided_by != "hall":
            data["decided_by"] = self.decided_by
        # A material's instance dict holds exactly its fields (frozen: nothing else can be set);
        # copied whole, not field by field.
        data["materials"] = [dict(vars(m)) for m in self.materials]
        return data


# Field names in declaration order, read once (``dataclasses.fields`` per call was a third of
# hashing a 5,000-matter catalog page).
_MATTER_CONTENT = tuple(f.name for f in fields(MatterSpec) if f.name not in ("materials", "decided_by"))


@dataclass(frozen=True)
class Catalog:
    matters: tuple[MatterSpec, ...]
    deleted: tuple[str, ...] = ()
    region_code: str = ""
    catalog_version: str = ""


def content_hash(spec: MatterSpec) -> str:
    """sha256 of the canonical JSON of the matter's content (sorted keys, no whitespace)."""
    return hashlib.sha256(canonical_content(spec)).hexdigest()


# What orjson and the json module write alike: only str/int/bool/None values (exact types; no
# float, whose formatting differs, and nothing orjson writes but json refuses, such as enums,
# UUIDs, dates or dataclasses). Anything else takes canonical() itself.
_JSON_ALIKE = frozenset({str, int, bool, type(None)})
_ORJSON_CANONICAL = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
                     | orjson.OPT_PASSTHROUGH_SUBCLASS)
_CONTENT_FIELDS = attrgetter(*_MATTER_CONTENT, "decided_by")


def canonical_content(spec: MatterSpec) -> bytes:
    """``canonical(spec.content()).encode("utf-8")``, byte for byte, in a seventh of the time.

    The content hash decides whether a stored matter changed, so its text can never move: a
    different byte would make every stored matter look changed (and bump its version) on the
    next pull. orjson writes the same text as the json module for str keys and str/int/bool/None
    values (sorted keys, the same escapes, UTF-8 as is); a matter holding anything else, or
    anything orjson refuses (an int over 64 bits, a lone surrogate), takes canonical() itself.
    tests/unit/catalog/test_canonical_content.py holds the two together (every character's
    escape, generated matters, the pinned digests).
    """
    data = spec.content()
    if _JSON_ALIKE.issuperset(map(type, chain(_CONTENT_FIELDS(spec), *map(dict.values, data["materials"])))):
        try:
            return orjson.dumps(data, option=_ORJSON_CANONICAL)
        except orjson.JSONEncodeError:
            pass
    return canonical(data).encode("utf-8")


class _Checker:
    """Collects problems for one entry so a file reports all of them, not just the first."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems

    def fail(self, field_name: str, message: str) -> None:
        self.problems.append(f"{self.where} 字段 {field_name}：{message}")

    def text(self, obj: Mapping[str, Any], key: str, *, required: bool, max_len: int, default: str = "") -> str:
        value = obj.get(key, None)
        if value is None:
            if required:
                self.fail(key, "缺少此项")
            return default
        if not isinstance(value, str):
            self.fail(key, "应为文字")
            return default
        value = value.strip()
        if required and not value:
            self.fail(key, "不能为空")
        if len(value) > max_len:
            self.fail(key, f"过长（{len(value)} 字，最多 {max_len} 字）")
        return value

    def flag(self, obj: Mapping[str, Any], key: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "应为 true 或 false")
            return default
        return value

    def number(self, obj: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
        value = obj.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, "应为整数")
            return default
        if not low <= value <= high:
            self.fail(key, f"应在 {low} 到 {high} 之间（现为 {value}）")
        return value


_MATTER_KEYS = {"code", "name", "department", "kind", "promised_days", "legal_days", "fee_cents", "fee_note",
                "immediate", "materials", "decided_by"}
DECIDED_BY = {"hall": "政务服务中心（综合受理窗口）", "department": "承办部门"}
_MATERIAL_KEYS = {"name", "required", "copies", "form", "cert_type", "deferrable", "electronic_required", "notes"}


def _material(obj: Any, where: str, problems: list[str]) -> MaterialSpec | None:
    if not isinstance(obj, Mapping):
        problems.append(f"{where}：应为对象")
        return None
    c = _Checker(where, problems)
    for key in sorted(set(obj) - _MATERIAL_KEYS):
        c.fail(key, "不认识的字段")
    name = c.text(obj, "name", required=True, max_len=NAME_MAX)
    form = obj.get("form", "copy")
    if not isinstance(form, str) or form not in FORMS:
        c.fail("form", f"应为 {' / '.join(FORMS)} 之一（现为 {form!r}）")
        form = "copy"
    cert_type = obj.get("cert_type")
    if cert_type is not None and (not isinstance(cert_type, str) or cert_type not in CERT_TYPES):
        c.fail("cert_type", f"不认识的电子证照类型 {cert_type!r}")
        cert_type = None
    return MaterialSpec(
        name=name,
        required=c.flag(obj, "required", True),
        copies=c.number(obj, "copies", 1, 0, 99),
        form=form,
        cert_type=cert_type,
        deferrable=c.flag(obj, "deferrable", False),
        electronic_required=c.flag(obj, "electronic_required", False),
        notes=c.text(obj, "notes", required=False, max_len=2000),
    )


def _plain_material(obj: Any, allowed: frozenset[str] | set[str] = _MATERIAL_KEYS) -> MaterialSpec | None:
    """:func:`_material` for the common case, in one pass: a plain dict whose every value is
    already of its exact type and in range. None means "not that simple, let the full check
    decide" — never "invalid": whatever this accepts, the full check accepts the same way
    (tests/unit/catalog/test_catalog_format_fast_path.py holds the two together).

    ``allowed``: the keys the dict may have (a key outside the format's is only read as absent).
    """
    if type(obj) is not dict or not obj.keys() <= allowed:
        return None
    get = obj.get
    name, notes, form, cert_type, copies = get("name"), get("notes", ""), get("form", "copy"), get("cert_type"), \
        get("copies", 1)
    required, deferrable, electronic = get("required", True), get("deferrable", False), \
        get("electronic_required", False)
    if (type(name) is not str or type(notes) is not str or type(form) is not str or form not in FORMS
            or (cert_type is not None and (type(cert_type) is not str or cert_type not in CERT_TYPES))
            or type(copies) is not int or not 0 <= copies <= 99 or type(required) is not bool
            or type(deferrable) is not bool or type(electronic) is not bool):
        return None
    name, notes = name.strip(), notes.strip()
    if not name or len(name) > NAME_MAX or len(notes) > 2000:
        return None
    # Positional (in field order; keywords cost a third more per material): the fast-path test
    # compares every field with the full check's, so a reordered field cannot slip through.
    return MaterialSpec(name, required, copies, form, cert_type, deferrable, electronic, notes)


def _plain_matter(obj: Any) -> MatterSpec | None:
    """:func:`parse_matter` for the common case, in one pass (see :func:`_plain_material`).

    A catalog pull checks thousands of entries that are almost always fine; the full check
    below collects every problem with its message and costs twice as much per entry. This
    only accepts what the full check accepts, and returns None for anything else.
    """
    if type(obj) is not dict or not obj.keys() <= _MATTER_KEYS:
        return None
    return plain_entry(obj.get, obj.get("decided_by", "hall"), obj.get("materials", []))


def plain_entry(get: Callable[[str, Any], Any], decided_by: Any, raw_materials: Any,
                material_keys: frozenset[str] | set[str] = _MATERIAL_KEYS) -> MatterSpec | None:
    """The one-pass check of :func:`_plain_matter` over an entry read through ``get``.

    For a reader of another shape of the same entry (the platform's API Matter, read by
    sync/catalog_pull.py without building the exchange dict first): ``get(key, default)`` gives
    each matter field as the exchange format would hold it, ``decided_by`` and ``raw_materials``
    are given as such, and each material dict may have ``material_keys``.
    """
    code, name, department, fee_note = get("code", None), get("name", None), get("department", None), \
        get("fee_note", "")
    kind, immediate = get("kind", "行政许可"), get("immediate", False)
    promised, legal, fee = get("promised_days", 0), get("legal_days", 0), get("fee_cents", 0)
    if (type(code) is not str or type(name) is not str or type(department) is not str or type(fee_note) is not str
            or type(kind) is not str or kind not in KINDS or type(decided_by) is not str
            or decided_by not in DECIDED_BY or type(immediate) is not bool or type(promised) is not int
            or type(legal) is not int or type(fee) is not int or type(raw_materials) is not list):
        return None
    code, name, department, fee_note = code.strip().upper(), name.strip(), department.strip(), fee_note.strip()
    if (not CODE_PATTERN.fullmatch(code) or not name or len(name) > NAME_MAX or not department
            or len(department) > DEPARTMENT_MAX or len(fee_note) > 200 or not 0 <= promised <= MAX_DAYS
            or not 0 <= legal <= MAX_DAYS or not 0 <= fee <= 100_000_000
            or (promised == 0) != immediate  # 即办件 has no promised days; every other matter has some
            or (legal and promised > legal)):
        return None
    materials: list[MaterialSpec] = []
    seen: set[str] = set()
    for raw in raw_materials:
        spec = _plain_material(raw, material_keys)
        if spec is None or spec.name in seen:
            return None
        seen.add(spec.name)
        materials.append(spec)
    return MatterSpec(code=code, name=name, department=department, kind=kind, promised_days=promised,
                      legal_days=legal, fee_cents=fee, fee_note=fee_note, immediate=immediate,
                      materials=tuple(materials), decided_by=decided_by)


def parse_matter(obj: Any, problems: list[str], index: int | None = None) -> MatterSpec | None:
    """One catalog entry; problems are appended (naming the code) and None returned if unusable."""
    plain = _plain_matter(obj)
    if plain is not None:
        return plain
    return _checked_matter(obj, problems, index)


def _checked_matter(obj: Any, problems: list[str], index: int | None = None) -> MatterSpec | None:
    """The full check of one entry: every problem named, in the clerk's language."""
    label = f"第 {index + 1} 个事项" if index is not None else "事项"
    if not isinstance(obj, Mapping):
        problems.append(f"{label}：应为对象")
        return None
    raw_code = obj.get("code")
    code = raw_code.strip().upper() if isinstance(raw_code, str) else ""
    where = f"事项 {code}" if code else label
    c = _Checker(where, problems)
    before = len(problems)
    if not code:
        c.fail("code", "缺少事项编码")
    elif not CODE_PATTERN.fullmatch(code):
        c.fail("code", "事项编码只能含字母、数字和 - _ .，长度 3–64")
    for key in sorted(set(obj) - _MATTER_KEYS):
        c.fail(key, "不认识的字段")
    name = c.text(obj, "name", required=True, max_len=NAME_MAX)
    department = c.text(obj, "department", required=True, max_len=DEPARTMENT_MAX)
    kind = obj.get("kind", "行政许可")
    if kind not in KINDS:
        c.fail("kind", f"事项类型应为 {'、'.join(KINDS)} 之一（现为 {kind!r}）")
    immediate = c.flag(obj, "immediate", False)
    promised = c.number(obj, "promised_days", 0, 0, MAX_DAYS)
    legal = c.number(obj, "legal_days", 0, 0, MAX_DAYS)
    if immediate and promised:
        c.fail("promised_days", "即办件的承诺时限应为 0")
    if not immediate and promised == 0:
        c.fail("promised_days", "非即办件应有承诺时限（工作日）")
    if legal and promised > legal:
        c.fail("promised_days", f"承诺时限（{promised}）不能超过法定时限（{legal}）")
    decided_by = obj.get("decided_by", "hall")
    if not isinstance(decided_by, str) or decided_by not in DECIDED_BY:
        c.fail("decided_by", f"应为 hall（政务服务中心）或 department（承办部门）（现为 {decided_by!r}）")
    fee = c.number(obj, "fee_cents", 0, 0, 100_000_000)
    fee_note = c.text(obj, "fee_note", required=False, max_len=200)
    raw_materials = obj.get("materials", [])
    materials: list[MaterialSpec] = []
    if not isinstance(raw_materials, list):
        c.fail("materials", "应为列表")
    else:
        seen: set[str] = set()
        for i, m in enumerate(raw_materials):
            spec = _material(m, f"{where} 材料 {i + 1}", problems)
            if spec is None:
                continue
            if spec.name in seen:
                c.fail(f"materials[{i + 1}].name", f"材料名称重复：{spec.name}")
            seen.add(spec.name)
            materials.append(spec)
    if len(problems) > before:
        return None
    return MatterSpec(code=code, name=name, department=department, kind=kind, promised_days=promised,
                      legal_days=legal, fee_cents=fee, fee_note=fee_note, immediate=immediate,
                      materials=tuple(materials), decided_by=decided_by)


def parse_matters(items: Iterable[Any], problems: list[str]) -> list[MatterSpec]:
    """Entries of a catalog; duplicate codes are a problem (which one should win is unknowable)."""
    specs: list[MatterSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        spec = parse_matter(item, problems, i)
        if spec is None:
            continue
        if spec.code in seen:
            problems.append(f"事项 {spec.code} 字段 code：事项编码重复")
            continue
        seen.add(spec.code)
        specs.append(spec)
    return specs


def parse_codes(items: Any, field_name: str, problems: list[str]) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        problems.append(f"目录字段 {field_name}：应为事项编码列表")
        return []
    return [x.strip().upper() for x in items]


def parse_catalog(data: Any) -> Catalog:
    """A whole catalog document; raises :class:`CatalogInvalid` listing every problem."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise CatalogInvalid(["文件内容应为 JSON 对象"])
    if data.get("format") != FORMAT_NAME:
        problems.append(f"目录字段 format：应为 {FORMAT_NAME!r}，这可能不是事项目录文件")
    if data.get("format_version") != FORMAT_VERSION:
        problems.append(f"目录字段 format_version：本程序只支持第 {FORMAT_VERSION} 版格式"
                        f"（文件为 {data.get('format_version')!r}）")
    matters_raw = data.get("matters")
    if not isinstance(matters_raw, list):
        problems.append("目录字段 matters：缺少事项列表")
        matters_raw = []
    specs = parse_matters(matters_raw, problems)
    deleted = parse_codes(data.get("deleted", []), "deleted", problems)
    both = sorted({s.code for s in specs} & set(deleted))
    if both:
        problems.append(f"目录字段 deleted：事项 {'、'.join(both)} 同时出现在 matters 和 deleted 中")
    if problems:
        raise CatalogInvalid(problems)
    return Catalog(matters=tuple(specs), deleted=tuple(deleted),
                   region_code=str(data.get("region_code", "")), catalog_version=str(data.get("catalog_version", "")))
