"""report facts: counters the supervisor's report reads instead of scanning the period's applications

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 08:30:00

Adds ``report_case``, ``report_rollup`` and ``report_clock`` with the triggers that keep them
in step with ``application`` and ``application_event`` (see
desktop/services/reports/facts.py), and builds them from the applications already stored,
so a populated database reports the same numbers right after the upgrade.
"""
from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    import datetime as dt

    from desktop.domain.hall_clock import hall_clock
    from desktop.services.reports import facts

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    facts.install(op.get_bind(), hall_clock().sqlite_modifier(now))


def downgrade() -> None:
    from desktop.services.reports import facts

    bind = op.get_bind()
    facts.drop_triggers(bind)
    for statement in facts.DROP:
        bind.exec_driver_sql(statement)
