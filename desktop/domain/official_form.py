"""The official form of the papers: how a document number (文号) is made, what legal basis is cited.

A citizen and an auditor expect an official paper to carry a number from the issuing body's
register, the legal basis of the act, the body that decides and, on a 一次性告知书, what happens
if nothing is supplied in time. The wording differs by province and hall, so it is data
(``resources/papers/official_form.toml`` or the file ``[papers] form_file`` names), parsed and
checked here: a bad rule stops the app at start-up with the key named, never half-way through
issuing a paper at the counter.
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FAMILIES = ("receipt", "supplement-notice", "rejection-notice", "deferral-undertaking", "materials-receipt",
            "handover-receipt")
CLAUSES = ("supplement-consequence", "deferral-consequence")
_PLACEHOLDERS = {"agency", "year", "seq"}


class OfficialFormError(ValueError):
    """The official-form data is unusable; the message names the table and key."""


@dataclass(frozen=True)
class OfficialForm:
    numbers: Mapping[str, str]
    legal_basis: Mapping[str, str]
    legal_basis_by_matter_kind: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    clauses: Mapping[str, str] = field(default_factory=dict)

    def document_no(self, family: str, *, agency: str, year: int, seq: int) -> str:
        """The number printed on the ``seq``-th paper of ``family`` issued in ``year``."""
        return self.numbers[family].format(agency=agency, year=year, seq=seq)

    def basis(self, family: str, matter_kind: str = "") -> str:
        """The legal-basis line for a paper of ``family`` about a matter of ``matter_kind`` ('' = none)."""
        table = self.legal_basis_by_matter_kind.get(matter_kind)
        if table is not None:
            return table.get(family, "")
        return self.legal_basis.get(family, "")

    def clause(self, name: str) -> str:
        return self.clauses.get(name, "")


def _text_table(data: Mapping[str, Any], table: str, allowed: tuple[str, ...], label: str = "") -> dict[str, str]:
    raw = data.get(table, {})
    label = label or table
    if not isinstance(raw, Mapping):
        raise OfficialFormError(f"[{label}] must be a table")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise OfficialFormError(f"[{label}] {key}: unknown key (known: {', '.join(allowed)})")
        if not isinstance(value, str):
            raise OfficialFormError(f"[{label}] {key}: must be text")
        out[key] = value.strip()
    return out


def _check_rule(family: str, rule: str) -> None:
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(rule) if f is not None}
    except ValueError as exc:
        raise OfficialFormError(f"[numbers] {family}: {exc}") from None
    unknown = names - _PLACEHOLDERS
    if unknown:
        raise OfficialFormError(f"[numbers] {family}: unknown placeholder {{{sorted(unknown)[0]}}} "
                                f"(use {{agency}}, {{year}}, {{seq}})")
    if "seq" not in names:
        raise OfficialFormError(f"[numbers] {family}: the rule must contain {{seq}}, or two papers share a number")
    if not re.search(r"\{year[^}]*\}", rule):
        raise OfficialFormError(f"[numbers] {family}: the rule must contain {{year}}: the sequence restarts yearly")
    try:
        rule.format(agency="X", year=2026, seq=7)
    except (ValueError, KeyError, IndexError) as exc:
        raise OfficialFormError(f"[numbers] {family}: {exc}") from None


def parse_official_form(data: Mapping[str, Any]) -> OfficialForm:
    """The official form from its TOML document (raises :class:`OfficialFormError` naming the key)."""
    known = {"numbers", "legal_basis", "legal_basis_by_matter_kind", "clauses"}
    for table in data:
        if table not in known:
            raise OfficialFormError(f"[{table}]: unknown table (known: {', '.join(sorted(known))})")
    numbers = _text_table(data, "numbers", FAMILIES)
    missing = [f for f in FAMILIES if not numbers.get(f)]
    if missing:
        raise OfficialFormError(f"[numbers] {missing[0]}: a numbering rule is required for every paper")
    for family, rule in numbers.items():
        _check_rule(family, rule)
    by_kind_raw = data.get("legal_basis_by_matter_kind", {})
    if not isinstance(by_kind_raw, Mapping):
        raise OfficialFormError("[legal_basis_by_matter_kind] must be a table of tables")
    by_kind = {str(kind): _text_table(by_kind_raw, kind, FAMILIES, f"legal_basis_by_matter_kind.{kind}")
               for kind in by_kind_raw}
    return OfficialForm(numbers=numbers, legal_basis=_text_table(data, "legal_basis", FAMILIES),
                        legal_basis_by_matter_kind=by_kind, clauses=_text_table(data, "clauses", CLAUSES))
