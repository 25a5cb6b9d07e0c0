"""The Windows setup script (Inno Setup) has the properties IT relies on; checked in its text, since
no Windows machine builds it here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ISS = Path(__file__).resolve().parents[3] / "installer" / "windows" / "onewindow.iss"


@pytest.fixture(scope="module")
def iss() -> str:
    return ISS.read_text(encoding="utf-8")


def section(text: str, name: str) -> str:
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", text, re.S | re.M)
    assert match, f"[{name}] section missing"
    return match.group(1)


def code_function(text: str, name: str) -> str:
    match = re.search(rf"^(function|procedure) {name}\b.*?^end;", section(text, "Code"), re.S | re.M)
    assert match, f"{name} missing from [Code]"
    return match.group(0)


def test_a_wrong_or_unreadable_provision_file_stops_setup_before_installing_with_a_log_line(iss):
    init = code_function(iss, "InitializeSetup")
    assert "{param:PROVISION|}" in code_function(iss, "ProvisionFile")
    assert "FileExists(Src)" in init and "LoadStringFromFile(Src, ProvisionText)" in init
    assert "Trim(String(ProvisionText)) = ''" in init  # an empty file counts as wrong
    assert re.search(r"Log\('OneWindow: provisioning file '", init)
    assert "Result := False" in init  # InitializeSetup returning False: setup exits with code 1
    assert "SuppressibleMsgBox" in init  # no dialog blocks a /SUPPRESSMSGBOXES install


def test_writing_the_provision_file_failing_fails_the_install_too(iss):
    post = code_function(iss, "CurStepChanged")
    assert "SaveStringToFile" in post and "RaiseException" in post
    assert "{commonappdata}\\OneWindow" in post


def test_an_upgrade_removes_the_previous_program_files_and_leaves_data_alone(iss):
    deleted = section(iss, "InstallDelete")
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in deleted
    for data_dir in ("{localappdata}", "{userappdata}", "{commonappdata}"):
        assert data_dir not in deleted and data_dir not in section(iss, "Files")


def test_windows_10_x64_is_the_minimum(iss):
    setup = section(iss, "Setup")
    assert re.search(r"^MinVersion=10\.0$", setup, re.M)
    assert re.search(r"^ArchitecturesAllowed=x64compatible$", setup, re.M)
    assert re.search(r"^ArchitecturesInstallIn64BitMode=x64compatible$", setup, re.M)


def test_installer_messages_are_chinese(iss):
    languages = section(iss, "Languages").strip().splitlines()
    assert languages == ['Name: "chinesesimp"; MessagesFile: "compiler:Languages\\ChineseSimplified.isl"']
    assert "Default.isl" not in iss
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in section(iss, "CustomMessages").strip().splitlines())


def test_the_version_comes_from_the_bundle_metadata_or_the_compile_stops(iss):
    assert '"0.0.0"' not in iss
    assert 'dist\\onewindow\\VERSION"' in iss
    assert re.search(r"#if !FileExists\(VersionFile\)\n\s+#error", iss)
    assert re.search(r'#if BundleVersion == ""\n\s+#error', iss)
    assert re.search(r"#if AppVersion != BundleVersion\n\s+#error", iss)


def test_signing_is_a_documented_step_that_signs_setup_and_uninstaller(iss):
    assert re.search(r"#ifdef SIGN\nSignTool=onewindowsign\nSignedUninstaller=yes\n#endif", iss)
    assert "signtool sign /fd sha256" in iss and "signtool verify" in iss
