"""report-facts triggers compute each dimension's row once (their derived tables are not flattened)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 19:30:00

The triggers of 0009 build a case's rows per dimension in derived tables; SQLite's query
flattener merged those into the ``INSERT … SELECT`` and so evaluated the expression behind every
column reference again for each span and role. A decided case's UPDATE spent ~0.3 ms there —
the largest single statement of an accept. The triggers installed here end those tables with
``LIMIT -1`` (no limit), which keeps them as computed tables: the same rows, ~0.2 ms. The facts
are unchanged, so nothing is rebuilt. The downgrade reinstalls the 0009 text.
"""
from __future__ import annotations

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TRIGGERS = ("report_facts_ai", "report_facts_au", "report_facts_ad", "report_facts_supplement")


def _replace_triggers(statements: list[str]) -> None:
    bind = op.get_bind()
    for name in TRIGGERS:
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in statements:
        bind.exec_driver_sql(statement)


def upgrade() -> None:
    from desktop.services.reports import facts

    _replace_triggers(facts.trigger_sql())


def downgrade() -> None:
    from desktop.services.reports import facts

    _replace_triggers(facts.trigger_sql(materialize=False))
