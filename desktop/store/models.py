"""SQLAlchemy 2 typed models: the whole local schema of ARCHITECTURE.md.

Changing anything here needs an Alembic revision in ``desktop/store/migrations/versions``
and a test upgrading a populated database from the previous revision.
Times are stored as naive UTC datetimes; dates (due dates, calendar days) as local dates.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import NAMING_CONVENTION, Base, utcnow  # noqa: F401 (re-exported)

# --- catalog -------------------------------------------------------------------------


class Matter(Base):
    """A service item (事项) of the catalog, at its current version."""

    __tablename__ = "matter"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(400), index=True)  # name-prefix search (revision 0002)
    department: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="行政许可")
    promised_days: Mapped[int] = mapped_column(Integer, default=0)
    legal_days: Mapped[int] = mapped_column(Integer, default=0)
    fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    fee_note: Mapped[str] = mapped_column(String(200), default="")
    immediate: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who decides and issues the papers: the hall (its 综合受理窗口) or the competent department
    # (``department``) — printed as the issuing body (revision 0005).
    decided_by: Mapped[str] = mapped_column(String(12), default="hall", server_default="hall")
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)  # tombstone from the catalog
    # Precomputed lower-case search text: code, name, department, pinyin and initials.
    search_text: Mapped[str] = mapped_column(Text, default="")
    initials: Mapped[str] = mapped_column(String(200), default="", index=True)
    # Full pinyin of the name run together ("hukouqianyi"); added by revision 0002 with the
    # FTS5 index ``matter_fts`` over ``search_text`` (see desktop/domain/search_keys.py).
    pinyin: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    source: Mapped[str] = mapped_column(String(20), default="bundled")  # bundled | import | server
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    materials: Mapped[list[MatterMaterial]] = relationship(
        back_populates="matter", order_by="MatterMaterial.seq", cascade="all, delete-orphan"
    )


@event.listens_for(Matter, "before_insert")
@event.listens_for(Matter, "before_update")
def _fill_search_keys(_mapper, _connection, matter: Matter) -> None:
    """A matter written through the ORM (not via the catalog import) is still searchable."""
    state = inspect(matter)
    changed = any(state.attrs[key].history.has_changes() for key in ("name", "department"))
    if matter.search_text and not changed:
        return
    from desktop.domain.search_keys import matter_keys  # pypinyin loads only when needed

    keys = matter_keys(matter.name or "", matter.department or "")
    matter.search_text, matter.initials, matter.pinyin = keys.search_text, keys.initials, keys.pinyin


class MatterMaterial(Base):
    """A material the matter requires (or accepts), at the matter's current version."""

    __tablename__ = "matter_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(400))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    copies: Mapped[int] = mapped_column(Integer, default=1)
    form: Mapped[str] = mapped_column(String(20), default="copy")  # original | copy | original_and_copy
    cert_type: Mapped[str | None] = mapped_column(String(40))  # e-certificate type that can stand in
    deferrable: Mapped[bool] = mapped_column(Boolean, default=False)  # 容缺 allowed
    electronic_required: Mapped[bool] = mapped_column(Boolean, default=False)  # a scan is mandatory
    notes: Mapped[str] = mapped_column(Text, default="")

    matter: Mapped[Matter] = relationship(back_populates="materials")


class MatterUsage(Base):
    """How often each window has taken each matter: orders the empty search box (revision 0002).

    Kept by a trigger on ``application`` inserts, so the most-used list is a read of a few
    rows instead of a count over every application the window ever took.
    """

    __tablename__ = "matter_usage"
    __table_args__ = (Index("ix_matter_usage_window_uses", "window_id", "uses"),)

    window_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    matter_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# --- people and accounts -------------------------------------------------------------


