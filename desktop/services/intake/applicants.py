"""Applicants and agents (申请人 / 代理人): validation with the checksums, look-up, upsert.

A returning citizen is found by ID number so the clerk does not retype an address that was
right last time. Rows are written only with a valid identifier: a draft may hold a mistyped
number (the clerk fixes it while the citizen fetches their card), the applicant table never does.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, text
from sqlalchemy.orm import Session

from desktop.domain.idnumbers import check_credit_code, check_resident_id
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.domain.phones import is_phone_number
from desktop.services.context import AppContext
from desktop.services.intake.builders import party_snapshot
from desktop.store.models import Applicant, ApplicationParty

KINDS = ("person", "org")


@dataclass(frozen=True)
class PartyData:
    """An applicant or agent as the form holds it (also the shape stored in a draft)."""

    kind: str = "person"
    name: str = ""
    id_number: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    address: str = ""
    legal_rep: str = ""
    ethnicity: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PartyData | None:
        if not data:
            return None
        return cls(kind=str(data.get("kind") or "person"), name=str(data.get("name") or "").strip(),
                   id_number=str(data.get("id_number") or "").strip().upper(),
                   phone=str(data.get("phone") or "").strip(), address=str(data.get("address") or "").strip(),
                   legal_rep=str(data.get("legal_rep") or "").strip(),
                   ethnicity=str(data.get("ethnicity") or "").strip())

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name, "id_number": self.id_number, "phone": self.phone,
                "address": self.address, "legal_rep": self.legal_rep, "ethnicity": self.ethnicity}

    @property
    def is_blank(self) -> bool:
        return not (self.name or self.id_number)


def validate_party(party: PartyData | None, *, role: str = "申请人", today: dt.date | None = None) -> list[str]:
    """Reasons the party cannot be used for a decision, in the clerk's language (empty: fine)."""
    if party is None or party.is_blank:
        return [f"请填写{role}信息"]
    problems: list[str] = []
    if party.kind not in KINDS:
        problems.append(f"{role}类型应为个人或单位")
        return problems
    if not party.name:
        problems.append(f"请填写{role}姓名" if party.kind == "person" else f"请填写{role}单位名称")
    elif len(party.name) > 200:
        problems.append(f"{role}名称过长")
    if party.kind == "person":
        check = check_resident_id(party.id_number, today=today)
        if not check.ok:
            problems.append(f"{role}公民身份号码：{check.reason}")
    else:
        code = check_credit_code(party.id_number)
        if not code.ok:
            problems.append(f"{role}统一社会信用代码：{code.reason}")
    if party.phone and not is_phone_number(party.phone):
        problems.append(f"{role}联系电话格式不正确")
    return problems


def _record_columns(party: PartyData, *, now: dt.datetime, today: dt.date | None) -> dict[str, Any]:
    """The shared record's columns a validated party sets (raises ValueError if invalid); ethnicity aside."""
    problems = validate_party(party, today=today)
    if problems:
        raise ValueError("; ".join(problems))
    birth, sex = None, ""
    if party.kind == "person":
        check = check_resident_id(party.id_number, today=today)
        birth, sex = check.birth_date, check.sex
    return {"name": party.name, "phone": party.phone, "address": party.address, "legal_rep": party.legal_rep,
            "id_masked": mask_id_number(party.id_number), "birth_date": birth, "sex": sex, "updated_at": now}


def upsert_party(session: Session, party: PartyData, *, now: dt.datetime, today: dt.date | None = None) -> Applicant:
    """Insert or update the applicant row for a validated party (raises ValueError if invalid)."""
    columns = _record_columns(party, now=now, today=today)
    row = session.execute(select(Applicant).where(Applicant.kind == party.kind,
                                                  Applicant.id_number == party.id_number)).scalar()
    if row is None:
        row = Applicant(kind=party.kind, id_number=party.id_number, created_at=now)
        session.add(row)
    for name, value in columns.items():
        setattr(row, name, value)
    row.ethnicity = party.ethnicity or row.ethnicity or ""  # a card read once keeps it for later cases
    session.flush()
    return row


