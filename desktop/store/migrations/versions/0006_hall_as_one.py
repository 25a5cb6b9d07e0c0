"""hall as one: the case event log, hall cases in ``application``, window freshness

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 08:05:09

* ``case_event``: the append-only event log every case is built from (client UUID,
  idempotency key, the case version it was based on, kind, frozen payload, origin window,
  push state); a local event that another window beat is kept as ``refused``.
* ``application``: ``origin`` (window | hall), the platform's ``case_version``, the keyed hash
  of the applicant's ID number for lookups, whether a hall case is cached in full, and the
  result / hand-over / withdrawal times. Existing rows are this window's own (``window``).
* ``hall_window``: when the platform last heard from each window (report freshness).
* ``hall_feed_problem``: feed items refused as malformed or out of order.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hall_feed_problem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('cursor', sa.String(length=200), nullable=False),
    sa.Column('case_uuid', sa.String(length=64), nullable=False),
    sa.Column('event_uuid', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_feed_problem'))
    )
    op.create_table('hall_window',
    sa.Column('window_id', sa.String(length=16), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('window_id', name=op.f('pk_hall_window'))
    )
    op.create_table('case_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_uuid', sa.String(length=36), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('case_uuid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('payload_sha256', sa.String(length=64), nullable=False),
    sa.Column('window_id', sa.String(length=16), nullable=False),
    sa.Column('clerk', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('server_at', sa.DateTime(), nullable=True),
    sa.Column('origin', sa.String(length=8), nullable=False),
    sa.Column('carrier', sa.String(length=8), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.Column('push_state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('refusal', sa.Text(), nullable=False),
    sa.Column('refused_by', sa.String(length=36), nullable=True),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_case_event_application_id_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_event')),
    sa.UniqueConstraint('event_uuid', name=op.f('uq_case_event_event_uuid')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_case_event_idempotency_key'))
    )
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.create_index('ix_case_event_case_version', ['application_id', 'version'], unique=True)
        batch_op.create_index('ix_case_event_push', ['push_state', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=8), server_default='window', nullable=False))
        batch_op.add_column(sa.Column('case_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('applicant_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hall_detail', sa.String(length=8), server_default='', nullable=False))
        batch_op.add_column(sa.Column('result_ready_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('handed_over_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('hall_extra', sa.Text(), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_application_applicant_key'), ['applicant_key'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_applicant_key'))
        batch_op.drop_column('hall_extra')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('handed_over_at')
        batch_op.drop_column('result_ready_at')
        batch_op.drop_column('hall_detail')
        batch_op.drop_column('applicant_key')
        batch_op.drop_column('case_version')
        batch_op.drop_column('origin')

    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.drop_index('ix_case_event_push')
        batch_op.drop_index('ix_case_event_case_version')

    op.drop_table('case_event')
    op.drop_table('hall_window')
    op.drop_table('hall_feed_problem')
