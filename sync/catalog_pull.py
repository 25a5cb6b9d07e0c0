"""Catalog puller: the platform's matters delta feed into the local catalog.

Each page is applied and its cursor saved in one transaction (rule 5), so a crash between
pages resumes exactly where it stopped. Deletions arrive as tombstones. Applications are never
touched: each keeps the matter version and the material snapshot it was accepted against.
Rows are written by the catalog service's ``apply_matters`` (one writer of the catalog).
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Callable, Iterator, Set
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.catalog_format import MatterSpec, plain_entry
from desktop.store.database import Database
from sync.api import ApiClient
from sync.errors import SyncError
from sync.state import get_cursor, set_cursor

log = logging.getLogger("onewindow.sync")

CURSOR = "matters"
FIRST_PAGE = 250  # matters asked for in a pull's first request; later pages grow to ``page_size``
_MATERIAL_FIELDS = ("name", "required", "copies", "form", "cert_type", "deferrable", "electronic_required", "notes")
_MATTER_FIELDS = ("code", "name", "department", "kind", "promised_days", "legal_days", "fee_cents", "fee_note",
                  "immediate")


@dataclass
class CatalogReport:
    pages: int = 0
    changed: int = 0
    deleted: int = 0


def _seq(material: dict[str, Any]) -> Any:
    return material.get("seq") or 0


def to_exchange_format(item: dict[str, Any]) -> dict[str, Any]:
    """An API Matter as the catalog exchange format: no version, materials in seq order."""
    materials = sorted((m for m in item.get("materials") or [] if isinstance(m, dict)), key=_seq)
    out = {k: item[k] for k in _MATTER_FIELDS if k in item}
    out["materials"] = [{k: m[k] for k in _MATERIAL_FIELDS if k in m} for m in materials]
    return out


_API_MATERIAL_KEYS = frozenset(_MATERIAL_FIELDS) | {"seq"}


def _plain_spec(item: dict[str, Any]) -> MatterSpec | None:
    """``parse_matter(to_exchange_format(item))`` for the common case, without the exchange dict.

    The same one-pass check (catalog_format.plain_entry) reads the API Matter's fields where the
    exchange dict would hold them: the matter's own fields as they are, ``decided_by`` as the
    exchange dict has it (absent: ``hall``), the materials in the same ``seq`` order, each with
    its ``seq`` besides the format's keys. Anything else (a material that is not a plain dict, an
    unknown key, a value that needs the full check) is None: the caller takes the old way.
    """
    raw = item.get("materials") or []
    if type(raw) is not list or any(type(m) is not dict for m in raw):
        return None
    return plain_entry(item.get, "hall", sorted(raw, key=_seq), _API_MATERIAL_KEYS)


def page_matters(items: list[dict[str, Any]]) -> list[MatterSpec] | list[dict[str, Any]]:
    """A page's matters as ``apply_matters`` takes them: checked specs when every one is plain.

    Building each matter's exchange dict only for apply_matters to read it back cost a tenth of
    a 5,000-matter pull. When every item passes the one-pass check and no code repeats, the specs
    are what apply_matters would have made of the exchange dicts, in the same order; otherwise
    the page goes as exchange dicts, so every problem is reported exactly as before
    (tests/unit/catalog/test_catalog_pull_fast_path.py).
    """
    specs = []
    for item in items:
        spec = _plain_spec(item)
        if spec is None:
            return [to_exchange_format(i) for i in items]
        specs.append(spec)
    if len({spec.code for spec in specs}) != len(specs):
        return [to_exchange_format(i) for i in items]
    return specs


_Apply = Callable[[Session, "list[MatterSpec] | list[dict[str, Any]]", list[str]], Any]


def _default_apply() -> _Apply:
    from desktop.services.catalog.service import apply_matters

    def apply(session: Session, items: list[MatterSpec] | list[dict[str, Any]], tombstones: list[str]) -> Any:
        return apply_matters(session, items, tombstones, source="server", actor="sync")

    return apply


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cycle collector held off while a pull runs.

    A pull allocates millions of short-lived objects (decoded pages, specs, rows); each of them
    counts towards the collector's thresholds, and every full collection walks the whole heap
    (the app, SQLAlchemy, pypinyin's phrase tables): 0.1-0.2 s of a 5,000-matter pull went to
    collections that found nothing to free, since reference counting frees all of it. The
    collector runs again as usual once the pull ends (and stays off if it was off before).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class CatalogPuller:
    def __init__(self, db: Database, api: ApiClient, clock: Callable[[], dt.datetime], *, page_size: int = 500,
                 apply: _Apply | None = None) -> None:
        self.db = db
        self.api = api
        self.clock = clock
        self.page_size = page_size
        self._apply = apply

    def pull(self) -> CatalogReport:
        """Apply every page since the saved cursor; the next page is fetched while this one is written.

        The platform prepares page n+1 (and the reply crosses the wire) while page n is checked and
        written here, instead of the two taking turns. Nothing changes in what is committed: each
        page still lands with its cursor in one transaction, in order, and a page that fails to
        apply discards the one fetched ahead (the next run asks for it again).
        """
        report = CatalogReport()
        apply = self._apply or _default_apply()
        with self.db.session() as s:
            cursor = get_cursor(s, CURSOR)
        with _gc_paused(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="catalog-fetch") as fetcher:
            # Pages start small and grow to ``page_size`` (x4 each time), so this side has work to do
            # while the platform prepares the next page instead of waiting for a full first one.
            size = min(self.page_size, FIRST_PAGE)
            ahead: Future[dict[str, Any]] = fetcher.submit(self.api.matters, cursor, size)
            while True:
                page = ahead.result()
                items = [i for i in page.get("items") or [] if isinstance(i, dict) and i.get("code")]
                tombstones = [t for t in page.get("tombstones") or [] if isinstance(t, dict) and t.get("code")]
                next_cursor = page.get("next_cursor")
                if not isinstance(next_cursor, str):
                    raise SyncError("bad_response", detail="matters page without next_cursor")
                more = bool(page.get("has_more")) and next_cursor != cursor
                if more:
                    size = min(self.page_size, size * 4)
                    ahead = fetcher.submit(self.api.matters, next_cursor, size)
                self._apply_page(apply, items, tombstones, next_cursor)
                report.pages += 1
                report.changed += len(items)
                report.deleted += len(tombstones)
                if not more:
                    break
                cursor = next_cursor
        return report

    def _apply_page(self, apply: _Apply, items: list[dict[str, Any]], tombstones: list[dict[str, Any]],
                    next_cursor: str) -> None:
        """One page and its cursor in one transaction (rule 5): all of it, or nothing."""
        with self.db.transaction() as s:
            if items or tombstones:
                try:
                    applied = apply(s, page_matters(items), [t["code"] for t in tombstones])
                except ValueError as exc:  # CatalogInvalid: nothing of this page is written
                    raise SyncError("rejected", f"中心平台下发的事项目录有误，本次未更新目录：{exc}",
                                    detail="catalog page invalid") from exc
                self._adopt_versions(s, items + tombstones, set(getattr(applied, "new", None) or ()))
            set_cursor(s, CURSOR, next_cursor, self.clock())

    @staticmethod
    def _adopt_versions(s: Session, records: list[dict[str, Any]], inserted: Set[str] = frozenset()) -> None:
        """The platform's version number is authoritative for the matters it publishes (one executemany).

        ``inserted``: codes this page inserted (at version 1); a version of 1 or less changes
        nothing there, so those rows are not sent (a first pull's 5,000 no-op updates).
        """
        rows = []
        for r in records:
            version = r.get("version")
            if isinstance(version, int) and not isinstance(version, bool):
                code = str(r["code"]).strip().upper()
                if version > 1 or code not in inserted:
                    rows.append((version, code, version))
        if rows:
            s.connection().exec_driver_sql("UPDATE matter SET version = ? WHERE code = ? AND version < ?", rows)
