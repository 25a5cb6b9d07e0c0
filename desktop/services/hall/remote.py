"""The port through which hall services reach the platform when online (the sync layer implements it).

Services never import ``sync``; the composition root (the GUI session, a CLI command) hands them
a :class:`CaseSource` built on the device's enrolment, or ``None`` when the PC is offline-only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class SourceUnavailable(Exception):
    """The platform cannot be reached now; the message says so in the clerk's words."""


@dataclass(frozen=True)
class RemoteAnswer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def message(self) -> str:
        return str(self.body.get("message") or "")

    @property
    def code(self) -> str:
        """The platform's error code (``stale_version``, ``other_hall`` …), empty on success."""
        return str(self.body.get("error") or "")

    @property
    def cases(self) -> list[dict[str, Any]]:
        if isinstance(self.body.get("items"), list):
            return [c for c in self.body["items"] if isinstance(c, dict)]
        return [self.body] if self.ok and isinstance(self.body.get("events"), list) else []


class CaseSource(Protocol):
    """Hall cases on the platform. Methods raise :class:`SourceUnavailable` when offline."""

    def find(self, *, number: str = "", qr: str = "", applicant_key: str = "") -> RemoteAnswer: ...

    def case(self, uuid: str) -> RemoteAnswer: ...

    def page(self, sha256: str) -> bytes | None: ...
