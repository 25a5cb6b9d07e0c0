"""Helpers for reading back the PDFs the templates produce."""
from __future__ import annotations

import io
import re
import shutil

import pytest
from pypdf import PdfReader

from desktop.config import load_config
from desktop.services.context import AppContext


def pdf_pages(pdf: bytes) -> list[str]:
    """Text of each page, as a citizen's screen reader or a search would see it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with line breaks removed, so a wrapped name reads as one string again."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One migrated database per session; each test copies it (migrating per test is slow)."""
    d = tmp_path_factory.mktemp("printing-template")
    AppContext.open(load_config(data_dir=d, search_default_provisioning=False)).close()
    return d / "onewindow.sqlite3"


@pytest.fixture
def ctx(config, migrated_template):
    """Same as the shared fixture (a real migrated SQLite file in the test's data dir), but copied."""
    shutil.copyfile(migrated_template, config.db_path)
    context = AppContext.open(config)
    yield context
    context.close()


# --- cases in a real database ---------------------------------------------------------

import datetime as dt  # noqa: E402
import uuid as uuidlib  # noqa: E402

from desktop.store.models import (  # noqa: E402
    Applicant,
    Application,
    ApplicationMaterial,
    ApplicationParty,
    Attachment,
    User,
)

FULL_ID = "62010219900101123X"


def add_case(ctx, *, status="accepted", acceptance_no="620100-W03-20261125-0007", deferred=True,
             matter_name="城镇污水排入排水管网许可证核发", n_extra=0) -> int:
    """An application row as intake would leave it, built directly with the models."""
    with ctx.db.transaction() as s:
        clerk = s.query(User).filter_by(username="clerk1").one_or_none()
        if clerk is None:
            clerk = User(username="clerk1", display_name="王五", role="clerk", password_hash="x")
            s.add(clerk)
        applicant = s.query(Applicant).filter_by(id_number=FULL_ID).one_or_none()
        if applicant is None:
            applicant = Applicant(kind="person", name="张三丰", id_number=FULL_ID, id_masked="6201**********123X",
                                  phone="13812345678", address="甘肃省示例市城关区某某路 88 号")
            s.add(applicant)
        s.flush()
        accepted = status in ("accepted", "transferred", "completed")
        app = Application(
            uuid=str(uuidlib.uuid4()), acceptance_no=acceptance_no if accepted else None,
            matter_code="620100-SW-001", matter_version=3, matter_name=matter_name, department="示例市水务局",
            promised_days=15, applicant_id=applicant.id, applicant_name="张三丰",
            applicant_id_masked="6201**********123X", clerk_id=clerk.id, window_id="W03", status=status,
            created_at=dt.datetime(2026, 11, 25, 1, 20), decided_at=dt.datetime(2026, 11, 25, 1, 30),
            accepted_at=dt.datetime(2026, 11, 25, 1, 30) if accepted else None,
            due_date=dt.date(2026, 12, 16) if accepted else None,
            supplement_due=dt.date(2026, 12, 2) if status == "supplement_requested" else None,
            rejection_reason="申请事项不属于本机关职权范围" if status == "rejected" else "",
            supplement_note="检测报告须加盖 CMA 章" if status == "supplement_requested" else "",
            applicant=ApplicationParty(role="applicant", kind="person", name=applicant.name, id_number=FULL_ID,
                                       id_masked=applicant.id_masked, phone=applicant.phone,
                                       address=applicant.address))
        s.add(app)
        s.flush()
        rows = [
            ApplicationMaterial(application_id=app.id, seq=1, name="营业执照副本", state="provided",
                                provided_form="copy", provided_copies=2),
            ApplicationMaterial(application_id=app.id, seq=2, name="排水水质检测报告", form_expected="original",
                                state="missing" if status == "supplement_requested" else "provided",
                                provided_form="original", provided_copies=1, notes="近三个月内有效"),
            ApplicationMaterial(application_id=app.id, seq=3, name="排水管网图纸", form_expected="original",
                                state="deferred" if deferred else "provided", deferrable=True,
                                deferred_until=dt.date(2026, 12, 9) if deferred else None,
                                provided_copies=0 if deferred else 1),
            ApplicationMaterial(application_id=app.id, seq=4, name="申请人身份证明", state="certificate",
                                cert_type="ID", certificate_ref="DZZZ-620100-0001"),
        ]
        rows += [ApplicationMaterial(application_id=app.id, seq=5 + i, name=f"附加材料{i + 1}", state="provided",
                                     provided_form="copy", provided_copies=1) for i in range(n_extra)]
        s.add_all(rows)
        s.flush()
        for page in (1, 2, 3):
            s.add(Attachment(material_id=rows[0].id, page_no=page, sha256=f"{page:064x}", mime="image/jpeg",
                             size=1000, source="demo"))
        return app.id
