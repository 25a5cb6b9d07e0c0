"""Small helpers that put realistic applications into a real test database."""
from __future__ import annotations

import datetime as dt
import uuid as uuidlib

from desktop.domain.masking import mask_id_number
from desktop.store.models import Applicant, Application, ApplicationParty, User


def add_user(session, username: str = "clerk1", display_name: str = "王小明", role: str = "clerk") -> User:
    user = User(username=username, display_name=display_name, role=role, password_hash="x")
    session.add(user)
    session.flush()
    return user


def add_applicant(session, name: str, id_number: str, kind: str = "person") -> Applicant:
    p = Applicant(kind=kind, name=name, id_number=id_number, id_masked=mask_id_number(id_number),
                  phone="13812345678")
    session.add(p)
    session.flush()
    return p


def add_application(session, *, clerk: User, applicant: Applicant | None = None, created_at: dt.datetime,
                    status: str = "accepted", matter_code: str = "M001", matter_name: str = "户口迁移",
                    acceptance_no: str | None = None, official_no: str | None = None,
                    window_id: str = "W01") -> Application:
    app = Application(
        uuid=str(uuidlib.uuid4()), acceptance_no=acceptance_no, official_no=official_no,
        matter_code=matter_code, matter_version=1, matter_name=matter_name,
        applicant_id=applicant.id if applicant else None,
        applicant_name=applicant.name if applicant else "",
        applicant_id_masked=applicant.id_masked if applicant else "",
        clerk_id=clerk.id, window_id=window_id, status=status, created_at=created_at, updated_at=created_at,
        applicant=None if applicant is None or status == "draft" else ApplicationParty(
            role="applicant", kind=applicant.kind, name=applicant.name, id_number=applicant.id_number,
            id_masked=applicant.id_masked, phone=applicant.phone))
    session.add(app)
    session.flush()
    return app
