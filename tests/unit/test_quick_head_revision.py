"""The start-up shortcut that skips importing Alembic must agree with Alembic about the head."""
from __future__ import annotations

from desktop.services.context import AppContext
from desktop.store import migrate


def test_quick_head_matches_alembic_head():
    assert migrate.quick_head_revision() == migrate.head_revision()


def test_a_database_at_head_opens_without_asking_alembic(config, monkeypatch):
    AppContext.open(config).close()
    monkeypatch.setattr(migrate, "head_revision", lambda: (_ for _ in ()).throw(AssertionError("alembic asked")))
    ctx = AppContext.open(config)
    try:
        assert ctx.opened.from_revision == ctx.opened.to_revision == migrate.quick_head_revision()
        assert ctx.opened.backup is None
    finally:
        ctx.close()
