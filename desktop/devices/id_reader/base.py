"""What every ID-card reader gives the intake form, whatever the hardware."""
from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass

from desktop.domain.errors import UserError
from desktop.domain.masking import mask_id_number, mask_name


class ReaderError(UserError):
    """The reader failed while reading; the message is for the clerk (e.g. "请将身份证放在读卡区")."""


@dataclass(frozen=True)
class IdCard:
    """The chip contents of a resident ID card. ``repr`` is masked so it can never leak into a log."""

    name: str
    sex: str  # 男 / 女
    ethnicity: str  # 民族, e.g. 汉
    birth_date: dt.date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date | None  # None = 长期
    photo: bytes | None = None  # the chip photo, decoded to an image format the UI can show

    def __repr__(self) -> str:
        return f"IdCard(name={mask_name(self.name)!r}, id_number={mask_id_number(self.id_number)!r})"

    def expired_on(self, day: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < day


class IdCardReader(ABC):
    """A resident ID-card reader. ``read`` returns None when no card is on the reader."""

    #: shown in the status bar / settings, e.g. "模拟读卡器" or "华视 CVR-100 (SDK)"
    label: str = ""

    @abstractmethod
    def availability(self) -> str | None:
        """None when the reader can be used, else why not (in Chinese, for the clerk/IT)."""

    @abstractmethod
    def read(self) -> IdCard | None:
        """Read the card on the reader; raises :class:`ReaderError` on a device failure."""

    def close(self) -> None:  # noqa: B027 - optional for adapters without resources
        """Release the device."""


class UnavailableReader(IdCardReader):
    """Stands in when no reader is configured or its SDK cannot load: manual entry still works."""

    def __init__(self, reason: str, label: str = "读卡器") -> None:
        self.reason = reason
        self.label = label

    def availability(self) -> str | None:
        return self.reason

    def read(self) -> IdCard | None:
        raise ReaderError(f"读卡器不可用：{self.reason}。请手工录入。")
