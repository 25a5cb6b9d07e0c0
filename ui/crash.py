"""Unexpected errors: write a crash report to the log dir and tell the clerk what to do.

Installed as ``sys.excepthook`` (after Electrum's ``exception_window.py``), so an exception
escaping a Qt slot does not vanish into stderr nor kill the app silently. The report is
masked like the log: it goes to IT, not to a second copy of anyone's ID number.
"""
from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from desktop import version
from desktop.domain.masking import mask_text
from ui.qt import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    qVersion,
)

log = logging.getLogger("onewindow.crash")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def write_crash_report(log_dir: Path, exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None, *, now: dt.datetime | None = None) -> Path:
    """Write ``crash-<time>.txt`` into ``log_dir`` and return its path."""
    now = now or dt.datetime.now()
    lines = [
        f"OneWindow {version()} crash report {now.isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} · Qt {qVersion()} · {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"crash-{now.strftime('%Y%m%d-%H%M%S-%f')}.txt"
    path.write_text(mask_text("\n".join(line.rstrip("\n") for line in lines)) + "\n", encoding="utf-8")
    return path


class CrashDialog(QDialog):
    def __init__(self, report: Path | None, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("OneWindow — unexpected error"))
        text = self.tr("Sorry, OneWindow ran into an unexpected error. Work already saved is safe.")
        if report is not None:
            text += "\n\n" + self.tr("A report was saved to:\n%1\nPlease give this file to IT.").replace(
                "%1", str(report))
        message = QLabel(text)
        message.setObjectName("crashMessage")
        message.setWordWrap(True)
        self.details = QPlainTextEdit(mask_text(details))
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        toggle = QPushButton(self.tr("Show details"))
        toggle.setCheckable(True)
        toggle.toggled.connect(self.details.setVisible)
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(self.tr("Quit OneWindow"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.continue_button.clicked.connect(self.accept)
        self.quit_button.clicked.connect(self._quit)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(toggle)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _quit(self) -> None:
        self.accept()
        app = QApplication.instance()
        if app is not None:
            app.exit(70)  # EX_SOFTWARE


_installed: CrashHandler | None = None


def record_unexpected(error: BaseException) -> Path | None:
    """A bug caught by the message bridge (the clerk was already told): write the crash report for IT."""
    handler = _installed
    if handler is None:
        return None
    try:
        handler.last_report = write_crash_report(handler.log_dir, type(error), error, error.__traceback__)
    except OSError:
        log.exception("could not write the crash report")
        return None
    return handler.last_report


class CrashHandler:
    """The excepthook: logs, writes a report, shows one dialog at a time."""

    def __init__(self, log_dir: Path, *, show_dialog: bool = True) -> None:
        self.log_dir = log_dir
        self.show_dialog = show_dialog
        self.dialogs: list[CrashDialog] = []
        self.last_report: Path | None = None
        self._previous: Callable | None = None

    def install(self) -> CrashHandler:
        global _installed
        self._previous = sys.excepthook
        sys.excepthook = self
        threading.excepthook = self._thread_hook
        _installed = self
        return self

    def uninstall(self) -> None:
        global _installed
        if sys.excepthook is self:
            sys.excepthook = self._previous or sys.__excepthook__
        threading.excepthook = threading.__excepthook__
        if _installed is self:
            _installed = None

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        try:
            self.last_report = write_crash_report(self.log_dir, exc_type, exc, tb)
        except OSError:
            log.exception("could not write the crash report")
            self.last_report = None
        if self.show_dialog and QApplication.instance() is not None and not any(d.isVisible() for d in self.dialogs):
            self.dialogs = [d for d in self.dialogs if d.isVisible()]
            dialog = CrashDialog(self.last_report, "".join(traceback.format_exception(exc_type, exc, tb)))
            self.dialogs.append(dialog)
            dialog.open()

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        # Worker threads must not build widgets: log and write the report only.
        log.critical("unhandled exception in thread %s", args.thread.name if args.thread else "?",
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        if args.exc_value is not None:
            try:
                self.last_report = write_crash_report(self.log_dir, args.exc_type, args.exc_value,
                                                      args.exc_traceback)
            except OSError:
                log.exception("could not write the crash report")
