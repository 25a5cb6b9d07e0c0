"""matter search index written in bulk: the FTS triggers step aside while a catalog import indexes set-based

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 16:40:00

A catalog pull of 5,000 matters spent ~0.2 s in the per-row trigger ``matter_fts_ai`` (one FTS5
insert per matter); indexing the same rows with one ``INSERT … SELECT`` after the batch takes
~0.03 s and builds the same index. So the insert and update triggers of 0002 gain a ``WHEN``:
they stand aside while the one row of ``matter_fts_bulk`` says ``active = 1``; so do 0007's
``search_epoch`` insert/update triggers on ``matter`` (one counter update per row), and the bulk
write bumps the epoch once instead. Only the catalog
import sets it, inside its own write transaction, indexes exactly the rows it wrote and clears it
again before that transaction ends (desktop/services/catalog/bulk_index.py); other connections
never see it set, and every other writer of ``matter`` (and an empty or missing flag row) keeps
the per-row triggers. ``db check`` verifies that every matter is indexed and that the flag is clear.
"""
from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_GATE = "WHEN NOT EXISTS (SELECT 1 FROM matter_fts_bulk WHERE active != 0)"

GATED_TRIGGERS = (
    f"""CREATE TRIGGER matter_fts_ai AFTER INSERT ON matter {_GATE} BEGIN
         INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    f"""CREATE TRIGGER matter_fts_au AFTER UPDATE OF search_text ON matter {_GATE} BEGIN
         INSERT INTO matter_fts(matter_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
         INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    f"CREATE TRIGGER search_epoch_matter_i AFTER INSERT ON matter {_GATE} BEGIN "
    "UPDATE search_epoch SET n = n + 1 WHERE id = 1; END",
    f"CREATE TRIGGER search_epoch_matter_u AFTER UPDATE ON matter {_GATE} BEGIN "
    "UPDATE search_epoch SET n = n + 1 WHERE id = 1; END",
)

# As revisions 0002 and 0007 created them (restored by the downgrade).
PER_ROW_TRIGGERS = (
    """CREATE TRIGGER matter_fts_ai AFTER INSERT ON matter BEGIN
         INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER matter_fts_au AFTER UPDATE OF search_text ON matter BEGIN
         INSERT INTO matter_fts(matter_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
         INSERT INTO matter_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    "CREATE TRIGGER search_epoch_matter_i AFTER INSERT ON matter BEGIN UPDATE search_epoch SET n = n + 1 WHERE id = 1; END",
    "CREATE TRIGGER search_epoch_matter_u AFTER UPDATE ON matter BEGIN UPDATE search_epoch SET n = n + 1 WHERE id = 1; END",
)
_NAMES = ("matter_fts_ai", "matter_fts_au", "search_epoch_matter_i", "search_epoch_matter_u")


def _replace_triggers(triggers: tuple[str, ...]) -> None:
    for name in _NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for trigger in triggers:
        op.execute(trigger)


def upgrade() -> None:
    op.execute("CREATE TABLE matter_fts_bulk (id INTEGER PRIMARY KEY CHECK (id = 1), "
               "active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)))")
    op.execute("INSERT INTO matter_fts_bulk (id, active) VALUES (1, 0)")
    _replace_triggers(GATED_TRIGGERS)


def downgrade() -> None:
    _replace_triggers(PER_ROW_TRIGGERS)
    op.execute("DROP TABLE IF EXISTS matter_fts_bulk")
