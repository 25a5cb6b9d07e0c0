"""The one path by which errors reach the person at the screen (after qutebrowser's ``utils/message.py``).

Services raise a :class:`~desktop.domain.errors.UserError` whose message is already written
for the clerk (``AuthError("用户名或密码不正确")``); it is shown as it is, wherever the screen
shows it (a message box, or a line inside the dialog that asked). Anything else is a bug: the
clerk gets a short generic message, the full stack goes to the log and a crash report is
written (``ui/crash.py``). There is no list of error classes to keep up to date: deriving from
``UserError`` is what makes a message fit for the clerk.
"""
from __future__ import annotations

import logging

from desktop.domain.errors import UserError
from ui.qt import QCoreApplication, QMessageBox, Qt, QWidget

log = logging.getLogger("onewindow.ui")


def is_user_error(error: BaseException) -> bool:
    return isinstance(error, UserError)


def user_message(error: BaseException) -> str:
    """What to tell the clerk about ``error`` (and, for a bug, record it: see :func:`report`)."""
    if isinstance(error, UserError):
        return str(error)
    return QCoreApplication.translate(
        "Messages", "Something went wrong inside the program. The details were written to the log; "
                    "please tell IT if it happens again.")


def report(error: BaseException) -> None:
    """Log ``error``: a refusal in one line, a bug with its stack and a crash report for IT."""
    if isinstance(error, UserError):
        log.info("refused: %s", error)
        return
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    from ui.crash import record_unexpected

    record_unexpected(error)


def explain(error: BaseException) -> str:
    """Report ``error`` and return the text to show inline (a dialog's error line, a status line)."""
    report(error)
    return user_message(error)


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> QMessageBox:
    """Report ``error`` and show it in a message box (returned: a caller may act when it closes)."""
    report(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title or QCoreApplication.translate("Messages", "Error"),
                      user_message(error), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    _present(box)
    return box


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title or QCoreApplication.translate("Messages", "Notice"),
                      text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("infoMessage")
    _present(box)


def _present(box: QMessageBox) -> None:
    # With a parent the box is window-modal and non-blocking (tests can find and close it);
    # without one (start-up, before any window exists) it blocks like a classic dialog.
    if box.parent() is not None:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
    else:
        box.exec()
