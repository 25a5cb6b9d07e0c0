"""case conflicts (platform seam, hall events) and attachment claims (gc vs import)

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-29 08:30:00

* ``case_conflict``: versions of a case the app will not choose between by itself — a platform
  status the state machine refuses, a platform decision meeting an unsent local change (sync
  rule 5), later another window's losing case event. Both versions kept as JSON; a supervisor
  resolves. Unique on (kind, remote_key) so a replayed pull page records nothing twice.
* ``attachment_claim``: a page file being stored, recorded before the file is written or reused,
  so ``attachments gc`` (under the writer lock) never deletes a page that is being added.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'case_conflict',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=True),
        sa.Column('case_uuid', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('source', sa.String(length=40), nullable=False),
        sa.Column('remote_key', sa.String(length=120), nullable=False),
        sa.Column('local_status', sa.String(length=32), nullable=False),
        sa.Column('local_version', sa.Integer(), nullable=True),
        sa.Column('local_payload', sa.Text(), nullable=False),
        sa.Column('remote_status', sa.String(length=32), nullable=False),
        sa.Column('remote_version', sa.Integer(), nullable=True),
        sa.Column('remote_payload', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('detected_at', sa.DateTime(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('resolution', sa.String(length=16), nullable=False),
        sa.Column('resolved_by', sa.String(length=64), nullable=False),
        sa.Column('resolved_at', sa.DateTime(), nullable=True),
        sa.Column('resolution_note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                                name=op.f('fk_case_conflict_application_id_application'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_conflict')),
        sa.UniqueConstraint('kind', 'remote_key', name='uq_case_conflict_kind_remote_key'),
    )
    op.create_index(op.f('ix_case_conflict_application_id'), 'case_conflict', ['application_id'], unique=False)
    op.create_index(op.f('ix_case_conflict_case_uuid'), 'case_conflict', ['case_uuid'], unique=False)
    op.create_index('ix_case_conflict_state_detected', 'case_conflict', ['state', 'detected_at'], unique=False)
    op.create_table(
        'attachment_claim',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment_claim')),
    )
    op.create_index(op.f('ix_attachment_claim_sha256'), 'attachment_claim', ['sha256'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_attachment_claim_sha256'), table_name='attachment_claim')
    op.drop_table('attachment_claim')
    op.drop_index('ix_case_conflict_state_detected', table_name='case_conflict')
    op.drop_index(op.f('ix_case_conflict_case_uuid'), table_name='case_conflict')
    op.drop_index(op.f('ix_case_conflict_application_id'), table_name='case_conflict')
    op.drop_table('case_conflict')
