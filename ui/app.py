"""The GUI's composition root: `onewindow` with no command.

Order matters: config first (a bad setting stops everything with a message naming it),
then logging and the crash hook (so later failures are recorded), the language and a CJK
font (so every dialog after this is readable), then the sign-in dialog at once, while the
store is opened behind it (with dialogs for a damaged or too-new database, shown before
anyone can sign in), and after the sign-in the main window.

Start-up is benchmarked against a bare PySide6 window (tests/bench/bench_startup.py): the
modules a sign-in dialog does not need (SQLAlchemy and the models, printing, pinyin) are
imported where they are used, and the store opening loads them on its worker thread.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.config import Config, ConfigError, load_config
from desktop.logging_setup import setup_logging
from desktop.services.context import AppContext
from ui.crash import CrashHandler
from ui.fonts import ensure_cjk_font
from ui.i18n import install_translations
from ui.qt import QApplication, QCoreApplication, QTimer
from ui.session import SessionController
from ui.startup_checks import MessageBoxPrompts, Prompts, StoreOpener, explain_config_error
from ui.tasks import Lane, TaskRunner, wait_for_background_work

if TYPE_CHECKING:
    from desktop.services.demo.hall import DemoHall

log = logging.getLogger("onewindow.ui.app")

# Set by smoke tests and the start-up benchmark: print "ready: <dialog>" once the first
# dialog is on screen and exit once the store is open, instead of waiting for a person.
SMOKE_EXIT_ENV = "ONEWINDOW_SMOKE_EXIT"


def demo_config(data_dir: Path | None = None) -> tuple[Config, bool, DemoHall]:
    """A demo hall — temporary, or kept in ``data_dir`` — and whether to remove it at exit.

    Prints its accounts so the person trying it can sign in, and where its data lives. The hall's
    platform and simulated second window run as child processes until ``DemoHall.stop()``.
    """
    try:
        from desktop.services.demo.hall import credentials_text, is_demo_store, prepare_demo, reopen_demo
    except ImportError as exc:  # the demo module lands separately
        raise ConfigError(f"--demo: the demo hall is not available in this build ({exc})") from exc
    if data_dir is not None and is_demo_store(data_dir):
        print(f"演示数据目录：{data_dir}（沿用已有的演示大厅）", flush=True)  # i18n: data (console, before Qt starts; as credentials_text)
        hall = reopen_demo(data_dir)
        print("\n".join(hall.notes), flush=True)
        return hall.config, False, hall
    hall = prepare_demo(data_dir)
    print(credentials_text(hall), flush=True)
    return hall.config, hall.throwaway, hall


def _discard_demo(data_dir: Path) -> None:
    from desktop.services.demo.hall import discard_demo

    logging.shutdown()  # the log files live in the hall's folder
    if discard_demo(data_dir):
        print(f"演示数据目录已删除：{data_dir}", flush=True)  # i18n: data (console, after Qt is gone)


def translations_cache(args: argparse.Namespace) -> Path | None:
    # --data-dir keeps everything (the compiled translation too) inside that folder.
    data_dir = getattr(args, "data_dir", None)
    return Path(data_dir) / "cache" if data_dir else None


def run(args: argparse.Namespace, *, prompts: Prompts | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setApplicationName("OneWindow")
    app.setQuitOnLastWindowClosed(False)  # between sign-out and sign-in no window may be open
    prompts = prompts or MessageBoxPrompts()
    cache = translations_cache(args)
    install_translations("zh_CN", cache)  # the shipped default, until the config says otherwise
    ensure_cjk_font()

    throwaway, demo = False, None
    try:
        if getattr(args, "demo", False):
            data_dir = getattr(args, "data_dir", None)
            config, throwaway, demo = demo_config(Path(data_dir) if data_dir else None)
        else:
            config = load_config(provisioning=getattr(args, "config", None), data_dir=getattr(args, "data_dir", None))
    except ConfigError as exc:
        explain_config_error(prompts, exc)
        return 2
    try:
        setup_logging(config.log_dir, config.logging.level)
    except OSError as exc:
        print(f"onewindow: cannot write logs to {config.log_dir}: {exc}", file=sys.stderr)
    crash = CrashHandler(config.log_dir).install()
    if config.ui.language != "zh_CN":
        install_translations(config.ui.language, cache)

    session = SessionController(config=config, apply_language=lambda lang: install_translations(lang, cache),
                                maximize=True)
    session.finished.connect(app.quit)
    session.start()  # on screen at once; signing in waits for the store, opened behind it
    store = StoreOpener(config, prompts)
    local_data: list[TaskRunner] = []  # kept alive until the app ends

    def store_opened(ctx: AppContext, has_users: bool) -> None:
        # Queued on the write thread before any sign-in can be, so the main window never
        # opens on a half-loaded catalog.
        local_data.append(start_local_data(ctx))
        session.store_opened(ctx, has_users)

    store.opened.connect(store_opened)
    store.failing.connect(session.hide_dialog)
    store.stopped.connect(lambda: QTimer.singleShot(0, lambda: app.exit(1)))  # also if before app.exec()
    if os.environ.get(SMOKE_EXIT_ENV):
        _smoke_exit(app, session, store)
    store.start()
    try:
        code = int(app.exec())
    finally:
        wait_for_background_work()  # never close the database under a running write
        crash.uninstall()
        if store.ctx is not None:
            store.ctx.close()
        if demo is not None:
            demo.stop()  # the demo hall's platform and window W05 end with the app
    if store.unexpected is not None:
        raise store.unexpected  # a bug, not a damaged store: reported like any other crash
    if throwaway and code == 0:  # a crashed demo keeps its logs; the next --demo clears it away
        _discard_demo(config.data_dir)
    return code


def start_local_data(ctx: AppContext) -> TaskRunner:
    """Load the bundled calendar and, on first run, the sample catalog — while the clerk types.

    It runs on the database-write thread, so a sign-in (also a write) simply queues behind it
    and the main window never opens on a half-loaded catalog; meanwhile the sign-in dialog is
    already on screen instead of waiting for the catalog code (pinyin tables) to load.
    """

    def prepare() -> list[str]:
        from desktop.services.maintenance.startup import prepare_local_data

        return prepare_local_data(ctx)

    runner = TaskRunner()
    runner.run(prepare, on_done=lambda notes: [log.info("%s", note) for note in notes], lane=Lane.WRITE)
    return runner


def _smoke_exit(app: QApplication, session: SessionController, store: StoreOpener) -> None:
    """Print "ready: <dialog>" once the first dialog is on screen, then quit once the store is open.

    Each line carries the CPU seconds the process (all threads) has used so far, for the benchmark,
    and the ready line whether SQLAlchemy was loaded when the dialog was put on screen (called
    after ``session.start()``, before the store opener starts; tests/ui/test_crash_and_launch.py).
    """
    orm_at_dialog = "sqlalchemy" in sys.modules

    def ready() -> None:
        name = session.dialog.objectName() if session.dialog is not None else "none"
        visible = session.dialog is not None and session.dialog.isVisible()
        print(f"ready: {name} visible={visible} cpu={time.process_time():.3f} sqlalchemy={orm_at_dialog}",
              flush=True)

    def store_open() -> None:
        print(f"store open: cpu={time.process_time():.3f}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    store.opened.connect(lambda *_: QTimer.singleShot(0, store_open))
