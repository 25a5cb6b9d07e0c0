"""Alembic environment: runs on the connection handed in by desktop.store.migrate."""
from __future__ import annotations

from alembic import context

from desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` CLI use during development
        from desktop.store.database import make_engine

        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("alembic.ini has no sqlalchemy.url (needed when running the alembic CLI)")
        engine = make_engine(url.removeprefix("sqlite:///"))
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


# Virtual tables (and their shadow tables) that SQLAlchemy models cannot describe: created by
# hand in their revision; autogenerate must not propose dropping them.
UNMODELLED_TABLE_PREFIXES = ("matter_fts",)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and reflected and compare_to is None
                and str(name).startswith(UNMODELLED_TABLE_PREFIXES))


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
