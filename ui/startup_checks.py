"""Open the store at start-up and explain, in the clerk's language, why it cannot be opened.

A corrupt database is never written to: if a sound backup exists the clerk may restore it
(the corrupt file is kept aside for IT), otherwise the app stops and says whom to call.
A newer schema, a failed migration or an unwritable data dir stop the app with a clear
message; nothing is started half-way.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Protocol

from desktop.config import Config, ConfigError
from desktop.domain.hall_clock import hall_clock
from desktop.services.context import AppContext
from desktop.services.maintenance.store_recovery import (
    DatabaseCorrupt,
    DatabaseTooNew,
    MigrationFailed,
    StorageUnavailable,
    StoreError,
    newest_sound_backup,
    restore_backup,
)
from ui.qt import QCoreApplication, QMessageBox, QObject, Signal
from ui.tasks import Lane, TaskRunner

log = logging.getLogger("onewindow.ui.startup")


class Prompts(Protocol):
    """The dialogs start-up may need; tests pass a recorder instead of message boxes."""

    def error(self, title: str, text: str) -> None: ...

    def info(self, title: str, text: str) -> None: ...

    def confirm(self, title: str, text: str) -> bool: ...


class MessageBoxPrompts:
    """Blocking message boxes: start-up happens before any window exists."""

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(None, title, text)

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(None, title, text)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(None, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


def explain_config_error(prompts: Prompts, error: ConfigError) -> None:
    log.error("configuration error: %s", error)
    text = QCoreApplication.translate(
        "Startup",
        "A setting is wrong, so OneWindow will not start half-configured:\n\n%1\n\n"
        "Please ask IT to correct this setting in the file named above.")
    prompts.error(QCoreApplication.translate("Startup", "OneWindow cannot start"), text.replace("%1", str(error)))


def _backup_time(backup: Path) -> str:
    try:
        stamp = dt.datetime.fromtimestamp(backup.stat().st_mtime, dt.UTC).replace(tzinfo=None)
        return f"{hall_clock().local(stamp):%Y-%m-%d %H:%M}"
    except OSError:
        return backup.name


def open_context(config: Config, prompts: Prompts, *, failed: StoreError | None = None) -> AppContext | None:
    """The opened context, or None after telling the clerk why the app must stop.

    ``failed`` is what a first attempt (behind the sign-in dialog, see :class:`StoreOpener`)
    ran into: it is explained as if this call had met it, and nothing is tried twice.
    """
    restored = False
    while True:
        try:
            if failed is not None:
                error, failed = failed, None
                raise error
            return AppContext.open(config)
        except DatabaseCorrupt as exc:
            log.error("database corrupt: %s", exc)
            backup = newest_sound_backup(config.backup_dir)
            title = QCoreApplication.translate("Startup", "The database is damaged")
            if restored or backup is None:
                text = QCoreApplication.translate(
                    "Startup",
                    "The local database is damaged and no usable backup was found:\n\n%1\n\n"
                    "OneWindow has not changed the file. Please call IT; do not delete anything "
                    "in the data folder (%2).")
                prompts.error(title, text.replace("%1", str(exc)).replace("%2", str(config.data_dir)))
                return None
            question = QCoreApplication.translate(
                "Startup",
                "The local database is damaged:\n\n%1\n\nRestore the newest backup, made at %2? Records "
                "entered after that time will be missing from it; the damaged file is kept aside for IT. "
                "Choose No to quit without changing anything.")
            if not prompts.confirm(title, question.replace("%1", str(exc)).replace("%2", _backup_time(backup))):
                return None
            kept = restore_backup(config, backup).damaged_kept_as
            done = QCoreApplication.translate(
                "Startup",
                "The backup from %1 was restored. The damaged file was kept as:\n%2\n\n"
                "Please tell IT, so that records entered after the backup can be recovered.")
            prompts.info(QCoreApplication.translate("Startup", "Backup restored"),
                         done.replace("%1", _backup_time(backup)).replace("%2", str(kept)))
            restored = True
        except DatabaseTooNew as exc:
            prompts.error(QCoreApplication.translate("Startup", "OneWindow is out of date"), str(exc))
            return None
        except MigrationFailed as exc:
            text = QCoreApplication.translate("Startup", "%1\n\nPlease call IT and send them the log folder (%2).")
            prompts.error(QCoreApplication.translate("Startup", "The database could not be upgraded"),
                          text.replace("%1", str(exc)).replace("%2", str(config.log_dir)))
            return None
        except StorageUnavailable as exc:
            prompts.error(QCoreApplication.translate("Startup", "The data folder cannot be used"), str(exc))
            return None


class StoreOpener(QObject):
    """Opens the store on the database-write thread while the first dialog is already on screen.

    Checking, maybe backing up and migrating the database, and loading SQLAlchemy and the
    models for it, is most of a start-up; the clerk can type meanwhile. ``opened(ctx,
    has_users)`` arrives on the main thread. If the store cannot be used as it is, ``failing``
    lets the dialog step aside, the clerk gets the same explanations and choices as ever
    (:func:`open_context`), and ``opened`` or ``stopped`` follows.
    """

    opened = Signal(object, bool)  # AppContext, whether it holds any account yet
    failing = Signal()
    stopped = Signal()  # the app must end; ``unexpected`` says if it was a bug, not the store

    def __init__(self, config: Config, prompts: Prompts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.prompts = prompts
        # Also set by the worker: the app may quit before the result is delivered and must
        # still close the database.
        self.ctx: AppContext | None = None
        self.unexpected: BaseException | None = None
        self._tasks = TaskRunner(self)

    def start(self) -> None:
        self._tasks.run(self._open, on_done=self._opened, on_error=self._failed, lane=Lane.WRITE)

    def _open(self) -> tuple[AppContext, bool]:
        self.ctx = AppContext.open(self.config)
        return self.ctx, _has_users(self.ctx)

    def _opened(self, result: tuple[AppContext, bool]) -> None:
        ctx, has_users = result
        log.info("store open (schema %s)", ctx.opened.to_revision if ctx.opened else "?")
        self.opened.emit(ctx, has_users)

    def _failed(self, error: BaseException) -> None:
        self.failing.emit()
        if not isinstance(error, StoreError):
            self.unexpected = error
            self.stopped.emit()
            return
        ctx = open_context(self.config, self.prompts, failed=error)
        if ctx is None:
            self.stopped.emit()
            return
        self.ctx = ctx
        self._opened((ctx, _has_users(ctx)))


def _has_users(ctx: AppContext) -> bool:
    # Imported on use: the accounts service brings SQLAlchemy's models, loaded behind the dialog.
    from ui.composition import core_services

    return core_services(ctx).auth.has_users()