def _upsert() -> Any:
    """INSERT … ON CONFLICT (kind, id_number) DO UPDATE … RETURNING id, as cacheable text with typed binds.

    (SQLAlchemy does not cache a compiled ``on_conflict_do_update``; rebuilt per call it costs
    more than the rest of the statement.) A card read once keeps its ethnicity for later cases.
    """
    table = Applicant.__table__
    names = ("kind", "id_number", "created_at", "ethnicity", *_RECORD_COLUMNS)
    sets = ", ".join(f"{n} = excluded.{n}" for n in _RECORD_COLUMNS)
    return text(
        f"INSERT INTO applicant ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)}) "
        f"ON CONFLICT (kind, id_number) DO UPDATE SET {sets}, "
        "ethnicity = coalesce(nullif(excluded.ethnicity, ''), applicant.ethnicity, '') RETURNING id"
    ).bindparams(*(bindparam(n, type_=table.c[n].type) for n in names))


_RECORD_COLUMNS = ("name", "phone", "address", "legal_rep", "id_masked", "birth_date", "sex", "updated_at")
_UPSERT = _upsert()


def upsert_party_row(conn: Connection, party: PartyData, *, now: dt.datetime, today: dt.date | None = None) -> int:
    """:func:`upsert_party` as one prebuilt Core statement; the shared record's id."""
    columns = _record_columns(party, now=now, today=today)
    return int(conn.execute(_UPSERT, {"kind": party.kind, "id_number": party.id_number, "created_at": now,
                                      "ethnicity": party.ethnicity, **columns}).scalar_one())


def snapshot_columns(party: PartyData, *, today: dt.date | None = None) -> dict[str, Any]:
    """The case's own copy of a validated party (application_party columns)."""
    birth, sex = None, ""
    if party.kind == "person":
        check = check_resident_id(party.id_number, today=today)
        birth, sex = check.birth_date, check.sex
    return party_snapshot(party.to_dict(), birth_date=birth, sex=sex)


def keep_snapshot(current: ApplicationParty | None, role: str, party: PartyData,
                  today: dt.date | None = None) -> ApplicationParty:
    """The case's snapshot row for ``role``, created or brought up to ``party`` in place."""
    columns = snapshot_columns(party, today=today)
    if current is None:
        return ApplicationParty(role=role, **columns)
    for name, value in columns.items():
        setattr(current, name, value)
    return current


def party_from_row(row: Applicant | ApplicationParty) -> PartyData:
    return PartyData(kind=row.kind, name=row.name, id_number=row.id_number, phone=row.phone, address=row.address,
                     legal_rep=row.legal_rep, ethnicity=row.ethnicity)


@dataclass(frozen=True)
class ApplicantRecord:
    """A known applicant, for pre-filling the form (full number: the clerk is confirming it)."""

    party: PartyData
    id_masked: str
    phone_masked: str
    birth_date: dt.date | None
    sex: str
    last_seen: dt.datetime


class ApplicantService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def find_by_id_number(self, id_number: str, kind: str | None = None) -> ApplicantRecord | None:
        """The applicant with this ID number or credit code (any kind unless given), or None."""
        value = (id_number or "").strip().upper()
        if not value:
            return None
        query = select(Applicant).where(Applicant.id_number == value)
        if kind:
            query = query.where(Applicant.kind == kind)
        with self.ctx.db.session() as s:
            row = s.execute(query.order_by(Applicant.updated_at.desc()).limit(1)).scalar()
            if row is None:
                return None
            return ApplicantRecord(party=party_from_row(row), id_masked=row.id_masked,
                                   phone_masked=mask_phone(row.phone), birth_date=row.birth_date, sex=row.sex,
                                   last_seen=row.updated_at)

    def upsert(self, party: PartyData) -> int:
        """Save a validated party outside any application (e.g. from an admin screen); returns its id."""
        with self.ctx.db.transaction() as s:
            return upsert_party(s, party, now=self.ctx.now()).id
