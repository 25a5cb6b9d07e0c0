"""Make sure Chinese text renders: use the system's CJK font, else the bundled one.

Minimal Linux installs (and Xvfb/offscreen test machines) may have no CJK font at all,
which would draw every Chinese character as an empty box. The app then loads the
bundled Droid Sans Fallback (Apache-2.0, ``resources/fonts``) and asks Qt to fall back to it.
"""
from __future__ import annotations

import logging
from pathlib import Path

from ui.qt import QApplication, QFontDatabase

log = logging.getLogger("onewindow.ui.fonts")

BUNDLED_CJK_FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "DroidSansFallbackFull.ttf"


def system_has_cjk_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_cjk_font(font_file: Path = BUNDLED_CJK_FONT, *, force: bool = False) -> str | None:
    """Load the bundled CJK font when the system lacks one; returns the family it added, if any."""
    if system_has_cjk_font() and not force:
        return None
    if not font_file.is_file():
        log.warning("no CJK font on this system and none bundled at %s; Chinese may not render", font_file)
        return None
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the bundled CJK font %s", font_file)
        return None
    app_font = QApplication.font()
    app_font.setFamilies([app_font.family(), *families])
    QApplication.setFont(app_font)
    log.info("loaded bundled CJK font %s", families[0])
    return families[0]

