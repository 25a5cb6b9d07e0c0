"""Resident ID-card readers (二代证读卡器): one interface, a vendor-SDK adapter and a simulator.

``make_reader(config.devices)`` picks the adapter; an absent or broken SDK gives a reader that
reports itself unavailable with the reason, so manual entry always still works.
"""
from desktop.devices.id_reader.base import IdCard, IdCardReader, ReaderError, UnavailableReader
from desktop.devices.id_reader.factory import make_reader
from desktop.devices.id_reader.simulated import SimulatedReader

__all__ = ["IdCard", "IdCardReader", "ReaderError", "SimulatedReader", "UnavailableReader", "make_reader"]