class Applicant(Base):
    """A person (公民身份号码) or an organisation (统一社会信用代码)."""

    __tablename__ = "applicant"
    __table_args__ = (UniqueConstraint("kind", "id_number", name="uq_applicant_kind_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # person | org
    name: Mapped[str] = mapped_column(String(200), index=True)
    id_number: Mapped[str] = mapped_column(String(32))
    id_masked: Mapped[str] = mapped_column(String(32), default="", index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(4), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    legal_rep: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))  # clerk | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# --- applications (办件) --------------------------------------------------------------


class Application(Base):
    """An application taken at this window. ``uuid`` is the sync identity, never the number."""

    __tablename__ = "application"
    __table_args__ = (
        Index("ix_application_window_created", "window_id", "created_at"),
        Index("ix_application_status_created", "status", "created_at"),
        Index("ix_application_matter_created", "matter_code", "created_at"),
        Index("ix_application_clerk_created", "clerk_id", "created_at"),
        Index("ix_application_sync_state", "sync_state"),
        Index("ix_application_due_date", "due_date"),
        Index("ix_application_status_due", "status", "due_date", "window_id"),  # reports: open cases past/near due
        Index("ix_application_sync_window", "sync_state", "window_id"),  # reports: unsent work per window
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    acceptance_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    official_no: Mapped[str | None] = mapped_column(String(64), index=True)  # 办件编号 from the platform
    matter_code: Mapped[str] = mapped_column(String(64))
    matter_version: Mapped[int] = mapped_column(Integer)
    matter_name: Mapped[str] = mapped_column(String(400))  # snapshot at the version accepted
    department: Mapped[str] = mapped_column(String(200), default="")
    immediate: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[str] = mapped_column(String(12), default="hall", server_default="hall")  # snapshot
    matter_kind: Mapped[str] = mapped_column(String(40), default="", server_default="")  # 行政许可… snapshot
    promised_days: Mapped[int] = mapped_column(Integer, default=0)
    # The shared applicant records the parties came from (pre-fill and search only); what the
    # case says about its parties is its own snapshot, ``applicant`` / ``agent`` below.
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"))
    applicant_name: Mapped[str] = mapped_column(String(200), default="")  # for list search, plain name
    applicant_id_masked: Mapped[str] = mapped_column(String(32), default="")
    clerk_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    window_id: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), default="draft")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # accept/complete/reject/supplement
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    supplement_due: Mapped[dt.date | None] = mapped_column(Date)
    paused_working_days: Mapped[int] = mapped_column(Integer, default=0)  # clock stopped for 补正
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    supplement_note: Mapped[str] = mapped_column(Text, default="")
    draft_json: Mapped[str] = mapped_column(Text, default="")  # autosaved form state of a draft
    local_version: Mapped[int] = mapped_column(Integer, default=1)  # bumps on each queued change
    sync_state: Mapped[str] = mapped_column(String(16), default="local")  # local|pending|synced|parked
    server_version: Mapped[int | None] = mapped_column(Integer)
    server_status: Mapped[str | None] = mapped_column(String(32))
    server_updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # --- the hall as one (revision 0006): a case of any window, built from its events ---
    origin: Mapped[str] = mapped_column(String(8), default="window", server_default="window")  # window | hall
    case_version: Mapped[int | None] = mapped_column(Integer)  # the platform's version of the case's events
    applicant_key: Mapped[str | None] = mapped_column(String(64), index=True)  # keyed hash of the ID number
    hall_detail: Mapped[str] = mapped_column(String(8), default="", server_default="")  # '' | summary | full
    result_ready_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    hall_extra: Mapped[str] = mapped_column(Text, default="", server_default="")  # JSON: masked agent, hand-over, pages

    materials: Mapped[list[ApplicationMaterial]] = relationship(
        back_populates="application", order_by="ApplicationMaterial.seq", cascade="all, delete-orphan"
    )
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", order_by="ApplicationEvent.id", cascade="all, delete-orphan"
    )
    applicant_record: Mapped[Applicant | None] = relationship(foreign_keys=[applicant_id])
    agent_record: Mapped[Applicant | None] = relationship(foreign_keys=[agent_id])
    # The case's own party snapshots (revision 0005): a later case of the same person never
    # changes them; only a recorded correction does.
    applicant: Mapped[ApplicationParty | None] = relationship(
        primaryjoin="and_(Application.id == ApplicationParty.application_id, ApplicationParty.role == 'applicant')",
        uselist=False, cascade="all, delete-orphan", overlaps="agent")
    agent: Mapped[ApplicationParty | None] = relationship(
        primaryjoin="and_(Application.id == ApplicationParty.application_id, ApplicationParty.role == 'agent')",
        uselist=False, cascade="all, delete-orphan", overlaps="applicant")
    clerk: Mapped[User] = relationship()


