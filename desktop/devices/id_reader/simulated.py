"""A simulated ID-card reader for tests and the demo: cards come from a JSON file or are placed by code.

JSON format (``resources/devices/sample_id_cards.json``)::

    {"cards": [{"name": "...", "sex": "男", "ethnicity": "汉", "birth_date": "1985-03-12",
                "address": "...", "id_number": "...", "issuing_authority": "...",
                "valid_from": "2015-06-01", "valid_until": "2035-06-01" | null, "photo": "<base64>" | null}]}

Each ``read`` takes the next card in turn, like a clerk placing cards one after another.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

from desktop.devices.id_reader.base import IdCard, IdCardReader, ReaderError
from desktop.resources import resource_path

SAMPLE_CARDS = resource_path("devices", "sample_id_cards.json")


def card_from_dict(raw: dict[str, Any]) -> IdCard:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    try:
        return IdCard(
            name=raw["name"], sex=raw["sex"], ethnicity=raw.get("ethnicity", ""),
            birth_date=dt.date.fromisoformat(raw["birth_date"]), address=raw.get("address", ""),
            id_number=raw["id_number"], issuing_authority=raw.get("issuing_authority", ""),
            valid_from=dt.date.fromisoformat(raw["valid_from"]), valid_until=day(raw.get("valid_until")),
            photo=base64.b64decode(raw["photo"]) if raw.get("photo") else None,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ReaderError(f"模拟卡片数据格式错误：{exc}") from exc


class SimulatedReader(IdCardReader):
    label = "模拟读卡器"

    def __init__(self, cards: list[IdCard] | None = None, source: Path | None = None) -> None:
        self._cards: list[IdCard] = list(cards or [])
        self._source = source
        self._next = 0
        self._on_reader: IdCard | None = None
        self._error: str | None = None
        if source is not None:
            self._cards += self._load(source)

    @staticmethod
    def _load(path: Path) -> list[IdCard]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ReaderError(f"无法读取模拟卡片文件 {path}：{exc}") from exc
        return [card_from_dict(raw) for raw in data.get("cards", [])]

    def availability(self) -> str | None:
        return None if (self._cards or self._on_reader) else "模拟读卡器中没有卡片数据"

    # --- test/demo controls ---------------------------------------------------------
    def place(self, card: IdCard) -> None:
        """Put a specific card on the reader (the next ``read`` returns it)."""
        self._on_reader = card

    def fail_next(self, message: str) -> None:
        """Make the next read fail like a real device does (card moved, bad contact)."""
        self._error = message

    # --- IdCardReader ---------------------------------------------------------------
    def read(self) -> IdCard | None:
        if self._error:
            message, self._error = self._error, None
            raise ReaderError(message)
        if self._on_reader is not None:
            card, self._on_reader = self._on_reader, None
            return card
        if not self._cards:
            return None
        card = self._cards[self._next % len(self._cards)]
        self._next += 1
        return card
