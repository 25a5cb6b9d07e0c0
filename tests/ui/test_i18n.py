"""Chinese by default, English selectable, every UI string translated, Chinese glyphs available."""
from __future__ import annotations

import pytest

from tests.ui.conftest import PASSWORD
from ui.fonts import BUNDLED_CJK_FONT, ensure_cjk_font
from ui.i18n import compiled_translation, install_translations, ts_path
from ui.i18n_tool import check_in_copy
from ui.qt import QCoreApplication, QFontDatabase

pytestmark = pytest.mark.gui


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def test_every_ui_string_has_a_chinese_translation():
    missing = check_in_copy(ts_path("zh_CN"))
    assert missing == [], "run `python -m ui.i18n_tool` and translate: " + repr(missing[:10])


def test_chinese_loads_from_the_ts_source_and_english_needs_no_file(qapp, tmp_path):
    assert install_translations("zh_CN", tmp_path)
    assert tr("LoginDialog", "Sign in") == "登录"
    assert tr("Pages", "Administration") == "设置/管理"
    assert tr("QPlatformTheme", "Cancel") == "取消"  # Qt's own buttons come from qtbase_zh_CN
    assert install_translations("en", tmp_path)
    assert tr("LoginDialog", "Sign in") == "Sign in"


def test_the_compiled_translation_is_reused_until_the_source_changes(tmp_path):
    first = compiled_translation("zh_CN", tmp_path)
    stamp = first.stat().st_mtime_ns
    assert compiled_translation("zh_CN", tmp_path) == first and first.stat().st_mtime_ns == stamp
    assert first.parent == tmp_path / "translations"


def test_language_saved_in_settings_applies_at_the_next_sign_in(qtbot, ctx, admin, tmp_path):
    from ui.session import SessionController

    session = SessionController(ctx, apply_language=lambda lang: install_translations(lang, tmp_path))
    session.start()
    try:
        assert session.dialog.windowTitle() == "一窗通 — 登录"
        session.dialog.username.setText("admin")
        session.dialog.password.setText(PASSWORD)
        session.dialog.submit()
        window = session.window
        assert window.nav.item(0).text() == "受理"
        settings = window.page("admin").settings
        settings.language.setCurrentIndex(settings.language.findData("en"))
        settings.save()
        assert window.nav.item(0).text() == "受理"  # the open window keeps its language (and its work)
        window.request_logout()
        assert session.dialog.windowTitle() == "OneWindow — Sign in"
    finally:
        if session.dialog is not None:
            session.dialog.close()


def test_a_cjk_font_is_available_to_qt(qapp):
    ensure_cjk_font()
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.fail("no CJK font: Chinese would render as boxes")


def test_the_bundled_cjk_font_loads(qapp):
    assert BUNDLED_CJK_FONT.is_file()
    assert ensure_cjk_font(force=True) == "Droid Sans Fallback"
