"""case snapshots and issued papers: application_party, issued_document, document numbers, corrections

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 09:00:00

* ``application_party``: each case's own applicant/agent snapshot. Back-filled from the shared
  ``applicant`` rows the case points at — the best record of what the case said; from now on a
  later case of the same person no longer changes it.
* ``application_event.kind`` (``status`` | ``corrected``) and ``detail`` (JSON of a correction).
* ``issued_document``: a paper's number (文号) and its frozen content; ``document_sequence``
  allocates the numbers per family and year. Papers printed before this revision get an issue
  row with their old number (the acceptance or notice number) and no content yet
  (``reconstructed``): the first reprint freezes them from the case's snapshot.
* ``printed_document.issued_document_id`` links every print to the paper it reproduced.
* ``matter.decided_by`` / ``application.decided_by``: whether the hall or the competent
  department issues the papers (``hall`` for everything that exists); ``application.matter_kind``
  snapshots the matter's kind (行政许可…), which chooses the legal basis a paper cites.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_PARTY_COLUMNS = "kind, name, id_number, id_masked, phone, address, legal_rep, ethnicity, birth_date, sex"
_FAMILY = "CASE kind WHEN 'receipt-slip' THEN 'receipt' ELSE kind END"


def upgrade() -> None:
    op.create_table('application_party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id_number', sa.String(length=32), nullable=False),
    sa.Column('id_masked', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=400), nullable=False),
    sa.Column('legal_rep', sa.String(length=200), nullable=False),
    sa.Column('ethnicity', sa.String(length=20), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=4), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_party_application_id_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_party')),
    sa.UniqueConstraint('application_id', 'role', name='uq_application_party_application_role')
    )
    for role, column in (("applicant", "applicant_id"), ("agent", "agent_id")):
        op.execute(f"INSERT INTO application_party (application_id, role, {_PARTY_COLUMNS}) "
                   f"SELECT a.id, '{role}', p.kind, p.name, p.id_number, p.id_masked, p.phone, p.address, "
                   f"p.legal_rep, p.ethnicity, p.birth_date, p.sex "
                   f"FROM application a JOIN applicant p ON p.id = a.{column}")

    with op.batch_alter_table('application_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='status', nullable=False))
        batch_op.add_column(sa.Column('detail', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_by', sa.String(length=12), server_default='hall', nullable=False))
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_by', sa.String(length=12), server_default='hall', nullable=False))
        batch_op.add_column(sa.Column('matter_kind', sa.String(length=40), server_default='', nullable=False))
    op.execute("UPDATE application SET matter_kind = coalesce("
               "(SELECT m.kind FROM matter m WHERE m.code = application.matter_code), '')")

    op.create_table('document_sequence',
    sa.Column('family', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('family', 'year', name=op.f('pk_document_sequence'))
    )
    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('family', sa.String(length=40), nullable=False),
    sa.Column('document_no', sa.String(length=80), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('verify_code', sa.String(length=16), nullable=False),
    sa.Column('reconstructed', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_issued_document_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_by'], ['user.id'], name=op.f('fk_issued_document_issued_by_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document')),
    sa.UniqueConstraint('family', 'document_no', name='uq_issued_document_family_document_no')
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_document_no'), ['document_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_verify_code'), ['verify_code'], unique=False)

    # ADD COLUMN with an inline REFERENCES: recreating printed_document (self-referencing through
    # reprint_of) would trip the foreign-key check the migration runs under.
    op.execute("ALTER TABLE printed_document ADD COLUMN issued_document_id INTEGER "
               "CONSTRAINT fk_printed_document_issued_document_id_issued_document "
               "REFERENCES issued_document (id)")
    op.create_index(op.f('ix_printed_document_issued_document_id'), 'printed_document', ['issued_document_id'],
                    unique=False)

    # Papers already printed: one issue per case and family, numbered as they were printed
    # (the acceptance number, or BZ-/BY-/CL- and the UUID's first 12 hex digits), frozen later.
    op.execute(f"""
        INSERT INTO issued_document (application_id, family, document_no, issued_at, issued_by, content,
                                     content_sha256, verify_code, reconstructed)
        SELECT p.application_id, {_FAMILY.replace('kind', 'p.kind')},
               coalesce(a.acceptance_no, CASE {_FAMILY.replace('kind', 'p.kind')}
                   WHEN 'supplement-notice' THEN 'BZ-' WHEN 'rejection-notice' THEN 'BY-' ELSE 'CL-' END
                   || upper(substr(replace(a.uuid, '-', ''), 1, 12))),
               min(p.printed_at), NULL, NULL, '', '', 1
        FROM printed_document p JOIN application a ON a.id = p.application_id
        GROUP BY p.application_id, {_FAMILY.replace('kind', 'p.kind')}
    """)
    op.execute(f"""
        UPDATE printed_document SET issued_document_id = (
            SELECT i.id FROM issued_document i
            WHERE i.application_id = printed_document.application_id
              AND i.family = {_FAMILY.replace('kind', 'printed_document.kind')})
    """)


def downgrade() -> None:
    op.drop_index(op.f('ix_printed_document_issued_document_id'), table_name='printed_document')
    with op.batch_alter_table('printed_document', schema=None) as batch_op:  # run with foreign keys off
        batch_op.drop_column('issued_document_id')
    op.drop_table('issued_document')
    op.drop_table('document_sequence')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('matter_kind')
        batch_op.drop_column('decided_by')
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.drop_column('decided_by')
    with op.batch_alter_table('application_event', schema=None) as batch_op:
        batch_op.drop_column('detail')
        batch_op.drop_column('kind')
    op.drop_table('application_party')
