from pathlib import Path

import pytest

from desktop.config import ConfigError, load_config, save_local_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_when_no_file_is_given(tmp_path):
    config = load_config(data_dir=tmp_path, search_default_provisioning=False)
    assert config.hall.region_code == "620100"
    assert config.ui.language == "zh_CN"
    assert config.ui.idle_lock_minutes == 10
    assert config.data_dir == tmp_path.resolve()


def test_layers_override_in_order_defaults_provisioning_local_cli(tmp_path):
    prov = write(tmp_path / "prov.toml", '[hall]\nwindow_id = "W07"\nname = "兰州市政务服务中心"\n'
                                         '[server]\nurl = "https://zw.example.cn"\n')
    data = tmp_path / "data"
    data.mkdir()
    write(data / "settings.toml", '[hall]\nwindow_id = "W08"\n')
    config = load_config(provisioning=prov, data_dir=data, overrides={"server": {"url": "http://127.0.0.1:9"}})
    assert config.hall.name == "兰州市政务服务中心"  # provisioning beats defaults
    assert config.hall.window_id == "W08"  # local beats provisioning
    assert config.server.url == "http://127.0.0.1:9"  # CLI beats local


def test_unknown_key_names_the_key_and_the_file(tmp_path):
    prov = write(tmp_path / "prov.toml", "[hall]\nwindow = 'W01'\n")
    with pytest.raises(ConfigError) as err:
        load_config(provisioning=prov, data_dir=tmp_path)
    assert "prov.toml" in str(err.value) and "window" in str(err.value) and "unknown key" in str(err.value)


def test_bad_value_names_the_key_and_the_file(tmp_path):
    prov = write(tmp_path / "prov.ini", "[hall]\nregion_code = 62010\n")
    with pytest.raises(ConfigError) as err:
        load_config(provisioning=prov, data_dir=tmp_path)
    assert "prov.ini" in str(err.value) and "region_code" in str(err.value) and "six digits" in str(err.value)


def test_unknown_section_is_refused(tmp_path):
    prov = write(tmp_path / "prov.toml", "[printer]\na4 = 'HP'\n")
    with pytest.raises(ConfigError, match=r"unknown section \[printer\]"):
        load_config(provisioning=prov, data_dir=tmp_path)


def test_ini_provisioning_file_is_accepted_with_types(tmp_path):
    prov = write(tmp_path / "prov.ini", "[security]\nencrypt_attachments = yes\nlockout_attempts = 3\n")
    config = load_config(provisioning=prov, data_dir=tmp_path)
    assert config.security.encrypt_attachments is True
    assert config.security.lockout_attempts == 3


def test_local_settings_cannot_move_the_data_dir(tmp_path):
    write(tmp_path / "settings.toml", "[storage]\ndata_dir = '/elsewhere'\n")
    with pytest.raises(ConfigError, match="data_dir"):
        load_config(data_dir=tmp_path, search_default_provisioning=False)


def test_saved_local_settings_survive_a_reload(tmp_path):
    config = load_config(data_dir=tmp_path, search_default_provisioning=False)
    save_local_settings(config, {"ui": {"language": "en"}, "printers": {"a4": "HP LaserJet"}})
    again = load_config(data_dir=tmp_path, search_default_provisioning=False)
    assert again.ui.language == "en" and again.printers.a4 == "HP LaserJet"


def test_saving_a_bad_value_leaves_the_file_untouched(tmp_path):
    config = load_config(data_dir=tmp_path, search_default_provisioning=False)
    save_local_settings(config, {"ui": {"language": "en"}})
    with pytest.raises(ConfigError):
        save_local_settings(config, {"ui": {"idle_lock_minutes": 0}})
    assert load_config(data_dir=tmp_path, search_default_provisioning=False).ui.idle_lock_minutes == 10


def test_first_run_set_up_is_off_in_an_installed_bundle_and_only_provisioning_turns_it_on(tmp_path):
    """A frozen bundle (sys.frozen) defaults to no GUI set-up; a source checkout keeps it for developers."""
    import subprocess
    import sys

    probe = ("import sys; sys.frozen = True\n"
             "from pathlib import Path\n"
             "from desktop.config import load_config\n"
             "d = Path(sys.argv[1])\n"
             "print(load_config(data_dir=d, search_default_provisioning=False).security.allow_first_run_setup)\n"
             "p = d / 'prov.toml'; p.write_text('[security]\\nallow_first_run_setup = true\\n')\n"
             "print(load_config(provisioning=p, data_dir=d).security.allow_first_run_setup)\n")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
    assert load_config(data_dir=tmp_path / "src", search_default_provisioning=False).security.allow_first_run_setup
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "settings.toml").write_text("[security]\nallow_first_run_setup = true\n")
    with pytest.raises(ConfigError, match="allow_first_run_setup"):
        load_config(data_dir=tmp_path / "local", search_default_provisioning=False)
