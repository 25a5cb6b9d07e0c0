"""A small hall built by hand for report tests: applications with local (Beijing) times."""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import uuid

from desktop.services.accounts.auth import CurrentUser
from desktop.store.models import Applicant, Application, ApplicationEvent, ApplicationParty, Outbox, User

# "Now" for these tests: 2026-11-25 18:00 in the hall (10:00 UTC), a Wednesday.
NOW_UTC = dt.datetime(2026, 11, 25, 10, 0)
_seq = itertools.count(1)


def local(text: str) -> dt.datetime:
    """A hall-local 'YYYY-MM-DD HH:MM' as the naive UTC the store keeps."""
    return dt.datetime.fromisoformat(text) - dt.timedelta(hours=8)


class Hall:
    """Writes users and applications into the test's real database."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.users: dict[str, User] = {}
        self._batch = None

    @contextlib.contextmanager
    def batch(self):
        """Write many applications in one transaction (fast seeding)."""
        with self.ctx.db.transaction() as s:
            self._batch = s
            try:
                yield
            finally:
                self._batch = None

    def _transaction(self):
        return contextlib.nullcontext(self._batch) if self._batch is not None else self.ctx.db.transaction()

    def user(self, username: str, role: str = "clerk", display_name: str = "") -> CurrentUser:
        with self.ctx.db.transaction() as s:
            u = User(username=username, display_name=display_name, role=role, password_hash="x")
            s.add(u)
            s.flush()
            self.users[username] = u
            return CurrentUser(u.id, username, display_name, role)

    def app(self, *, clerk: str = "li", window: str = "W01", matter: str = "M1", matter_name: str = "个体工商户登记",
            department: str = "市场监管局", status: str = "accepted", immediate: bool = False, created: str,
            decided_after_min: float | None = 10, due: dt.date | None = None, sync_state: str = "local",
            supplement_event: bool = False, applicant: str = "张三丰", id_number: str = "",
            phone: str = "13812345678", outbox_state: str | None = None) -> int:
        created_at = local(created)
        decided_at = None if decided_after_min is None or status == "draft" else (
            created_at + dt.timedelta(minutes=decided_after_min))
        n = next(_seq)
        with self._transaction() as s:
            person = Applicant(kind="person", name=applicant, id_number=id_number or f"1101051949{n:07d}X",
                               phone=phone)
            s.add(person)
            s.flush()
            a = Application(uuid=str(uuid.uuid4()), acceptance_no=None if status in ("draft",) else f"ACC{n:06d}",
                            matter_code=matter, matter_version=1, matter_name=matter_name, department=department,
                            immediate=immediate, clerk_id=self.users[clerk].id, window_id=window, status=status,
                            created_at=created_at, updated_at=created_at, decided_at=decided_at, due_date=due,
                            applicant_id=person.id, applicant_name=applicant,
                            applicant_id_masked=person.id_number[:4] + "**********" + person.id_number[-4:],
                            sync_state=sync_state,
                            applicant=ApplicationParty(role="applicant", kind="person", name=applicant,
                                                       id_number=person.id_number, phone=phone))
            s.add(a)
            s.flush()
            if supplement_event:
                s.add(ApplicationEvent(application_id=a.id, from_status="draft", to_status="supplement_requested",
                                       at=created_at))
            if outbox_state:
                s.add(Outbox(application_id=a.id, entity_uuid=a.uuid, payload="{}", payload_sha256="0" * 64,
                             idempotency_key=f"{a.uuid}:1", state=outbox_state, created_at=created_at))
            return a.id
