"""Fixtures for intake tests: a clerk, a small catalog inserted directly, a movable clock."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from desktop.config import load_config
from desktop.domain.idnumbers import make_credit_code, make_resident_id
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.intake.service import IntakeService
from desktop.store.models import Matter, MatterMaterial, User

PERSON_ID = make_resident_id("620102", dt.date(1990, 5, 17), 123)
AGENT_ID = make_resident_id("620103", dt.date(1985, 1, 2), 44)
ORG_CODE = make_credit_code("91", "620100", "MA01ABC2X")


class Clock:
    """A settable naive-UTC clock (02:00 UTC is 10:00 in Shanghai: same calendar day)."""

    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def set_day(self, day: dt.date, hour: int = 2) -> None:
        self.at = dt.datetime(day.year, day.month, day.day, hour, 0)


def add_matter(ctx, code: str, *, promised_days: int = 5, immediate: bool = False, version: int = 3,
               materials=None) -> None:
    materials = materials or [
        dict(seq=1, name="居民身份证", required=True, copies=1, form="original"),
        dict(seq=2, name="营业执照", required=True, copies=1, form="copy", cert_type="BL"),
        dict(seq=3, name="房屋租赁合同", required=True, copies=2, form="copy", deferrable=True),
        dict(seq=4, name="近期照片", required=False, copies=1, form="original"),
    ]
    with ctx.db.transaction() as s:
        s.add(Matter(code=code, name=f"事项{code}", department="市场监管局", promised_days=promised_days,
                     immediate=immediate, version=version,
                     materials=[MatterMaterial(**m) for m in materials]))


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One migrated database per session; each test copies it (migrating per test is slow)."""
    d = tmp_path_factory.mktemp("template")
    context = AppContext.open(load_config(data_dir=d, search_default_provisioning=False))
    context.close()
    return d / "onewindow.sqlite3"


@pytest.fixture
def ctx(config, migrated_template):
    """Same as the shared fixture (a real migrated SQLite file in the test's data dir), but copied."""
    shutil.copyfile(migrated_template, config.db_path)
    context = AppContext.open(config)
    yield context
    context.close()


@pytest.fixture
def clock(ctx) -> Clock:
    c = Clock(dt.datetime(2026, 9, 30, 2, 0))
    ctx.clock = c
    return c


@pytest.fixture
def clerk(ctx) -> CurrentUser:
    # A user row without argon2 hashing (AuthService is tested elsewhere; hashing costs ~0.1 s).
    with ctx.db.transaction() as s:
        user = User(username="clerk1", display_name="王小丽", role="clerk", password_hash="x")
        s.add(user)
        s.flush()
        return CurrentUser(user.id, user.username, user.display_name, user.role)


@pytest.fixture
def intake(ctx, clock, clerk) -> IntakeService:
    add_matter(ctx, "M-LIC", promised_days=5)
    add_matter(ctx, "M-NOW", promised_days=0, immediate=True,
               materials=[dict(seq=1, name="居民身份证", required=True, copies=1, form="original")])
    return IntakeService(ctx)


def person_form(id_number: str = PERSON_ID, **extra) -> dict:
    form = {"applicant": {"kind": "person", "name": "张三", "id_number": id_number, "phone": "13812345678",
                          "address": "兰州市城关区"}, "agent": None}
    form.update(extra)
    return form


def provide_all(intake: IntakeService, uuid: str) -> None:
    for m in intake.get_application(uuid).materials:
        if m.required:
            intake.set_material(uuid, m.seq, "provided")
