"""Operations of signing in, locking and the user accounts page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.domain.accounts import CurrentUser
    from desktop.services.bundle import Services


@dataclass(frozen=True)
class SignedIn:
    """Who signed in, and the services of the session, every one already made (off the UI thread)."""

    user: CurrentUser
    services: Services


@dataclass(frozen=True)
class SignIn(Operation[SignedIn]):
    lane = Lane.WRITE  # a refused password is counted and audited
    username: str
    password: str

    def perform(self, env: Env) -> SignedIn:
        user = env.services.auth.login(self.username, self.password)
        return SignedIn(user, env.services.for_session())


@dataclass(frozen=True)
class CreateFirstAdmin(Operation[SignedIn]):
    """First run on an empty store: the administrator's account, then straight in."""

    lane = Lane.WRITE
    username: str
    password: str
    display_name: str

    def perform(self, env: Env) -> SignedIn:
        auth = env.services.auth
        auth.create_user(self.username, self.password, "admin", display_name=self.display_name)
        return SignedIn(auth.login(self.username, self.password), env.services.for_session())


@dataclass(frozen=True)
class CheckPassword(Operation[bool]):
    """The lock screen: the signed-in user's own password reopens the session."""

    lane = Lane.WRITE
    password: str

    def perform(self, env: Env) -> bool:
        return env.services.auth.verify_password(env.require_user(), self.password)


@dataclass(frozen=True)
class RecordSession(Operation[None]):
    """Audit a session event: ``locked`` (with a reason), ``unlocked`` or ``signed_out``."""

    lane = Lane.WRITE
    what: str
    reason: str = ""

    def perform(self, env: Env) -> None:
        auth, user = env.services.auth, env.require_user()
        if self.what == "locked":
            auth.session_locked(user, self.reason)
        elif self.what == "unlocked":
            auth.session_unlocked(user)
        elif self.what == "signed_out":
            auth.logout(user)
        else:
            raise ValueError(f"unknown session event {self.what!r}")


@dataclass(frozen=True)
class ListUsers(Operation["list[dict]"]):
    def perform(self, env: Env) -> list[dict]:
        return env.services.auth.list_users()


@dataclass(frozen=True)
class CreateUser(Operation["CurrentUser"]):
    lane = Lane.WRITE
    username: str
    password: str
    role: str
    display_name: str

    def perform(self, env: Env) -> CurrentUser:
        return env.services.auth.create_user(self.username, self.password, self.role,
                                             display_name=self.display_name, actor=env.require_user())


@dataclass(frozen=True)
class SetUserActive(Operation[None]):
    lane = Lane.WRITE
    username: str
    active: bool

    def perform(self, env: Env) -> None:
        env.services.auth.set_active(self.username, self.active, actor=env.require_user())


@dataclass(frozen=True)
class ResetPassword(Operation[None]):
    lane = Lane.WRITE
    username: str
    password: str

    def perform(self, env: Env) -> None:
        env.services.auth.reset_password(self.username, self.password, actor=env.require_user())


@dataclass(frozen=True)
class HasUsers(Operation[bool]):
    """Whether the store holds any account yet (else the first-run set-up is shown)."""

    def perform(self, env: Env) -> bool:
        return env.services.auth.has_users()
