"""The store remembers its identity, so an empty store is never created beside a real one.

A data dir that ever held a store keeps ``onewindow.store.json`` (the store's id, when it was
made, whether it is encrypted) beside the database, and the database holds the same id in
``key_value``. If the database file is gone while that file — or a kept original
(``onewindow.replaced-….sqlite3``, ``onewindow.corrupt-…``) — is still there, start-up stops
with :class:`StoreMissing` naming what it found, instead of running the first-run set-up on a
new empty file while the real cases sit next to it. IT decides: restore one of them, or start
fresh on purpose (``onewindow db init --fresh``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import uuid
from pathlib import Path

from desktop.store.connect import DB_ERRORS, StoreFile, make_private
from desktop.store.errors import StoreMissing
from desktop.store.swap import write_atomically

log = logging.getLogger("onewindow.store")

IDENTITY_SUFFIX = ".store.json"
STORE_ID_KEY = "store_id"


def identity_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + IDENTITY_SUFFIX)


def read_identity(db_path: Path) -> dict | None:
    path = identity_path(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"store_id": "?", "unreadable": True}
    return data if isinstance(data, dict) else {"store_id": "?", "unreadable": True}


def orphan_candidates(db_path: Path) -> list[Path]:
    """Files in the data dir that look like this store's database under another name, newest first."""
    found = [p for p in db_path.parent.glob(f"{db_path.stem}.*{db_path.suffix}") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def check_not_orphaned(db_path: Path) -> None:
    """Raise :class:`StoreMissing` when the database is missing but a real store's traces remain."""

    identity = read_identity(db_path)
    candidates = orphan_candidates(db_path)
    if identity is None and not candidates:
        return
    lines = [f"数据库文件 {db_path} 不存在或为空，但数据目录里有原来数据的痕迹："]
    if identity is not None:
        lines.append(f"  - 本机的数据库标识（{identity_path(db_path).name}，"
                     f"创建于 {identity.get('created_at', '?')}）")
    lines += [f"  - {p.name}" for p in candidates[:5]]
    lines.append("为避免在真实数据旁边新建一个空数据库，程序没有启动。请联系信息技术人员："
                 "用“onewindow db restore 文件”恢复其中一个，或确认要全新开始时运行“onewindow db init --fresh”。")
    raise StoreMissing("\n".join(lines), candidates)


def remember_identity(store: StoreFile) -> str:
    """Make sure the database and the identity file agree on the store's id; returns it."""
    db_path = store.path
    stored = read_identity(db_path)
    store_id = None
    with contextlib.suppress(*DB_ERRORS):
        conn = store.connect()
        try:
            row = conn.execute("SELECT value FROM key_value WHERE key = ?", (STORE_ID_KEY,)).fetchone()
            store_id = row[0] if row else None
            if store_id is None:
                store_id = (stored or {}).get("store_id") if stored and not stored.get("unreadable") else None
                store_id = store_id or str(uuid.uuid4())
                conn.execute("INSERT INTO key_value(key, value, updated_at) VALUES (?, ?, ?)",
                             (STORE_ID_KEY, store_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)))
                conn.commit()
        finally:
            conn.close()
    if store_id is None:
        return ""
    if stored is None or stored.get("store_id") != store_id or stored.get("encrypted") != store.encrypted:
        if stored is not None and stored.get("store_id") not in (None, store_id):
            log.warning("store identity changed from %s to %s (a restore from another store?)",
                        stored.get("store_id"), store_id)
        write_atomically(identity_path(db_path), json.dumps({
            "store_id": store_id, "encrypted": store.encrypted,
            "created_at": (stored or {}).get("created_at") or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": db_path.name}, ensure_ascii=False).encode("utf-8"))
        make_private(identity_path(db_path))
    return store_id
