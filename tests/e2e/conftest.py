"""The end-to-end layer: the real main window, signed in through the real dialog, real thread pools.

Nothing here makes background work synchronous (unlike ``tests/ui``): a worker that reads a
widget, a result delivered after its dialog closed, a write racing an autosave — the bugs a
synchronous runner hides — happen here as they do at the counter. Every path is driven by key
events through :class:`tests.e2e.driver.Driver`, which counts them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.config import Config, load_config, save_local_settings
from desktop.services.context import AppContext
from tests.conftest import E2E_KEYS_FILE as KEYS_FILE
from tests.e2e.driver import Driver
from tests.e2e.printers import A4, THERMAL, PaperTray
from tests.ui.conftest import PASSWORD
from ui.qt import QApplication, Qt

pytestmark = pytest.mark.gui

SCREEN = (1280, 720)
ACCOUNTS = (("clerk1", "clerk", "李受理"), ("super1", "supervisor", "赵主管"), ("admin1", "admin", "王管理"))


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """argon2 at production cost takes ~0.7 s a hash on CI; the end-to-end paths test screens, not the KDF."""
    from argon2 import PasswordHasher

    import desktop.services.accounts.auth as auth_module

    monkeypatch.setattr(auth_module, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def chinese_ui(qapp, tmp_path):
    """The shipped default language; English again afterwards for the other tests."""
    from ui.i18n import install_translations

    install_translations("zh_CN", tmp_path / "qm")
    yield
    install_translations("en")


class StoreOnUiThread:
    """Records every connection the store hands out on the UI thread once the clerk is signed in.

    Operations run their service calls on workers; a screen that reads or writes the store itself
    would freeze the counter while SQLite waits (a sync holding the write lock, a slow disk).
    """

    def __init__(self, ctx: AppContext) -> None:
        import threading
        import traceback

        from sqlalchemy import event

        self.seen: list[str] = []
        self.armed = False

        def checkout(*_args) -> None:
            if self.armed and threading.current_thread() is threading.main_thread():
                self.seen.append("".join(traceback.format_stack(limit=12)))

        event.listen(ctx.db.engine, "checkout", checkout)


@dataclass
class Counter:
    """The running app of one test: its store, its session controller and the key driver."""

    ctx: AppContext
    config: Config
    session: object
    driver: Driver
    guard: StoreOnUiThread
    tray: PaperTray

    @property
    def window(self):
        return self.session.window

    def page(self, key: str):
        return self.window.page(key)


def counter_config(data_dir: Path) -> Config:
    config = load_config(data_dir=data_dir, search_default_provisioning=False)
    scans = data_dir / "scan-inbox"
    scans.mkdir(exist_ok=True)
    return save_local_settings(config, {
        "hall": {"name": "示例市政务服务中心", "window_id": "W03"},
        "printers": {"a4": A4, "thermal": THERMAL},
        "devices": {"id_reader": "simulated", "camera": "simulated", "scanner": "simulated",
                    "scan_folder": str(scans)},
    })


@pytest.fixture
def counter_store(tmp_path) -> AppContext:
    """A counter PC's store as start-up leaves it: migrated, calendar and sample catalog loaded, accounts."""
    from desktop.services.accounts.auth import AuthService
    from desktop.services.maintenance.startup import prepare_local_data

    data = tmp_path / "data"
    data.mkdir()
    ctx = AppContext.open(counter_config(data))
    prepare_local_data(ctx)
    auth = AuthService(ctx)
    for username, role, name in ACCOUNTS:
        auth.create_user(username, PASSWORD, role, display_name=name)
    yield ctx
    ctx.close()


@pytest.fixture
def store_guard(counter_store) -> StoreOnUiThread:
    guard = StoreOnUiThread(counter_store)
    yield guard
    assert guard.seen == [], "the UI thread used the store after sign-in:\n" + guard.seen[0]


@pytest.fixture
def tray(tmp_path) -> PaperTray:
    return PaperTray(tmp_path / "printed")


@pytest.fixture
def start_counter(qtbot, counter_store, store_guard, tray):
    """``start_counter("clerk1")``: the sign-in dialog, typed into, and the main window at 1280×720."""
    from desktop.services.attachments.crypto import MemoryKeyStore
    from ui.composition import Overrides
    from ui.session import SessionController
    from ui.tasks import wait_for_background_work

    sessions = []

    def start(username: str = "clerk1", **overrides) -> Counter:
        overrides.setdefault("key_store", MemoryKeyStore(reason="测试：无系统密钥环"))
        session = SessionController(counter_store, overrides=Overrides(printer=tray, **overrides))
        sessions.append(session)
        driver = Driver(qtbot)
        session.start()
        driver.until(lambda: session.dialog is not None and session.dialog.isVisible(), what="sign-in dialog")
        session.dialog.activateWindow()
        driver.until(lambda: QApplication.focusWidget() is session.dialog.username, what="focus in username")
        driver.type(username, counted=False)
        driver.press(Qt.Key.Key_Tab)
        driver.type(PASSWORD, counted=False)
        driver.press(Qt.Key.Key_Return)
        driver.until(lambda: session.window is not None and session.window.isVisible(), what="main window")
        window = session.window
        window.showNormal()
        window.resize(*SCREEN)
        window.activateWindow()
        qtbot.waitExposed(window)
        driver.settle()
        driver.keys = 0  # the sign-in is not part of any path's count
        driver.log.clear()
        store_guard.armed = True
        return Counter(counter_store, counter_store.config, session, driver, store_guard, tray)

    yield start
    store_guard.armed = False
    for session in sessions:
        if session.window is not None:
            for dialog in QApplication.topLevelWidgets():
                if dialog.isVisible() and dialog is not session.window:
                    dialog.close()
        if session.window is not None:
            session.window.close_for_logout()
            session.window.deleteLater()
        if session.dialog is not None:
            session.dialog.close()
            session.dialog.deleteLater()
    wait_for_background_work()
    QApplication.processEvents()


@pytest.fixture
def record_keys(request, tmp_path_factory):
    """``record_keys(driver)`` at the end of a path: its key count goes to the suite's table."""

    def record(driver: Driver, note: str = "") -> None:
        line = {"path": request.node.name.removeprefix("test_"), "keys": driver.keys, "log": driver.log,
                "note": note}
        with open(tmp_path_factory.getbasetemp() / KEYS_FILE, "a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")

    return record
