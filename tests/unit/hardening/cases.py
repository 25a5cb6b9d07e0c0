"""Small real cases for the hardening tests (through the ORM, like the capture tests' helper)."""
from __future__ import annotations

from tests.unit.capture.conftest import make_application


def draft_material(ctx) -> int:
    """A draft application's first material id (pages may still change)."""
    _user, _app_id, [material_id, _other] = make_application(ctx)
    return material_id
