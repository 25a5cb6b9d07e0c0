"""The one path by which errors reach the clerk (after qutebrowser's ``utils/message.py``).

Services raise exceptions whose message is already written for the person at the screen
(``AuthError("用户名或密码不正确")``). Those are shown as they are. Anything else is a bug:
the clerk gets a short generic message and the full stack goes to the log.
Add your area's user-facing error classes to ``USER_ERRORS``.
"""
from __future__ import annotations

import logging

from desktop.config import ConfigError
from desktop.devices.id_reader import ReaderError
from desktop.domain.reports import ReportError
from desktop.services.accounts.auth import AuthError
from desktop.services.attachments import AttachmentError
from desktop.services.certificates.service import CertificateError
from desktop.services.intake.errors import INTAKE_ERRORS
from desktop.services.maintenance.store_recovery import StoreError
from desktop.services.papers.content import DocumentError
from printing.dispatch import PrintFailed
from ui.qt import QCoreApplication, QMessageBox, Qt, QWidget

log = logging.getLogger("onewindow.ui")

# Exceptions whose text is meant for the clerk (already in their language).
USER_ERRORS: tuple[type[BaseException], ...] = (AuthError, StoreError, ConfigError, DocumentError, PrintFailed,
                                                *INTAKE_ERRORS, ReportError, AttachmentError, ReaderError,
                                                CertificateError)


def user_message(error: BaseException) -> str:
    """What to tell the clerk about ``error``."""
    if isinstance(error, USER_ERRORS):
        return str(error)
    return QCoreApplication.translate(
        "Messages", "Something went wrong inside the program. The details were written to the log; "
                    "please tell IT if it happens again.")


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """Log ``error`` (with its stack when it is a bug) and show it in a message box."""
    if isinstance(error, USER_ERRORS):
        log.info("refused: %s", error)
    else:
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Warning, title or QCoreApplication.translate("Messages", "Error"),
                      user_message(error), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    _present(box)


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
