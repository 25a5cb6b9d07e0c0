"""Saving this counter's own settings (admins)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ui.operations.base import Env, Operation

if TYPE_CHECKING:
    from desktop.config import Config


@dataclass(frozen=True)
class SaveSettings(Operation["Config"]):
    """Validate and write the local settings file; the caller adopts the returned config on the UI thread."""

    changes: dict[str, Any]

    def perform(self, env: Env) -> Config:
        from desktop.config import save_local_settings

        env.require_user().require("admin", "修改本机设置")  # i18n: data (part of the core's Chinese refusal)
        return save_local_settings(env.services.config, self.changes)
