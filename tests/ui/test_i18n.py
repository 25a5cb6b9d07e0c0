"""Chinese by default, English selectable, every UI string translated, Chinese glyphs available."""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import PASSWORD
from ui.fonts import BUNDLED_CJK_FONT, ensure_cjk_font
from ui.i18n import compiled_translation, install_translations, ts_path
from ui.i18n_tool import audit, messages
from ui.qt import QCoreApplication, QFontDatabase

pytestmark = pytest.mark.gui
UI_DIR = Path(__file__).resolve().parents[2] / "ui"


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def test_every_ui_string_has_a_chinese_translation_and_every_translation_is_used():
    missing, unused = audit(ts_path("zh_CN"))
    assert missing == [], "run `python -m ui.i18n_tool` and translate: " + repr(missing[:10])
    assert unused == [], "run `python -m ui.i18n_tool` (it drops them): " + repr(unused[:10])


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # Chinese characters (punctuation alone is no text)
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def untranslated_literals(path: Path) -> list[str]:
    """Chinese written into a ui module instead of into the translation (docstrings and data excepted).

    A literal is data, not interface, when its line says ``# i18n: data`` (a reason printed on a
    Chinese notice, a language named in its own words, a word the core compares against).
    """
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in TRANSLATING:
                skip.update(id(arg) for arg in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                and CJK.search(node.value) and "i18n: data" not in lines[node.lineno - 1]:
            found.append(f"{path.relative_to(UI_DIR.parent)}:{node.lineno}: {node.value!r}")
    return found


def test_no_user_visible_chinese_is_written_outside_the_translation():
    found = [line for path in sorted(UI_DIR.rglob("*.py")) for line in untranslated_literals(path)]
    assert found == [], "wrap them in tr() with an English source and translate them:\n" + "\n".join(found)


def test_the_scan_sees_chinese_written_into_a_widget(tmp_path, monkeypatch):
    module = tmp_path / "ui" / "page.py"
    module.parent.mkdir()
    module.write_text('"""页面。"""\nlabel = QLabel("申请人")\nok = self.tr("Applicant")\n'
                      'REASONS = ["申请材料存在虚假内容"]  # i18n: data\n', encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "UI_DIR", tmp_path / "ui")
    assert untranslated_literals(module) == ["ui/page.py:2: '申请人'"]


def test_english_is_the_source_language_of_every_string():
    chinese_sources = sorted(source for _context, source in messages(ts_path("zh_CN")) if CJK.search(source))
    assert chinese_sources == []


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
