"""self-test names the input method a clerk types Chinese with, and whether Qt has its plugin."""
from __future__ import annotations

from desktop.services.maintenance.input_method import detect, running_daemons

ALL = ["libfcitx5platforminputcontextplugin.so", "libfcitxplatforminputcontextplugin-qt6.so",
       "libibusplatforminputcontextplugin.so"]


def test_qt_im_module_names_the_framework_and_its_plugin_is_found():
    im = detect({"QT_IM_MODULE": "fcitx5"}, [], ALL)
    assert (im.framework, im.plugin, im.plugin_present) == ("fcitx5", ALL[0], True)


def test_xmodifiers_is_used_when_qt_im_module_is_unset():
    im = detect({"XMODIFIERS": "@im=ibus"}, [], ALL)
    assert (im.framework, im.plugin_present) == ("ibus", True)


def test_a_running_fcitx5_answers_the_fcitx_name_so_its_own_plugin_is_checked():
    im = detect({"QT_IM_MODULE": "fcitx"}, ["fcitx5"], ALL)
    assert im.framework == "fcitx5" and im.plugin == ALL[0]


def test_fcitx4_without_its_plugin_is_reported_missing():
    im = detect({}, ["fcitx"], [ALL[0], ALL[2]])
    assert (im.framework, im.plugin, im.plugin_present) == ("fcitx", ALL[1], False)
    assert "fcitx" in im.how


def test_no_framework_at_all_is_said_so():
    im = detect({}, [], ALL)
    assert im.framework is None and not im.plugin_present


def test_running_daemons_reads_process_names(tmp_path):
    for pid, name in (("12", "fcitx5"), ("13", "bash"), ("14", "ibus-daemon")):
        (tmp_path / pid).mkdir()
        (tmp_path / pid / "comm").write_text(name + "\n")
    (tmp_path / "self").mkdir()
    assert running_daemons(tmp_path) == {"fcitx5", "ibus-daemon"}
