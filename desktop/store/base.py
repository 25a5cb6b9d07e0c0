"""The declarative base every table of the store is mapped on, and the store's clock for defaults.

Its own module so that table modules (``models``, ``hall_models``) import it without importing
each other.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def stored_text(moment: dt.datetime) -> str:
    """A datetime in the store's text form, as SQLAlchemy's SQLite ``DateTime`` writes it.

    For plain SQL that bypasses the column type (bulk writes, triggers' inputs): the same text,
    so comparisons and ``julianday()`` read both alike.
    """
    return moment.isoformat(sep=" ", timespec="microseconds")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
