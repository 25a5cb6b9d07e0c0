"""ID-card readers: the simulator the demo and tests drive, the SDK adapter, and the factory."""
from __future__ import annotations

import ctypes
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.config import DeviceSettings
from desktop.devices.id_reader import ReaderError, SimulatedReader, UnavailableReader, make_reader
from desktop.devices.id_reader.sdk import SdkReader


def test_simulated_reader_hands_out_the_sample_cards_in_turn():
    reader = make_reader(DeviceSettings(id_reader="simulated"))
    assert reader.availability() is None
    first, second = reader.read(), reader.read()
    assert first.name == "张建国" and first.id_number == "620102198503120419"
    assert first.birth_date == dt.date(1985, 3, 12) and first.sex == "男"
    assert second.name != first.name


def test_a_placed_card_is_read_next_and_a_device_failure_is_reported():
    reader = SimulatedReader()
    assert reader.read() is None  # nothing on the reader
    card = make_reader(DeviceSettings(id_reader="simulated")).read()
    reader.place(card)
    reader.fail_next("请将身份证放在读卡区")
    with pytest.raises(ReaderError, match="读卡区"):
        reader.read()
    assert reader.read() == card


def test_card_repr_never_shows_the_full_id_number():
    card = make_reader(DeviceSettings(id_reader="simulated")).read()
    assert "620102198503120419" not in repr(card) and "张建国" not in repr(card)


def test_no_reader_configured_means_unavailable_with_a_reason_and_manual_entry():
    reader = make_reader(DeviceSettings(id_reader="auto"))
    assert isinstance(reader, UnavailableReader) and "id_reader_sdk" in reader.availability()
    with pytest.raises(ReaderError, match="手工录入"):
        reader.read()


def test_missing_or_broken_sdk_library_is_reported_not_crashing(tmp_path):
    missing = make_reader(DeviceSettings(id_reader="sdk", id_reader_sdk=str(tmp_path / "termb.so")))
    assert "不存在" in missing.availability()
    bogus = tmp_path / "termb.so"
    bogus.write_bytes(b"MZ not really a library")
    broken = make_reader(DeviceSettings(id_reader="sdk", id_reader_sdk=str(bogus)))
    assert "无法加载" in broken.availability()


def test_broken_sim_file_gives_a_clear_message(tmp_path):
    bad = tmp_path / "cards.json"
    bad.write_text('{"cards": [{"name": "x"}]}', encoding="utf-8")
    with pytest.raises(ReaderError, match="格式错误"):
        make_reader(DeviceSettings(id_reader="simulated", id_reader_sim_file=str(bad)))


@pytest.fixture(scope="module")
def fake_sdk(tmp_path_factory) -> Path:
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        pytest.skip("no C compiler to build the fake vendor SDK")
    out = tmp_path_factory.mktemp("sdk") / "libtermb.so"
    source = Path(__file__).with_name("fake_cvr_sdk.c")
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(out), str(source)], check=True, timeout=60)
    return out


def test_sdk_adapter_reads_a_card_through_the_vendor_c_api(fake_sdk):
    reader = make_reader(DeviceSettings(id_reader="sdk", id_reader_sdk=str(fake_sdk)))
    assert isinstance(reader, SdkReader) and reader.availability() is None
    card = reader.read()
    assert card.name == "张建国" and card.sex == "男" and card.ethnicity == "汉"
    assert card.address == "甘肃省兰州市" and card.issuing_authority == "兰州市公安局"
    assert card.birth_date == dt.date(1985, 3, 12) and card.valid_until is None  # 长期
    ctypes.CDLL(str(fake_sdk)).test_remove_card()
    assert reader.read() is None
    reader.close()
