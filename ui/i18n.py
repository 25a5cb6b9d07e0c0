"""Load the UI translation: Simplified Chinese by default, English as the source language.

Only the ``.ts`` source is kept in git (``resources/translations/onewindow_<lang>.ts``).
A build may ship the compiled ``.qm`` next to it; a source checkout has none, so the
first start compiles the ``.ts`` with ``lrelease`` (shipped with PySide6) into a cache
dir, keyed by the ``.ts`` content so an edited translation is recompiled, and loads that.
English needs no file: the source strings are English.

Qt's own strings (standard buttons such as OK/Cancel, context menus) come from PySide6's
``qtbase_<lang>.qm``. This module knows nothing of the app's config or store.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs

from ui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("onewindow.ui.i18n")

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("zh_CN", "en")

_installed: list[QTranslator] = []


def ts_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"onewindow_{lang}.ts"


def lrelease_command() -> list[str] | None:
    """The lrelease executable that ships with PySide6 (or the pyside6-lrelease wrapper)."""
    import PySide6

    exe = "lrelease.exe" if sys.platform.startswith("win") else "lrelease"
    bundled = Path(PySide6.__file__).resolve().parent / exe
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return [str(bundled)]
    wrapper = shutil.which("pyside6-lrelease")
    return [wrapper] if wrapper else None


def compiled_translation(lang: str, cache_dir: Path | None = None) -> Path | None:
    """A ``.qm`` for ``lang``: the shipped one, else one compiled once into ``cache_dir``."""
    shipped = TRANSLATIONS_DIR / f"onewindow_{lang}.qm"
    if shipped.is_file():
        return shipped
    source = ts_path(lang)
    if not source.is_file():
        log.warning("no translation source for %s at %s", lang, source)
        return None
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = Path(cache_dir) if cache_dir else Path(platformdirs.user_cache_dir("OneWindow", appauthor=False))
    target = cache / "translations" / f"onewindow_{lang}-{digest}.qm"
    if target.is_file():
        return target
    command = lrelease_command()
    if command is None:
        log.warning("lrelease not found; the UI stays in English")
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(".qm.part")
    try:
        subprocess.run([*command, "-silent", str(source), "-qm", str(part)], check=True,
                       capture_output=True, timeout=60)
        os.replace(part, target)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("compiling %s failed (%s); the UI stays in English", source.name, exc)
        part.unlink(missing_ok=True)
        return None
    log.info("compiled %s into %s", source.name, target)
    return target


def install_translations(lang: str, cache_dir: Path | None = None) -> bool:
    """Switch the running application to ``lang``; True when the app's own translation loaded.

    Call before building widgets: text is translated when a widget is made, so windows that
    already exist keep their language until they are rebuilt (the shell rebuilds the main
    window at every sign-in).
    """
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN" else \
        QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    QLocale.setDefault(locale)
    if lang == SOURCE_LANGUAGE:
        return True
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    qm = compiled_translation(lang, cache_dir)
    ours = QTranslator(app)
    if qm is None or not ours.load(str(qm)):
        log.warning("translation %s could not be loaded; the UI stays in English", lang)
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    return True
