"""Canonical JSON: the one text every hash, frozen payload, case event and catalog digest is taken over.

Sorted keys, UTF-8 characters kept as they are, no spaces: the same value always gives the same
text, on every PC and in every version, so a hash computed here matches the one the platform or
another window computes. The encoder is built once (``json.dumps`` with these options builds a
new one on every call, which showed in the accept path and the catalog pull).
"""
from __future__ import annotations

import json
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical(value: Any) -> str:
    """The canonical JSON text of ``value`` (exactly ``json.dumps(value, ensure_ascii=False,
    sort_keys=True, separators=(",", ":"))``)."""
    return _ENCODER.encode(value)
