"""Operations that wait on a counter device: reading the citizen's ID card."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.operations.base import Env, Operation

if TYPE_CHECKING:
    from desktop.devices.id_reader import IdCard


@dataclass(frozen=True)
class ReadIdCard(Operation["IdCard | None"]):
    """A real reader takes a second or two (a broken driver may hang): never on the UI thread."""

    def perform(self, env: Env) -> IdCard | None:
        return env.require_ports().id_reader.read()
