"""index application_material.matter_material_id, which the catalog's material replacement looks up

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 17:50:00

When a catalog import changes a matter it replaces the matter's ``matter_material`` rows, and
the foreign key ``application_material.matter_material_id … ON DELETE SET NULL`` makes SQLite
find the checklist rows that point at each deleted row. Without an index that is a full scan of
``application_material`` per deleted material: 100 material rows against 1M checklist rows took
10.5 s (25 ms with the index), so a pull of a few changed matters on a busy hall's store would
stall for a minute. Building the index on upgrade reads the table once.
"""
from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('application_material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_material_matter_material_id'), ['matter_material_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('application_material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_material_matter_material_id'))
