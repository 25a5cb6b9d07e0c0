"""The fault campaign: seeded kill -9 points in six operations, full disks, flipped bytes, bad replies.

Every run ends with the store opened again as the next start would, ``db check`` clean, and the
operation's own promise checked: nothing the child reported as done is lost, nothing is doubled.
Deterministic for a seed: kill points are drawn from the number of durable steps a dry run of the
operation takes (see killpoints.py), flips from the file sizes, fault schedules from the server's
seeded plan.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ("accept", "capture", "restore", "gc", "catalog", "sync")


@dataclass
class Figures:
    runs: int = 0
    kills: int = 0
    faults: int = 0  # injected faults other than kills: flips, full disks, bad replies
    losses: int = 0
    duplicates: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, kind: str, n: int = 1) -> None:
        self.by_kind[kind] = self.by_kind.get(kind, 0) + n

    def lose(self, what: str, n: int = 1) -> None:
        self.losses += n
        self.problems.append(f"LOST: {what}")

    def double(self, what: str, n: int = 1) -> None:
        self.duplicates += n
        self.problems.append(f"DOUBLED: {what}")

    def table(self) -> str:
        lines = [f"{'runs':>8} {'kills':>6} {'faults':>7} {'losses':>7} {'duplicates':>11}",
                 f"{self.runs:>8} {self.kills:>6} {self.faults:>7} {self.losses:>7} {self.duplicates:>11}"]
        lines += [f"  {kind}: {n}" for kind, n in sorted(self.by_kind.items())]
        lines += [f"  ! {p}" for p in self.problems[:20]]
        return "\n".join(lines)


# --- helpers ---------------------------------------------------------------------------------------


def _config(data_dir: Path):
    from desktop.config import load_config

    return load_config(data_dir=data_dir, search_default_provisioning=False)


def _open(data_dir: Path):
    from desktop.services.context import AppContext

    return AppContext.open(_config(data_dir))


def _child(op: str, data_dir: Path, arg: str, kill_at: int, env: dict[str, str] | None = None):
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "FAULT_KILL_AT": str(kill_at), **(env or {})}
    return subprocess.run([sys.executable, "-m", "tests.faults.child", op, str(data_dir), arg], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=300)


def _points(result: subprocess.CompletedProcess) -> int:
    for line in result.stderr.splitlines():
        if line.startswith("POINTS "):
            return int(line.split()[1])
    raise RuntimeError(f"dry run failed: {result.stderr[-2000:]}")


def _done(result: subprocess.CompletedProcess) -> list[list[str]]:
    return [line.split()[1:] for line in result.stdout.splitlines() if line.startswith("done ")]


def _check_clean(data_dir: Path, figures: Figures, label: str, ignore: tuple[str, ...] = ()) -> None:
    from desktop.services.maintenance.store_recovery import check_store

    failed = [f"{f.name}: {f.detail}" for f in check_store(_config(data_dir)) if not f.ok and f.name not in ignore]
    if failed:
        figures.problems.append(f"db check after {label}: {failed[:3]}")
        figures.lose(f"db check not clean after {label}")


def _copy(template: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    return target


def _age(path: Path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


# --- templates: a data dir prepared once per operation ---------------------------------------------


def _prepare_drafts(data_dir: Path, n: int) -> list[str]:
    from sqlalchemy import update

    from desktop.services.accounts.auth import CurrentUser
    from desktop.services.intake.service import IntakeService
    from desktop.store.models import ApplicationMaterial, User
    from tests.unit.intake.conftest import add_matter, person_form

    ctx = _open(data_dir)
    try:
        with ctx.db.transaction() as s:
            if s.get(User, 1) is None:
                s.add(User(id=1, username="clerk1", display_name="王小丽", role="clerk", password_hash="x"))
        with contextlib.suppress(Exception):
            add_matter(ctx, "M-LIC")
        intake = IntakeService(ctx)
        clerk = CurrentUser(1, "clerk1", "王小丽", "clerk")
        uuids = [intake.start_draft(clerk, "M-LIC", person_form()).uuid for _ in range(n)]
        with ctx.db.transaction() as s:
            s.execute(update(ApplicationMaterial).values(state="provided", provided_form="original",
                                                         provided_copies=ApplicationMaterial.copies_expected))
        return uuids
    finally:
        ctx.close()


def template_accept(root: Path) -> tuple[Path, str]:
    data = root / "t-accept"
    uuids = _prepare_drafts(data, 6)
    (root / "accept.json").write_text(json.dumps(uuids))
    return data, str(root / "accept.json")


def template_capture(root: Path) -> tuple[Path, str]:
    from desktop.services.attachments.blobstore import BlobStore
    from tests.unit.capture.conftest import make_application

    data = root / "t-capture"
    ctx = _open(data)
    try:
        _user, _app, [material, _other] = make_application(ctx)
        store = BlobStore(ctx.config.attachments_dir)
        orphan = store.put(b"\xff\xd8 page 0 of a scanned ID card \xff\xd9")  # identical to the first page added
        _age(store.path_for(orphan.sha256), 7200)
    finally:
        ctx.close()
    return data, f"{material}:4"


def template_restore(root: Path) -> tuple[Path, str]:
    from desktop.services.accounts.auth import AuthService
    from desktop.store.migrate import backup_database

    data = root / "t-restore"
    ctx = _open(data)
    try:
        AuthService(ctx).create_user("admin", "admin2026", "admin")
        backup_database(ctx.db.store, root / "gen1.sqlite3")
        AuthService(ctx).create_user("later", "later2026", "clerk")
    finally:
        ctx.close()
    return data, str(root / "gen1.sqlite3")


def template_gc(root: Path) -> tuple[Path, str]:
    from desktop.devices.capture.base import CapturedPage
    from desktop.services.attachments import AttachmentService
    from desktop.services.attachments.blobstore import BlobStore
    from tests.unit.capture.conftest import make_application

    data = root / "t-gc"
    ctx = _open(data)
    try:
        _user, _app, [material, _other] = make_application(ctx)
        service = AttachmentService(ctx)
        for n in range(3):
            service.add_page(material, CapturedPage(b"kept page %d" % n, "image/jpeg", 1, 1, "file"))
        store = BlobStore(ctx.config.attachments_dir)
        for n in range(6):
            _age(store.path_for(store.put(b"orphan %d" % n).sha256), 7200)
    finally:
        ctx.close()
    return data, ""


def template_catalog(root: Path) -> tuple[Path, str]:
    from desktop.services.catalog.service import SAMPLE_CATALOG, CatalogService

    data = root / "t-catalog"
    ctx = _open(data)
    try:
        CatalogService(ctx).ensure_sample_loaded()
    finally:
        ctx.close()
    catalog = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    matters = catalog["matters"] if isinstance(catalog, dict) else catalog
    extra = json.loads(json.dumps(matters[0], ensure_ascii=False))
    for n in range(5):
        clone = json.loads(json.dumps(extra, ensure_ascii=False))
        clone["code"] = f"{extra['code']}-C{n}"
        clone["name"] = f"{extra['name']}（分项{n}）"
        matters.append(clone)
    (root / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    return data, str(root / "catalog.json")


# --- the checks after a kill ------------------------------------------------------------------------


def check_accept(data: Path, done: list[list[str]], figures: Figures, _ctx_arg: Any) -> None:
    from sqlalchemy import func, select

    from desktop.store.models import Application, Outbox

    ctx = _open(data)
    try:
        with ctx.db.session() as s:
            apps = {a.uuid: a for a in s.scalars(select(Application))}
            for uuid, number in done:
                app = apps.get(uuid)
                if app is None or app.status != "accepted" or app.acceptance_no != number:
                    figures.lose(f"accepted case {uuid[:8]} {number}")
            numbers = [a.acceptance_no for a in apps.values() if a.acceptance_no]
            if len(numbers) != len(set(numbers)):
                figures.double("acceptance number")
            for app in apps.values():
                rows = s.scalar(select(func.count(Outbox.id)).where(Outbox.application_id == app.id)) or 0
                if rows > 1:
                    figures.double(f"outbox rows of {app.uuid[:8]}")
    finally:
        ctx.close()


def check_capture(data: Path, done: list[list[str]], figures: Figures, _arg: Any) -> None:
    from desktop.services.attachments import AttachmentError, AttachmentService

    ctx = _open(data)
    try:
        service = AttachmentService(ctx)
        for page_id, sha in done:
            try:
                service.page_bytes(int(page_id))
            except AttachmentError:
                figures.lose(f"page {page_id} ({sha[:8]})")
    finally:
        ctx.close()


def check_restore(data: Path, done: list[list[str]], figures: Figures, _arg: Any) -> None:
    import sqlite3

    from desktop.services.accounts.auth import AuthService

    ctx = _open(data)
    try:
        users = {u["username"] for u in AuthService(ctx).list_users()}
    finally:
        ctx.close()
    if users not in ({"admin"}, {"admin", "later"}):
        figures.lose(f"restore left users {sorted(users)}")
    if done and users != {"admin"}:
        figures.lose("restore reported done but the store is not the backup")
    if users == {"admin"}:  # the replaced generation must be kept somewhere
        kept = [p for p in data.glob("onewindow.*.sqlite3")]
        found = False
        for path in kept:
            with contextlib.suppress(sqlite3.Error):
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                found = found or bool(conn.execute("SELECT 1 FROM user WHERE username = 'later'").fetchone())
                conn.close()
        if not found:
            figures.lose("the replaced store (with 'later') was not kept")


def check_gc(data: Path, done: list[list[str]], figures: Figures, _arg: Any) -> None:
    from desktop.services.attachments import AttachmentError, AttachmentService
    from desktop.services.attachments.retention import referenced_hashes

    ctx = _open(data)
    try:
        service = AttachmentService(ctx)
        for sha in referenced_hashes(ctx):
            try:
                service.open_attachment_bytes(sha)
            except AttachmentError:
                figures.lose(f"referenced page {sha[:8]} deleted by gc")
    finally:
        ctx.close()


def check_catalog(data: Path, done: list[list[str]], figures: Figures, before: set[str]) -> None:
    from sqlalchemy import select

    from desktop.store.models import Matter

    ctx = _open(data)
    try:
        with ctx.db.session() as s:
            codes = set(s.scalars(select(Matter.code).where(Matter.deleted.is_(False))))
    finally:
        ctx.close()
    added = codes - before
    if added and len(added) != 5:
        figures.lose(f"catalog import half applied ({len(added)} of 5 new matters)")
    if done and len(added) != 5:
        figures.lose("catalog import reported done but is not applied")


# --- the campaign --------------------------------------------------------------------------------------


TEMPLATES: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "accept": template_accept, "capture": template_capture, "restore": template_restore, "gc": template_gc,
    "catalog": template_catalog,
}
CHECKS: dict[str, Callable[..., None]] = {
    "accept": check_accept, "capture": check_capture, "restore": check_restore, "gc": check_gc,
    "catalog": check_catalog,
}


def kill_runs(op: str, root: Path, rng: random.Random, runs: int, figures: Figures) -> None:
    template, arg = TEMPLATES[op](root)
    check_arg: Any = None
    if op == "catalog":
        from sqlalchemy import select

        from desktop.store.models import Matter

        ctx = _open(template)
        with ctx.db.session() as s:
            check_arg = set(s.scalars(select(Matter.code).where(Matter.deleted.is_(False))))
        ctx.close()
    dry = _child(op, _copy(template, root / f"{op}-dry"), arg, 0)
    total = _points(dry)
    for run in range(runs):
        kill_at = rng.randint(1, max(1, total))
        data = _copy(template, root / f"{op}-run")
        result = _child(op, data, arg, kill_at)
        figures.runs += 1
        if result.returncode == 137:
            figures.kills += 1
            figures.count(f"kill:{op}")
        elif result.returncode != 0:
            figures.problems.append(f"{op} run {run} exited {result.returncode}: {result.stderr[-300:]}")
        CHECKS[op](data, _done(result), figures, check_arg)
        _check_clean(data, figures, f"{op} killed at point {kill_at}/{total}")


def _register_matter(central) -> None:
    central.admin_post("/admin/matters", {"upsert": [{"code": "M-LIC", "name": "事项M-LIC", "department": "市场监管局",
                                                      "promised_days": 5, "legal_days": 20}]})


def sync_kill_runs(root: Path, rng: random.Random, runs: int, figures: Figures, central) -> None:
    """kill -9 inside `sync` at seeded points, then a clean sync: every case on the platform exactly once."""
    from sync.engine import SyncEngine
    from sync.enrol import enroll
    from sync.token_store import PlaintextFileTokenStore

    template = root / "t-sync"
    uuids = _prepare_drafts(template, 5)
    token = template / "device-token"
    ctx = _open(template)
    try:
        from desktop.services.accounts.auth import CurrentUser
        from desktop.services.intake.service import IntakeService

        clerk = CurrentUser(1, "clerk1", "王小丽", "clerk")
        for uuid in uuids:
            IntakeService(ctx).accept(clerk, uuid)
        _register_matter(central)
        enroll(ctx, central.url, central.enrol_code, token_store=PlaintextFileTokenStore(token))
    finally:
        ctx.close()
    dry_dir = _copy(template, root / "sync-dry")
    total = _points(_child("sync", dry_dir, str(dry_dir / "device-token"), 0))
    for _run in range(runs):
        data = _copy(template, root / "sync-run")
        result = _child("sync", data, str(data / "device-token"), rng.randint(1, max(1, total)))
        figures.runs += 1
        if result.returncode == 137:
            figures.kills += 1
            figures.count("kill:sync")
        ctx = _open(data)
        try:
            from sync.backoff import Backoff

            summary = SyncEngine(ctx, token_store=PlaintextFileTokenStore(data / "device-token"),
                                 backoff=Backoff(base_seconds=0.01, cap_seconds=0.2)).run_once(budget_seconds=10)
            if summary.pending or summary.parked:
                figures.lose(f"after a clean sync: {summary.pending} pending, {summary.parked} parked")
        finally:
            ctx.close()
        _check_clean(data, figures, "sync kill")
    held = [a for a in central.applications() if a["uuid"] in set(uuids)]
    if len({a["uuid"] for a in held}) != len(uuids):
        figures.lose(f"platform holds {len(held)} of {len(uuids)} cases")
    if central.stats().get("created", 0) > len(uuids) * 1:
        figures.double(f"platform created {central.stats()['created']} for {len(uuids)} cases")


def byte_flips(root: Path, rng: random.Random, flips: int, figures: Figures) -> None:
    """Flipped bytes in the store and in page files: a clear 已损坏 or a detected problem, never a traceback."""
    from desktop.services.attachments import AttachmentError, AttachmentService
    from desktop.services.maintenance.db_check import run_checks
    from desktop.store.migrate import StoreError

    template = template_accept(root / "flip-src")[0]
    for n in range(flips):
        data = _copy(template, root / "flip-run")
        db = data / "onewindow.sqlite3"
        raw = bytearray(db.read_bytes())
        for _ in range(1 + n % 4):
            offset = rng.randrange(0, len(raw))
            raw[offset] ^= 1 << rng.randrange(8)
        db.write_bytes(bytes(raw))
        for side in ("-wal", "-shm"):
            Path(str(db) + side).unlink(missing_ok=True)
        figures.faults += 1
        figures.count("flip:database")
        figures.runs += 1
        try:
            ctx = _open(data)
            ctx.close()
        except StoreError:
            pass  # the 已损坏 path with the restore offer
        except Exception as exc:  # noqa: BLE001
            figures.problems.append(f"flip {n}: start-up raised {type(exc).__name__}: {exc}")
            figures.lose("a flipped database reached a traceback at start-up")
        try:
            run_checks(db)
        except Exception as exc:  # noqa: BLE001
            figures.lose(f"db check raised {type(exc).__name__} on a flipped database")
    # page files
    data = _copy(template_gc(root / "flip-pages")[0], root / "flip-pages-run")
    ctx = _open(data)
    try:
        service = AttachmentService(ctx)
        for sha, path in list(service.blobs.iter_blobs()):
            blob = bytearray(path.read_bytes())
            blob[rng.randrange(len(blob))] ^= 0x20
            path.write_bytes(bytes(blob))
            figures.faults += 1
            figures.count("flip:page")
            figures.runs += 1
            try:
                service.open_attachment_bytes(sha)
                figures.lose(f"a flipped page {sha[:8]} was shown as if sound")
            except AttachmentError:
                pass
    finally:
        ctx.close()


def bad_replies(root: Path, seed: int, schedules: int, figures: Figures, central) -> None:
    """Malformed server replies of every shape, seeded; then a clean sync delivers everything once."""
    from sync.engine import SyncEngine
    from sync.enrol import enroll
    from sync.token_store import MemoryTokenStore

    uuids = _prepare_drafts(root / "t-replies", 4)
    ctx = _open(root / "t-replies")
    try:
        from desktop.services.accounts.auth import CurrentUser
        from desktop.services.intake.service import IntakeService

        for uuid in uuids:
            IntakeService(ctx).accept(CurrentUser(1, "clerk1", "王小丽", "clerk"), uuid)
        _register_matter(central)
        tokens = MemoryTokenStore()
        enroll(ctx, central.url, central.enrol_code, token_store=tokens)
        from sync.backoff import Backoff

        engine = SyncEngine(ctx, token_store=tokens, backoff=Backoff(base_seconds=0.01, cap_seconds=0.2))
        shapes = ["malformed", "wrong-type", "not-object", "missing-fields", "drop-after-commit", "5xx", "429",
                  "retry-later", "huge"]
        for n in range(schedules):
            shape = shapes[n % len(shapes)]
            central.set_faults(f"{shape}=0.5,huge-size=64MB,retry-after=0", seed=seed + n)
            summary = engine.run_once(budget_seconds=2)
            figures.runs += 1
            figures.faults += sum(central.stats()["faults_injected"].values())
            figures.count(f"reply:{shape}")
            if summary.error and "Traceback" in summary.error:
                figures.lose(f"{shape}: a traceback reached the summary")
        central.set_faults("", seed=0)
        final = engine.run_once(budget_seconds=20)
        if final.pending or final.parked or final.error:
            figures.lose(f"after bad replies: {final.lines()[-3:]}")
    finally:
        ctx.close()
    held = [a["uuid"] for a in central.applications() if a["uuid"] in set(uuids)]
    if sorted(held) != sorted(uuids):
        figures.lose(f"platform holds {len(held)} of {len(uuids)} after bad replies")
    if len(held) != len(set(held)):
        figures.double("platform copies after bad replies")
    _check_clean(root / "t-replies", figures, "bad replies")


def full_disk(root: Path, figures: Figures, mount: Callable[[Path], Any] | None) -> None:
    """A store on a small filesystem filled by accepting and capturing: clear refusals, nothing half-written."""
    from desktop.devices.capture.base import CapturedPage
    from desktop.services.accounts.auth import CurrentUser
    from desktop.services.attachments import AttachmentService
    from desktop.services.intake.service import IntakeService
    from desktop.store.migrate import StoreError

    if mount is None:
        return
    template = root / "t-full"
    uuids = _prepare_drafts(template, 40)
    with mount(root / "tiny") as tiny:
        data = _copy(template, tiny / "data")
        filler = tiny / "filler.bin"

        def fill() -> None:
            with contextlib.suppress(OSError), open(filler, "ab") as fh:  # to the last block
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()

        fill()  # 1) starting on a full disk: a clear refusal, nothing touched
        figures.faults += 1
        figures.runs += 1
        figures.count("disk-full:start")
        try:
            _open(data).close()
            figures.problems.append("the store opened on a full disk without a word")
        except StoreError:
            pass
        filler.unlink()
        ctx = _open(data)  # 2) the disk fills while the counter works
        fill()
        figures.faults += 1
        figures.runs += 1
        figures.count("disk-full:working")
        accepted: list[tuple[str, str]] = []
        refused = 0
        clerk = CurrentUser(1, "clerk1", "王小丽", "clerk")
        for uuid in uuids:
            try:
                accepted.append((uuid, IntakeService(ctx).accept(clerk, uuid).acceptance_no or ""))
            except Exception as exc:  # noqa: BLE001
                refused += 1
                if "磁盘" not in str(exc):  # the clerk's words, not SQLite's
                    figures.problems.append(f"disk full: accept failed unclearly: {type(exc).__name__}: {exc}")
        try:
            AttachmentService(ctx).add_page(1, CapturedPage(os.urandom(4096), "image/jpeg", 1, 1, "file"))
        except Exception as exc:  # noqa: BLE001
            refused += 1
            if "磁盘" not in str(exc):
                figures.problems.append(f"disk full: capture failed unclearly: {type(exc).__name__}: {exc}")
        ctx.close()
        filler.unlink()
        check_accept(data, [[u, n] for u, n in accepted], figures, None)
        _check_clean(data, figures, "a full disk")
        figures.count("disk-full:refused", refused)


def run_campaign(root: Path, *, seed: int = 7, runs: int = 2, flips: int = 8, schedules: int = 9,
                 mount: Callable[[Path], Any] | None = None, central_factory: Callable[[], Any] | None = None) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    root.mkdir(parents=True, exist_ok=True)
    for op in ("accept", "capture", "restore", "gc", "catalog"):
        kill_runs(op, root / op, rng, runs, figures)
    if central_factory is not None:
        sync_kill_runs(root / "sync", rng, runs, figures, central_factory())
        bad_replies(root / "replies", seed, schedules, figures, central_factory())
    byte_flips(root / "flips", rng, flips, figures)
    full_disk(root / "full", figures, mount)
    return figures
