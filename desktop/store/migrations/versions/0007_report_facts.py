"""report facts (counters the supervisor's report reads instead of scanning) and the search epoch

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 08:30:00

Adds ``report_case``, ``report_rollup`` and ``report_clock`` with the triggers that keep them
in step with ``application`` and ``application_event`` (see
desktop/services/reports/facts.py), and builds them from the applications already stored,
so a populated database reports the same numbers right after the upgrade.

Also ``search_epoch``: a counter bumped by triggers whenever ``matter`` or ``matter_usage``
changes, so the matter search can keep the window's most-used matters between keystrokes and
know when to read them again (desktop/services/catalog/search.py).
"""
from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    import datetime as dt

    from desktop.domain.hall_clock import hall_clock
    from desktop.services.reports import facts

    from desktop.services.catalog.search import EPOCH_DDL, EPOCH_TRIGGERS

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    facts.install(op.get_bind(), hall_clock().sqlite_modifier(now))
    for statement in EPOCH_DDL + EPOCH_TRIGGERS:
        op.get_bind().exec_driver_sql(statement)


def downgrade() -> None:
    from desktop.services.reports import facts

    from desktop.services.catalog.search import EPOCH_TRIGGERS

    bind = op.get_bind()
    for statement in EPOCH_TRIGGERS:
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS " + statement.split()[5])
    bind.exec_driver_sql("DROP TABLE IF EXISTS search_epoch")
    facts.drop_triggers(bind)
    for statement in facts.DROP:
        bind.exec_driver_sql(statement)