class ApplicationParty(Base):
    """The applicant or agent of one case, as the case recorded them (revision 0005).

    Written at the case's decision from the form, changed afterwards only by a correction
    (an ``application_event`` of kind ``corrected`` with a new outbox version). The shared
    ``applicant`` row only pre-fills the next case of the same person.
    """

    __tablename__ = "application_party"
    __table_args__ = (UniqueConstraint("application_id", "role", name="uq_application_party_application_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))  # applicant | agent
    kind: Mapped[str] = mapped_column(String(10))  # person | org
    name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(String(32))
    id_masked: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    legal_rep: Mapped[str] = mapped_column(String(200), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(4), default="")


class ApplicationEvent(Base):
    """One state change of an application, at the window or reported by the platform."""

    __tablename__ = "application_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    source: Mapped[str] = mapped_column(String(16), default="window")  # window | server
    note: Mapped[str] = mapped_column(Text, default="")
    # status: a state change; corrected: the case's data was corrected (from == to status), with
    # ``detail`` the JSON of what changed, masked (revision 0005).
    kind: Mapped[str] = mapped_column(String(16), default="status", server_default="status")
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")

    application: Mapped[Application] = relationship(back_populates="events")


class ApplicationMaterial(Base):
    """A checklist row, snapshotting the matter material at the version the clerk saw."""

    __tablename__ = "application_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    # Indexed for the foreign key's SET NULL when a catalog change replaces matter materials (revision 0010).
    matter_material_id: Mapped[int | None] = mapped_column(ForeignKey("matter_material.id", ondelete="SET NULL"),
                                                           index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(400))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    copies_expected: Mapped[int] = mapped_column(Integer, default=1)
    form_expected: Mapped[str] = mapped_column(String(20), default="copy")
    deferrable: Mapped[bool] = mapped_column(Boolean, default=False)
    electronic_required: Mapped[bool] = mapped_column(Boolean, default=False)
    cert_type: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text, default="")
    # pending | provided | missing | deferred | certificate
    state: Mapped[str] = mapped_column(String(16), default="pending")
    provided_form: Mapped[str] = mapped_column(String(20), default="")
    provided_copies: Mapped[int] = mapped_column(Integer, default=0)
    deferred_until: Mapped[dt.date | None] = mapped_column(Date)
    certificate_ref: Mapped[str | None] = mapped_column(String(200))
    certificate_available: Mapped[bool] = mapped_column(Boolean, default=False)

    application: Mapped[Application] = relationship(back_populates="materials")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="material", order_by="Attachment.page_no", cascade="all, delete-orphan"
    )


