"""Request validation against the contract (``resources/api/openapi.yaml``): 400 with a reason, never a dropped connection.

The reference server must behave like a faithful platform, so what it accepts is read from the
contract itself: each operation's JSON request body is validated with its schema (OpenAPI 3.0
semantics: ``nullable``), query parameters with theirs (``limit`` ≤ 2000 …), and headers with
their ``maxLength``. A body that is not JSON, not an object, too deep or too large is refused
with a reason in the clerk's language before any handler sees it.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "resources" / "api" / "openapi.yaml"
MAX_JSON_DEPTH = 32

# A push batch is validated as an envelope here; each item's payload is judged on its own (a bad
# item is rejected with its reason, the rest of the batch still counts — see item_problem).
_PUSH_ENVELOPE = {
    "type": "object", "required": ["items"],
    "properties": {"items": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {
        "type": "object", "required": ["idempotency_key", "payload_sha256", "payload"],
        "properties": {"idempotency_key": {"type": "string", "maxLength": 200},
                       "payload_sha256": {"type": "string", "maxLength": 64},
                       "payload": {"type": "object"}}}}},
}
BODY_OVERRIDES = {("POST", "/api/v1/applications"): _PUSH_ENVELOPE}


class Invalid(ValueError):
    """The request breaks the contract; ``code`` and the message go into the 400 reply."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@functools.lru_cache(maxsize=1)
def _contract() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _routes() -> list[tuple[re.Pattern[str], str, dict[str, Any], list[dict[str, Any]]]]:
    """(path regex, method, operation, parameters) for every operation of the contract."""
    routes = []
    for template, item in _contract()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method in ("get", "post", "put", "head", "delete", "patch"):
                routes.append((pattern, method.upper(), operation, shared + operation.get("parameters", [])))
    return routes


def _resolve(node: Any) -> Any:
    if isinstance(node, dict) and "$ref" in node:
        target: Any = _contract()
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _resolve(target)
    return node


def _validator(schema: dict[str, Any]):
    from openapi_schema_validator import OAS30Validator

    return OAS30Validator({**schema, "components": _contract()["components"]})


def _depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """Nesting depth (a scalar counts 1, each container adds 1), walked level by level; stops past ``limit``."""
    level = [value] if isinstance(value, dict | list) else []
    deepest = 1
    while level:
        if any(len(node) for node in level):  # something one level further down
            deepest += 1
            if deepest > limit:
                return deepest
        below: list[Any] = []
        for node in level:
            below.extend([c for c in (node.values() if isinstance(node, dict) else node) if isinstance(c, dict | list)])
        level = below
    return deepest


def _first_error(validator, instance: Any) -> str | None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    error = errors[0]
    where = "/".join(str(p) for p in error.absolute_path) or "(body)"
    return f"{where}: {error.message[:200]}"


class Numbers:
    """``json.loads`` hooks that note a float or NaN/Infinity in a body; the values parse as ``json`` parses them."""

    def __init__(self) -> None:
        self.inexact = False

    def float(self, text: str) -> float:
        self.inexact = True
        return float(text)

    def constant(self, name: str) -> float:
        """"NaN", "Infinity" or "-Infinity", read as ``json.loads`` reads them."""
        self.inexact = True
        return float(name)


