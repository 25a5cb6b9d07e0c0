"""A small hall for integration tests: several client data dirs (windows, a supervisor PC) on one reference server.

Each :class:`Window` is a real data dir with its own SQLite file, enrolled with an enrolment
code of the hall (issued by the server's admin endpoint), syncing over loopback HTTP with the
same engine the app uses. Nothing is patched: what one window does reaches the others only
through the platform.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.config import load_config, save_local_settings
from desktop.domain.idnumbers import make_resident_id
from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.hall.actions import HallActions
from desktop.services.hall.cases import HallCaseService
from desktop.services.intake.service import IntakeService
from desktop.store.models import User
from sync.backoff import Backoff
from sync.engine import SyncEngine
from sync.enrol import enroll
from sync.hall_fetch import PlatformCases
from sync.summary import SyncSummary
from sync.token_store import MemoryTokenStore
from tests.integration.central import CentralServer
from tests.unit.intake.conftest import add_matter

MATTER = "HALL-SC-001"
MATERIALS = [
    dict(seq=1, name="居民身份证", required=True, copies=1, form="original"),
    dict(seq=2, name="营业执照", required=True, copies=1, form="copy"),
    dict(seq=3, name="房屋租赁合同", required=True, copies=2, form="copy", deferrable=True),
    dict(seq=4, name="近期照片", required=False, copies=1, form="original"),
]
IMMEDIATE = "HALL-MZ-002"
SERVER_MATTERS = [
    {"code": MATTER, "name": "个体工商户变更登记", "department": "市市场监督管理局", "promised_days": 5,
     "legal_days": 15, "materials": MATERIALS},
    {"code": IMMEDIATE, "name": "婚姻登记记录证明", "department": "市民政局", "promised_days": 0, "legal_days": 1,
     "immediate": True, "materials": [MATERIALS[0]]},
]


NAMES = ("张建国", "王秀英", "李卫东", "赵小红", "刘志强", "陈静怡", "杨海涛", "黄丽华", "周文斌", "吴春梅",
         "孙国庆", "马玉兰")


def citizen(i: int) -> dict:
    number = make_resident_id("620102", dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 27), 100 + i)
    return {"applicant": {"kind": "person", "name": NAMES[i % len(NAMES)], "id_number": number,
                          "phone": "13812345678", "address": "兰州市城关区"}, "agent": None}


@dataclass
class Window:
    name: str
    ctx: AppContext
    engine: SyncEngine
    clerk: CurrentUser
    intake: IntakeService
    cases: HallCaseService
    actions: HallActions

    def sync(self) -> SyncSummary:
        summary = self.engine.run_once(budget_seconds=20, max_wait=0.5)
        assert summary.online, summary.lines()
        return summary

    def go_offline(self) -> None:
        """No network: every platform call fails at connect (as with the cable pulled)."""
        self.engine.ctx.config = self.ctx.config = self.ctx.config.replace("server", url="http://127.0.0.1:9")
        self.cases.source = PlatformCases(self.ctx, token_store=self.engine._token_store, timeout=1.0)

    def go_online(self, central: CentralServer) -> None:
        self.ctx.config = self.ctx.config.replace("server", url=central.url)
        self.engine.ctx.config = self.ctx.config

    def take_case(self, person: dict, *, missing: tuple[int, ...] = (), deferred: tuple[int, ...] = (),
                  matter: str = MATTER) -> str:
        """A draft with every required material provided except ``missing`` (and ``deferred`` ones promised)."""
        view = self.intake.start_draft(self.clerk, matter, person)
        for m in view.materials:
            if m.seq in missing or not m.required:
                continue
            if m.seq in deferred:
                self.intake.set_material(view.uuid, m.seq, "deferred",
                                         deferred_until=self.intake.latest_deferral_date(view.uuid))
            else:
                self.intake.set_material(view.uuid, m.seq, "provided")
        return view.uuid


def open_window(root: Path, central: CentralServer, window_id: str, code: str, *, role: str = "clerk",
                username: str | None = None, display: str = "") -> Window:
    data_dir = root / window_id
    data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    config = save_local_settings(config, {"hall": {"window_id": window_id}, "server": {"url": central.url}})
    ctx = AppContext.open(config)
    for matter in SERVER_MATTERS:
        add_matter(ctx, matter["code"], promised_days=matter["promised_days"], version=1,
                   immediate=bool(matter.get("immediate")), materials=matter["materials"])
    with ctx.db.transaction() as s:  # the catalog's own names (the helper makes up '事项<code>')
        from sqlalchemy import update

        from desktop.store.models import Matter

        for matter in SERVER_MATTERS:
            s.execute(update(Matter).where(Matter.code == matter["code"])
                      .values(name=matter["name"], department=matter["department"]))
    store = MemoryTokenStore()
    enroll(ctx, central.url, code, token_store=store)
    engine = SyncEngine(ctx, token_store=store, backoff=Backoff(base_seconds=0.01, cap_seconds=0.2))
    with ctx.db.transaction() as s:
        user = User(username=username or f"clerk{window_id[-2:]}", display_name=display or f"{window_id}窗口员",
                    role=role, password_hash="x")
        s.add(user)
        s.flush()
        clerk = CurrentUser(user.id, user.username, user.display_name, user.role)
    source = PlatformCases(ctx, token_store=store, timeout=3.0)
    return Window(window_id, ctx, engine, clerk, IntakeService(ctx), HallCaseService(ctx, source), HallActions(ctx))


def hall_codes(central: CentralServer, count: int, hall: str = "H1") -> list[str]:
    central.admin_post("/admin/matters", {"upsert": SERVER_MATTERS})
    return central.admin_post("/admin/enrol-codes", {"hall": hall, "count": count})["codes"]


def receipt_qr(ctx: AppContext, acceptance_no: str) -> str:
    """What a receipt's QR holds (see printing/receipt.py enquiry_payload)."""
    from urllib.parse import urlencode

    url = ctx.config.hall.enquiry_url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'no': acceptance_no})}"
