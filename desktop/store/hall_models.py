"""The hall's tables (revision 0006): the case event log, window freshness, feed problems.

Cases of the whole hall live in ``application`` like this window's own (``origin`` tells
them apart): lookups, papers, the detail view and the reports then work on any case the
same way. What is new is the append-only event log each case is built from, the platform's
"last heard of" time per window, and the record of feed items that were refused.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, utcnow


class CaseEvent(Base):
    """One event of a case: made here (``origin`` local, queued like an outbox row) or by the hall.

    ``payload`` is the event's canonical JSON, frozen when written (sync rule 3): a retry after a
    crash posts byte-for-byte the same event under the same ``idempotency_key``. ``version`` is
    the platform's order of the event within its case, known once confirmed. A local event the
    platform did not take (another window was first) stays here as ``refused`` with the plain
    words the clerk was told, for the supervisor's list: nothing is lost.
    """

    __tablename__ = "case_event"
    __table_args__ = (
        Index("ix_case_event_push", "push_state", "next_attempt_at"),
        # Each platform version of a case at most once (unconfirmed events have none).
        Index("ix_case_event_case_version", "application_id", "version", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    case_uuid: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int | None] = mapped_column(Integer)  # the platform's order within the case
    base_version: Mapped[int | None] = mapped_column(Integer)  # the case version the window saw
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON of the event (data, who, when)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    window_id: Mapped[str] = mapped_column(String(16), default="")
    clerk: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)  # when it happened (UTC)
    server_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    origin: Mapped[str] = mapped_column(String(8), default="local")  # local | hall
    # How a local event travels: inside its case's outbox snapshot, or posted on its own.
    carrier: Mapped[str] = mapped_column(String(8), default="direct")  # outbox | direct | feed
    # The outbox row that carried it (no foreign key: delivered outbox rows may be pruned).
    outbox_id: Mapped[int | None] = mapped_column(Integer)
    # pending | sending | done | refused (local events); received (events of the hall feed)
    push_state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    refusal: Mapped[str] = mapped_column(Text, default="")  # what the clerk was told
    refused_by: Mapped[str | None] = mapped_column(String(36))  # event_uuid of the event that came first
    seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # the clerk acknowledged the refusal
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HallWindow(Base):
    """When the platform last heard from each window of the hall, as the feed reported it."""

    __tablename__ = "hall_window"

    window_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HallFeedProblem(Base):
    """A feed item that was refused (malformed, out of order): the cursor stopped before it."""

    __tablename__ = "hall_feed_problem"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    cursor: Mapped[str] = mapped_column(String(200), default="")  # the cursor the pull stayed at
    case_uuid: Mapped[str] = mapped_column(String(64), default="")
    event_uuid: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