def check(method: str, path: str, query: dict[str, str], headers: Any, body: bytes,
          numbers: Numbers | None = None) -> Any | None:
    """The parsed JSON body (or None) when the request fits the contract; raises :class:`Invalid` otherwise.

    ``numbers``, when given, learns whether the body held a float (see :class:`Numbers`).
    """
    route = next(((n, op, params) for n, (pattern, m, op, params) in enumerate(_routes())
                  if m == method and pattern.match(path)), None)
    if route is None:
        return None  # not a contract operation (404/405 is the router's business)
    index, operation, parameters = route
    for raw in parameters:
        param = _resolve(raw)
        schema = param.get("schema", {})
        where = param.get("in")
        value = query.get(param["name"]) if where == "query" else headers.get(param["name"]) if where == "header" \
            else None
        if value is None:
            continue
        if schema.get("type") == "integer":
            try:
                number = int(value)
            except ValueError:
                raise Invalid("bad_parameter", f"参数 {param['name']} 应为整数。") from None
            if "minimum" in schema and number < schema["minimum"] or "maximum" in schema and number > schema["maximum"]:
                raise Invalid("bad_parameter", f"参数 {param['name']} 超出范围（{schema.get('minimum', '')}"
                                               f"–{schema.get('maximum', '')}）。")
        elif "maxLength" in schema and len(value) > schema["maxLength"]:
            raise Invalid("bad_parameter", f"{param['name']} 过长（最多 {schema['maxLength']} 个字符）。")
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            raise Invalid("bad_parameter", f"{param['name']} 格式不正确。")
    request_body = _resolve(operation.get("requestBody") or {})
    schema = (request_body.get("content", {}).get("application/json") or {}).get("schema")
    if schema is None:
        return None
    if not body:
        if request_body.get("required"):
            raise Invalid("body_required", "请求缺少内容（JSON）。")
        return None
    try:
        parsed = json.loads(body) if numbers is None else \
            json.loads(body, parse_float=numbers.float, parse_constant=numbers.constant)
    except RecursionError:
        raise Invalid("bad_json", "请求内容嵌套层次过深。") from None
    except (ValueError, UnicodeDecodeError):
        raise Invalid("bad_json", "请求内容不是有效的 JSON。") from None
    if _depth(parsed) > MAX_JSON_DEPTH:
        raise Invalid("bad_json", "请求内容嵌套层次过深。")
    override = (method, path) if (method, path) in BODY_OVERRIDES else None
    if override is not None and _override_fast(override).is_valid(parsed):
        return parsed  # the push envelope (up to 1,000 items): the compiled verdict, no walk in Python
    problem = _first_error(_body_validator(index, override), parsed)
    if problem is None and override is not None:  # the two validators disagree: the refusal stands
        problem = _fast_error(_override_fast(override), parsed)
    if problem:
        raise Invalid("invalid_body", f"请求内容不符合接口约定：{problem}")
    return parsed


@functools.cache
def _body_validator(route: int, override: tuple[str, str] | None):
    """The request-body validator of one operation (``route``: its index in :func:`_routes`), built once."""
    if override is not None:
        return _validator(BODY_OVERRIDES[override])
    operation = _routes()[route][2]
    request_body = _resolve(operation["requestBody"])
    return _validator(_resolve(request_body["content"]["application/json"]["schema"]))


@functools.lru_cache(maxsize=1)
def _application_validator():
    return _validator(_resolve({"$ref": "#/components/schemas/Application"}))


def draft4(node: Any) -> Any:
    """An OpenAPI 3.0 schema as plain JSON Schema draft 4: ``nullable: true`` becomes a ``"null"`` type.

    That is the whole difference for the keywords the contract uses (type, properties, required,
    items, enum, pattern, minimum, additionalProperties, $ref; ``format`` is not asserted by
    either validator), so the compiled validator accepts exactly what ``OAS30Validator`` does —
    tests/contract/test_fast_validation.py compares the two verdicts on mutated payloads.
    """
    if isinstance(node, list):
        return [draft4(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: draft4(v) for k, v in node.items() if k not in ("nullable", "example", "description")}
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


@functools.cache
def _override_fast(override: tuple[str, str]):
    """A body override (the push envelope) compiled by ``jsonschema_rs``."""
    import jsonschema_rs

    return jsonschema_rs.Draft4Validator(draft4(BODY_OVERRIDES[override]), validate_formats=False)


def _fast_error(validator, instance: Any) -> str:
    error = next(iter(validator.iter_errors(instance)))
    return f"{'/'.join(str(p) for p in error.instance_path) or '(body)'}: {error.message[:200]}"


@functools.lru_cache(maxsize=1)
def _application_fast():
    """The Application schema compiled by ``jsonschema_rs`` (about 100x ``jsonschema`` per payload)."""
    import jsonschema_rs

    schemas = _contract()["components"]["schemas"]
    root = {**draft4(schemas["Application"]), "components": {"schemas": draft4(schemas)}}
    return jsonschema_rs.Draft4Validator(root, validate_formats=False)


def item_problem(payload: Any) -> str | None:
    """Why one pushed application breaks the contract's Application schema, or None.

    The verdict comes from the compiled validator (a push batch checks up to 1,000 payloads);
    the reason for a refusal is worded by ``OAS30Validator`` as before, so a clerk reads the
    same message. Should the two ever disagree, the refusal stands with the compiled one's words.
    """
    if not isinstance(payload, dict):
        return "办件数据格式不正确，无法识别。"
    fast = _application_fast()
    if fast.is_valid(payload):
        return None
    problem = _first_error(_application_validator(), payload) or _fast_error(fast, payload)
    return f"办件数据不符合接口约定：{problem}"


def warm() -> None:
    """Load the contract and build the push validators now rather than on the first push (``--warm``)."""
    _routes()
    _override_fast(("POST", "/api/v1/applications"))
    _application_fast()
    _application_validator()
    index = next(n for n, (pattern, m, _op, _params) in enumerate(_routes())
                 if m == "POST" and pattern.match("/api/v1/applications"))
    _body_validator(index, ("POST", "/api/v1/applications"))
