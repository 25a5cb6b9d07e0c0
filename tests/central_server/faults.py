"""Fault injection: a parsed ``--faults`` spec and a seeded random schedule.

Spec: comma-separated ``name=value``; probabilities for ``5xx``, ``429``, ``drop-after-commit``,
``malformed``, ``wrong-type``, ``retry-later``, ``huge`` (a GET answered with ``huge-size`` bytes,
default 200 MB, streamed), ``not-object`` (a JSON array instead of an object), ``missing-fields``
(an empty JSON object); ``latency=LOW-HIGHms``; ``skew=±Ns`` (server clock
ahead/behind); ``retry-after=N`` (seconds in the 429 header, default 1). Example:
``5xx=0.1,429=0.05,drop-after-commit=0.05,malformed=0.05,latency=0-300ms,skew=600s``.
The same spec and seed give the same schedule for the same sequence of requests.
"""
from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field

PROBABILITY_FAULTS = ("5xx", "429", "drop-after-commit", "malformed", "wrong-type", "retry-later", "huge",
                      "not-object", "missing-fields")
_LATENCY = re.compile(r"(\d+)(?:-(\d+))?ms")
_SKEW = re.compile(r"([+-]?\d+)s")


class FaultSpecError(ValueError):
    pass


@dataclass
class FaultPlan:
    probabilities: dict[str, float] = field(default_factory=dict)
    latency_ms: tuple[int, int] = (0, 0)
    skew_seconds: int = 0
    retry_after: int = 1
    huge_bytes: int = 200 * 1024 * 1024
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    injected: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @classmethod
    def parse(cls, spec: str, seed: int = 0) -> FaultPlan:
        plan = cls(seed=seed)
        for part in filter(None, (p.strip() for p in (spec or "").split(","))):
            name, _, value = part.partition("=")
            name = name.strip().lower()
            if name in PROBABILITY_FAULTS:
                try:
                    p = float(value)
                except ValueError:
                    raise FaultSpecError(f"{name}: probability expected, got {value!r}") from None
                if not 0 <= p <= 1:
                    raise FaultSpecError(f"{name}: probability must be within 0..1")
                plan.probabilities[name] = p
            elif name == "latency":
                m = _LATENCY.fullmatch(value.strip())
                if not m:
                    raise FaultSpecError(f"latency: expected e.g. 0-300ms, got {value!r}")
                low = int(m.group(1))
                plan.latency_ms = (low, int(m.group(2) or low))
            elif name == "skew":
                m = _SKEW.fullmatch(value.strip())
                if not m:
                    raise FaultSpecError(f"skew: expected e.g. 600s, got {value!r}")
                plan.skew_seconds = int(m.group(1))
            elif name == "retry-after":
                plan.retry_after = int(value)
            elif name == "huge-size":
                if not value.strip().upper().endswith("MB") or not value.strip()[:-2].isdigit():
                    raise FaultSpecError(f"huge-size: expected e.g. 200MB, got {value!r}")
                plan.huge_bytes = int(value.strip()[:-2]) * 1024 * 1024
            else:
                raise FaultSpecError(f"unknown fault {name!r} (known: {', '.join(PROBABILITY_FAULTS)}, "
                                     "latency, skew, retry-after, huge-size)")
        return plan

    def roll(self, name: str) -> bool:
        p = self.probabilities.get(name, 0.0)
        if p <= 0:
            return False
        with self._lock:
            hit = self._rng.random() < p
            if hit:
                self.injected[name] = self.injected.get(name, 0) + 1
        return hit

    def latency(self) -> float:
        low, high = self.latency_ms
        if high <= 0:
            return 0.0
        with self._lock:
            return self._rng.uniform(low, high) / 1000.0

    def truncate_at(self, length: int) -> int:
        with self._lock:
            return self._rng.randrange(0, max(1, length))
