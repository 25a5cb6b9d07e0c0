"""Rotating log files, one line per event, with personal data masked before anything is written."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.domain.masking import mask_text

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE = "onewindow.log"


class MaskingFilter(logging.Filter):
    """Rewrites each record's message with ID numbers, phones and tokens masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        record.msg, record.args = masked, None
        return True


def setup_logging(log_dir: Path, level: str = "INFO") -> Path:
    """Send the app's logs to ``log_dir``/onewindow.log (5 × 2 MB); returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger("onewindow")
    for handler in list(root.handlers):
        if getattr(handler, "_onewindow", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler._onewindow = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(MaskingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return path
