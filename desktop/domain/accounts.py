"""Who may do what at a counter: roles, the signed-in user, and what makes a password acceptable.

Pure rules with no database: the sign-in and set-up dialogs use them before the store is open
(they appear first, so a clerk can start typing while the database opens behind them), and
``desktop.services.accounts.auth`` applies them to stored accounts.
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.errors import UserError

ROLES = ("clerk", "supervisor", "admin")
ROLE_RANK = {"clerk": 1, "supervisor": 2, "admin": 3}
ROLE_LABELS = {"clerk": "窗口人员", "supervisor": "主管", "admin": "系统管理员"}
MIN_PASSWORD_LENGTH = 8


class AuthError(UserError):
    """A login or account change was refused; the message is for the person at the screen."""


class PermissionDenied(AuthError):
    pass


@dataclass(frozen=True)
class CurrentUser:
    """Who is signed in at this counter; services check roles against it."""

    id: int
    username: str
    display_name: str
    role: str

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[minimum]

    def require(self, minimum: str, action: str = "此操作") -> None:
        if not self.has_role(minimum):
            raise PermissionDenied(f"{action}需要{ROLE_LABELS[minimum]}权限，当前账号为{ROLE_LABELS[self.role]}。")

    @property
    def label(self) -> str:
        return self.display_name or self.username


def check_password_strength(password: str) -> str | None:
    """A reason the password is too weak, or None. Kept simple: length and not all one kind."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少需要 {MIN_PASSWORD_LENGTH} 位"
    if password.isdigit() or password.isalpha():
        return "密码需同时包含字母和数字"
    return None
