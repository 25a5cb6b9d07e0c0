"""matter search index: pinyin column, FTS5 index over matter.search_text, matter_usage

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 09:10:00

* ``matter.pinyin``: the name's full pinyin (tier "pinyin prefix" of the ranking); B-tree
  indexes on ``matter.name`` and ``matter.pinyin`` for the name- and pinyin-prefix ranks.
* ``matter_fts``: an external-content FTS5 table over ``matter.search_text`` (unicode61
  tokenizer; Han characters are stored one token each, see desktop/domain/search_keys.py),
  kept in step with ``matter`` by three triggers.
* ``matter_usage``: applications per (window, matter code), kept by a trigger on
  ``application`` inserts and back-filled here from the applications already taken.

Existing matters get their search keys computed here (pypinyin), so a database populated at
0001 is searchable right after the upgrade.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FTS_TRIGGERS = (
    """CREATE TRIGGER matter_fts_ai AFTER INSERT ON matter BEGIN
         INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER matter_fts_ad AFTER DELETE ON matter BEGIN
         INSERT INTO matter_fts(matter_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
       END""",
    """CREATE TRIGGER matter_fts_au AFTER UPDATE OF search_text ON matter BEGIN
         INSERT INTO matter_fts(matter_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
         INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
)

USAGE_TRIGGER = """CREATE TRIGGER matter_usage_ai AFTER INSERT ON application BEGIN
     INSERT INTO matter_usage(window_id, matter_code, uses, last_used_at)
     VALUES (new.window_id, new.matter_code, 1, new.created_at)
     ON CONFLICT(window_id, matter_code) DO UPDATE SET
       uses = uses + 1,
       last_used_at = max(coalesce(last_used_at, excluded.last_used_at), excluded.last_used_at);
   END"""


def upgrade() -> None:
    from desktop.domain.search_keys import matter_keys

    op.add_column('matter', sa.Column('pinyin', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matter_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_pinyin'), ['pinyin'], unique=False)
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name, department FROM matter")).fetchall()
    for row_id, name, department in rows:
        keys = matter_keys(name, department)
        bind.execute(sa.text("UPDATE matter SET search_text = :s, initials = :i, pinyin = :p WHERE id = :id"),
                     {"s": keys.search_text, "i": keys.initials, "p": keys.pinyin, "id": row_id})

    op.execute("CREATE VIRTUAL TABLE matter_fts USING fts5(search_text, content='matter', content_rowid='id', "
               "tokenize='unicode61', prefix='2 3')")
    op.execute("INSERT INTO matter_fts(matter_fts) VALUES ('rebuild')")
    for trigger in FTS_TRIGGERS:
        op.execute(trigger)

    op.create_table('matter_usage',
    sa.Column('window_id', sa.String(length=16), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('window_id', 'matter_code', name=op.f('pk_matter_usage'))
    )
    with op.batch_alter_table('matter_usage', schema=None) as batch_op:
        batch_op.create_index('ix_matter_usage_window_uses', ['window_id', 'uses'], unique=False)
    op.execute("INSERT INTO matter_usage(window_id, matter_code, uses, last_used_at) "
               "SELECT window_id, matter_code, count(*), max(created_at) FROM application "
               "GROUP BY window_id, matter_code")
    op.execute(USAGE_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS matter_usage_ai")
    op.drop_table('matter_usage')
    for name in ("matter_fts_ai", "matter_fts_ad", "matter_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS matter_fts")
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matter_pinyin'))
        batch_op.drop_index(batch_op.f('ix_matter_name'))
        batch_op.drop_column('pinyin')
