"""Adapter for vendor card-reader SDKs with the common CVR-style C API (华视 CVR-100 and compatibles).

The SDK is a shared library IT installs with the reader driver (termb.dll / libtermb.so); its
path comes from config (``devices.id_reader_sdk``). The call sequence is the vendor's:
``CVR_InitComm(port)`` → ``CVR_Authenticate()`` (card present?) → ``CVR_Read_Content(1)`` →
``GetPeople*`` getters (GBK text) → ``CVR_CloseComm()``. Ports 1001–1016 are USB.
Nothing here can run without the hardware, so the loading and decoding are kept small and the
simulator stands in for tests.
"""
from __future__ import annotations

import ctypes
import datetime as dt
from pathlib import Path

from desktop.devices.id_reader.base import IdCard, IdCardReader, ReaderError

USB_PORTS = range(1001, 1017)
_TEXT_GETTERS = {
    "name": "GetPeopleName", "sex": "GetPeopleSex", "ethnicity": "GetPeopleNation",
    "birth_date": "GetPeopleBirthday", "address": "GetPeopleAddress", "id_number": "GetPeopleIDCode",
    "issuing_authority": "GetDepartment", "valid_from": "GetStartDate", "valid_until": "GetEndDate",
}


def _parse_day(text: str) -> dt.date | None:
    text = text.strip().replace(".", "").replace("-", "")
    if text in {"", "长期"}:
        return None
    return dt.datetime.strptime(text[:8], "%Y%m%d").date()


class SdkReader(IdCardReader):
    label = "身份证读卡器 (SDK)"

    def __init__(self, library: Path) -> None:
        self.library = library
        self._lib: ctypes.CDLL | None = None
        self._port: int | None = None
        self._problem: str | None = None
        try:
            loader = ctypes.WinDLL if hasattr(ctypes, "WinDLL") else ctypes.CDLL
            self._lib = loader(str(library))
            missing = [f for f in ("CVR_InitComm", "CVR_Authenticate", "CVR_Read_Content", *_TEXT_GETTERS.values())
                       if not hasattr(self._lib, f)]
            if missing:
                self._problem = f"读卡器驱动 {library.name} 缺少函数 {', '.join(missing[:3])}，型号可能不兼容"
        except OSError as exc:
            self._problem = f"无法加载读卡器驱动 {library}：{exc}"

    def availability(self) -> str | None:
        return self._problem

    def _connect(self) -> None:
        assert self._lib is not None
        if self._port is not None:
            return
        for port in USB_PORTS:
            if self._lib.CVR_InitComm(port) == 1:
                self._port = port
                return
        raise ReaderError("未找到读卡器，请检查 USB 连接")

    def _text(self, getter: str) -> str:
        assert self._lib is not None
        buf = ctypes.create_string_buffer(256)
        length = ctypes.c_int(256)
        if getattr(self._lib, getter)(buf, ctypes.byref(length)) != 1:
            raise ReaderError("读取身份证信息失败，请重新放置卡片")
        return buf.raw[: length.value].decode("gbk", errors="replace").strip("\x00 ")

    def read(self) -> IdCard | None:
        if self._problem:
            raise ReaderError(self._problem)
        assert self._lib is not None
        self._connect()
        if self._lib.CVR_Authenticate() != 1:
            return None  # no card on the reader
        if self._lib.CVR_Read_Content(1) != 1:
            raise ReaderError("读卡失败，请将身份证平放在读卡区后重试")
        fields = {key: self._text(getter) for key, getter in _TEXT_GETTERS.items()}
        try:
            birth = _parse_day(fields["birth_date"])
            valid_from = _parse_day(fields["valid_from"])
        except ValueError as exc:
            raise ReaderError(f"身份证日期格式无法识别：{exc}") from exc
        if birth is None or valid_from is None:
            raise ReaderError("身份证日期信息不完整")
        return IdCard(name=fields["name"], sex=fields["sex"], ethnicity=fields["ethnicity"], birth_date=birth,
                      address=fields["address"], id_number=fields["id_number"].upper(),
                      issuing_authority=fields["issuing_authority"], valid_from=valid_from,
                      valid_until=_parse_day(fields["valid_until"]))

    def close(self) -> None:
        if self._lib is not None and self._port is not None and hasattr(self._lib, "CVR_CloseComm"):
            self._lib.CVR_CloseComm()
        self._port = None
