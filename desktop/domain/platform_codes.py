"""A platform's codes and ours: statuses, 办件类型, 证件类型, satisfaction levels — data, not code.

Provinces run different platforms with different codes for the same things. The mapping lives in
a per-platform file (``resources/platforms/<name>.toml``, chosen by ``server.platform``); this
module only parses its text and answers lookups, so it stays pure and testable. An unknown
inbound status is not guessed: :meth:`PlatformCodes.inbound_status` returns None and the caller
refuses the change and lists it for the supervisor.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from desktop.domain.lifecycle import Status

NOTE_ONLY = ""  # an inbound status that is recorded as an event but changes nothing


class PlatformCodesInvalid(ValueError):
    """The mapping file is malformed; the message names what is wrong."""


@dataclass(frozen=True)
class PlatformCodes:
    name: str
    status_in: dict[str, str]
    status_notes: dict[str, str] = field(default_factory=dict)
    status_out: dict[str, str] = field(default_factory=dict)
    case_kind_out: dict[str, str] = field(default_factory=dict)
    id_type_out: dict[str, str] = field(default_factory=dict)
    satisfaction_out: dict[str, str] = field(default_factory=dict)

    def inbound_status(self, code: str) -> str | None:
        """Our status for the platform's ``code``; ``""`` for a note-only code; None when unknown."""
        return self.status_in.get(code)

    def note_for(self, code: str) -> str:
        return self.status_notes.get(code, "")

    def outbound_status(self, status: str) -> str:
        return self.status_out.get(status, status)

    def outbound_case_kind(self, kind: str) -> str:
        return self.case_kind_out.get(kind, kind)

    def outbound_id_type(self, party_kind: str) -> str:
        return self.id_type_out.get(party_kind, party_kind)

    def outbound_satisfaction(self, level: str) -> str:
        return self.satisfaction_out.get(level, level)


def _table(data: dict, *path: str) -> dict[str, str]:
    node: object = data
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    if not isinstance(node, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in node.items()):
        raise PlatformCodesInvalid(f"[{'.'.join(path)}] must map text codes to text codes")
    return dict(node)


def parse_platform_codes(text: str, *, source: str = "platform file") -> PlatformCodes:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlatformCodesInvalid(f"{source}: not valid TOML ({exc})") from exc
    name = str((data.get("platform") or {}).get("name") or "")
    if not name:
        raise PlatformCodesInvalid(f"{source}: [platform] name is missing")
    status_in = _table(data, "status", "inbound")
    known = {s.value for s in Status}
    bad = sorted(v for v in status_in.values() if v != NOTE_ONLY and v not in known)
    if bad:
        raise PlatformCodesInvalid(f"{source}: [status.inbound] maps to unknown statuses {bad} (known: {sorted(known)})")
    status_out = _table(data, "status", "outbound")
    unknown_out = sorted(k for k in status_out if k not in known)
    if unknown_out:
        raise PlatformCodesInvalid(f"{source}: [status.outbound] names unknown statuses {unknown_out}")
    return PlatformCodes(name=name, status_in=status_in, status_notes=_table(data, "status", "notes"),
                         status_out=status_out, case_kind_out=_table(data, "case_kind", "outbound"),
                         id_type_out=_table(data, "id_type", "outbound"),
                         satisfaction_out=_table(data, "satisfaction", "outbound"))
