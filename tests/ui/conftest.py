"""GUI test fixtures: synchronous background tasks, signed-in users, a session's workspace.

Every test under tests/ui runs operations synchronously (autouse ``sync_tasks``), so pressing
a key and asserting on the next line is deterministic. A test that wants real threads makes a
workspace with ``make_workspace(user, pool=QThreadPool())``; the end-to-end layer
(``tests/e2e``) runs everything on the real pools.
"""
from __future__ import annotations

import pytest

from desktop.services.accounts.auth import AuthService, CurrentUser
from ui.tasks import SynchronousPool, use_pools

PASSWORD = "Counter2024"


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """argon2 with production cost takes ~0.7 s per hash here; GUI tests test screens, not the KDF."""
    from argon2 import PasswordHasher

    import desktop.services.accounts.auth as auth_module

    monkeypatch.setattr(auth_module, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def english_ui(qapp):
    """Tests see the English source strings unless they switch language themselves."""
    from ui.i18n import install_translations

    yield
    install_translations("en")


@pytest.fixture
def chinese_ui(qapp, tmp_path_factory):
    """The shipped default language, for tests that read the screen as the clerk does."""
    from ui.i18n import install_translations

    install_translations("zh_CN", tmp_path_factory.getbasetemp() / "qm")
    yield


@pytest.fixture(autouse=True)
def sync_tasks():
    with use_pools(SynchronousPool()) as pool:
        yield pool


@pytest.fixture
def auth(ctx) -> AuthService:
    return AuthService(ctx)


def _make(auth: AuthService, username: str, role: str, display: str) -> CurrentUser:
    return auth.create_user(username, PASSWORD, role, display_name=display)


@pytest.fixture
def admin(auth) -> CurrentUser:
    return _make(auth, "admin", "admin", "王管理")


@pytest.fixture
def clerk(auth) -> CurrentUser:
    return _make(auth, "clerk1", "clerk", "李受理")


@pytest.fixture
def supervisor(auth) -> CurrentUser:
    return _make(auth, "super1", "supervisor", "赵主管")


@pytest.fixture
def make_workspace(ctx, qtbot):
    """``make_workspace(user, printer=…, camera=…)``: a signed-in session's workspace over ``ctx``.

    Keyword arguments are :class:`ui.composition.Overrides` (devices, printer, key store), plus
    ``pool`` to run its operations on a real thread pool instead of synchronously.
    """
    from desktop.services.attachments.crypto import MemoryKeyStore
    from ui.composition import Overrides, Workspace, session_services
    from ui.operations.runner import OperationRunner

    made = []

    def make(user: CurrentUser, *, pool=None, **overrides):
        overrides.setdefault("key_store", MemoryKeyStore(reason="无密钥环"))
        options = Overrides(**overrides)
        ws = Workspace(ctx, user, session_services(ctx, options), options)
        if pool is not None:
            ws.ops = OperationRunner(ws.services, user=user, events=ws.events, ports=ws.ports, parent=ws, pool=pool)
        made.append(ws)
        return ws

    yield make
    for ws in made:
        ws.close()
        ws.deleteLater()


@pytest.fixture
def session(qtbot, ctx):
    """A SessionController on the test database; its windows are closed at the end."""
    from ui.session import SessionController

    controller = SessionController(ctx)
    yield controller
    if controller.window is not None:
        controller.window.close_for_logout()
        controller.window.deleteLater()
    if controller.dialog is not None:
        controller.dialog.close()
        controller.dialog.deleteLater()
