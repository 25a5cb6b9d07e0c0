"""Pick the ID-card reader the counter's config asks for."""
from __future__ import annotations

from pathlib import Path

from desktop.config import DeviceSettings
from desktop.devices.id_reader.base import IdCardReader, UnavailableReader
from desktop.devices.id_reader.sdk import SdkReader
from desktop.devices.id_reader.simulated import SAMPLE_CARDS, SimulatedReader


def make_reader(devices: DeviceSettings) -> IdCardReader:
    """``none`` → unavailable; ``simulated`` → sample or configured cards; ``sdk``/``auto`` → vendor SDK.

    ``auto`` without an SDK path reports the reader unavailable rather than guessing a driver.
    """
    mode = devices.id_reader
    if mode == "none":
        return UnavailableReader("未启用身份证读卡器")
    if mode == "simulated":
        source = Path(devices.id_reader_sim_file) if devices.id_reader_sim_file else SAMPLE_CARDS
        return SimulatedReader(source=source)
    if not devices.id_reader_sdk:
        return UnavailableReader("未配置读卡器驱动（devices.id_reader_sdk）")
    path = Path(devices.id_reader_sdk)
    if not path.is_file():
        return UnavailableReader(f"读卡器驱动文件不存在：{path}")
    return SdkReader(path)