class Attachment(Base):
    """A page (image or PDF) of a material; the file lives at attachments/ab/cdef… by sha256."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("application_material.id", ondelete="CASCADE"), index=True)
    page_no: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mime: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))  # file | folder | camera | scanner | certificate | demo
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)

    material: Mapped[ApplicationMaterial] = relationship(back_populates="attachments")


class IssuedDocument(Base):
    """A paper as issued: its number (文号) and exactly what it showed, frozen (revision 0005).

    Issued once per case and document family (the 80 mm slip is the receipt on other paper);
    every print and reprint renders this content, so a reprint is the original, marked 补打.
    ``verify_code`` is the short hash of ``content`` printed in the paper's QR code.
    """

    __tablename__ = "issued_document"
    __table_args__ = (UniqueConstraint("family", "document_no", name="uq_issued_document_family_document_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    family: Mapped[str] = mapped_column(String(40))
    document_no: Mapped[str] = mapped_column(String(80), index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    content: Mapped[str | None] = mapped_column(Text)  # JSON of the document value; NULL: not frozen yet
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    verify_code: Mapped[str] = mapped_column(String(16), default="", index=True)
    # True for papers printed before revision 0005, frozen from the case when first reprinted.
    reconstructed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class DocumentSequence(Base):
    """The last document-number sequence used per document family and year (文号), never reused."""

    __tablename__ = "document_sequence"

    family: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class PrintedDocument(Base):
    """Every print and reprint, so a supervisor can see what paper left the counter."""

    __tablename__ = "printed_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    printed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    printed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    printer: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="printed")  # printed | saved_pdf
    reprint_of: Mapped[int | None] = mapped_column(ForeignKey("printed_document.id"))
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    pages: Mapped[int] = mapped_column(Integer, default=1)
    issued_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"), index=True)


class AcceptanceSequence(Base):
    """The last daily sequence used per window and day, allocated inside the accepting transaction."""

    __tablename__ = "acceptance_sequence"

    window_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


# --- audit, sync, caches --------------------------------------------------------------


class AuditEvent(Base):
    """Hash-chained audit log: each row's hash covers its content and the previous row's hash."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON, personal data masked
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Outbox(Base):
    """A frozen change waiting to reach the platform, written with the business change."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    entity_uuid: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="application")
    version: Mapped[int] = mapped_column(Integer, default=1)
    payload: Mapped[str] = mapped_column(Text)  # JSON, frozen when queued
    payload_sha256: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sending|done|parked
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    parked_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SyncCursor(Base):
    __tablename__ = "sync_cursor"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CertificateCache(Base):
    """E-certificates looked up for a holder; the holder id is stored only as a keyed hash."""

    __tablename__ = "certificate_cache"
    __table_args__ = (UniqueConstraint("holder_key", "cert_id", name="uq_certificate_cache_holder_cert"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    holder_type: Mapped[str] = mapped_column(String(10))
    holder_key: Mapped[str] = mapped_column(String(64), index=True)
    cert_id: Mapped[str] = mapped_column(String(100))
    type_code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(100), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="valid")
    doc_ref: Mapped[str] = mapped_column(String(200), default="")
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    file_sha256: Mapped[str] = mapped_column(String(64), default="")  # the file the platform vouched for


class CalendarDay(Base):
    """An exception to the Monday–Friday week: a public holiday or an adjusted working day (调休)."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday | workday
    source: Mapped[str] = mapped_column(String(10), default="bundled")  # bundled | server
    name: Mapped[str] = mapped_column(String(60), default="")


class KeyValue(Base):
    """Small device-level state: device id, enrolment, last sync time, clock skew."""

    __tablename__ = "key_value"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# --- conflicts and attachment claims (revision 0004) ------------------------------------


class CaseConflict(Base):
    """Two versions of one case that the app will not choose between by itself; a supervisor resolves it.

    ``kind`` says where the other version came from: the platform reported a status the state
    machine forbids (``platform_refused``: never applied), the platform decided while a local
    change was unsent (``platform_conflict``: the local change is held), or another window's case
    event lost "first valid event wins" (``hall_event``, the HALL stream). Both versions are kept
    verbatim as JSON; ``remote_key`` makes recording idempotent (a replayed pull page or event).
    """

    __tablename__ = "case_conflict"
    __table_args__ = (
        UniqueConstraint("kind", "remote_key", name="uq_case_conflict_kind_remote_key"),
        Index("ix_case_conflict_state_detected", "state", "detected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="SET NULL"), index=True)
    case_uuid: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # ConflictKind
    source: Mapped[str] = mapped_column(String(40), default="platform")  # platform | window:W03 …
    remote_key: Mapped[str] = mapped_column(String(120))  # e.g. "<uuid>@<server_version>" or an event key
    local_status: Mapped[str] = mapped_column(String(32), default="")
    local_version: Mapped[int | None] = mapped_column(Integer)
    local_payload: Mapped[str] = mapped_column(Text, default="")  # JSON: the window's version, as frozen
    remote_status: Mapped[str] = mapped_column(String(32), default="")
    remote_version: Mapped[int | None] = mapped_column(Integer)
    remote_payload: Mapped[str] = mapped_column(Text, default="")  # JSON: the other version, as received
    reason: Mapped[str] = mapped_column(Text, default="")  # for the supervisor, in Chinese
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default="open")  # ConflictState
    resolution: Mapped[str] = mapped_column(String(16), default="")  # Resolution
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution_note: Mapped[str] = mapped_column(Text, default="")


class AttachmentClaim(Base):
    """A page file being stored right now: recorded (committed) before the file is written or reused.

    ``attachments gc`` deletes a file only when no page row, no undelivered outbox payload and no
    claim younger than the grace period names it, and decides that under the writer lock; so a
    page identical to an old unreferenced file can never be deleted while it is being added.
    """

    __tablename__ = "attachment_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# The hall's tables live in their own module; importing it here registers them on Base.metadata.
from desktop.store import hall_models  # noqa: E402,F401
