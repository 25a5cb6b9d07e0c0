"""Retention: remove page files nobody needs any more, and warn before the disk fills.

A file is kept while any page row names it, or while a queued outbox payload (not yet
delivered) lists its hash — sync uploads by hash from the frozen payload, so a page a clerk
deleted after queueing must survive until the platform has it — or while a page being added
claims it (``attachment_claim``, committed before the file is written or reused).

gc and a page being added agree through the database: the final decision to delete is taken
inside a write transaction (the writer lock), re-reading page rows and claims for the files
about to go, so a page identical to an old unreferenced file cannot be deleted between the
moment it is reused and the moment its row lands. Files unreferenced for less than the grace
period (``min_age``, by modification time; reusing a file refreshes it) are kept, and a claim
older than the grace period was left by a crash and no longer protects anything.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, text

from desktop.services.attachments.blobstore import BlobStore
from desktop.services.attachments.errors import AttachmentError
from desktop.store.models import Attachment, AttachmentClaim, Outbox

log = logging.getLogger("onewindow.attachments")

DEFAULT_MIN_AGE_SECONDS = 3600
GC_BATCH = 200  # files decided per write transaction (keeps the writer lock short for the counter)
MIN_FREE_BYTES = 200 * 1024 * 1024  # below this, refuse new captures: the DB needs room too
QUOTA_WARN_RATIO = 0.9


@dataclass
class GcReport:
    removed_files: int = 0
    removed_temp: int = 0
    freed_bytes: int = 0
    kept_referenced: int = 0
    kept_young: int = 0
    errors: list[str] = field(default_factory=list)


def referenced_hashes(ctx) -> set[str]:
    """Hashes named by page rows or by undelivered outbox payloads."""
    with ctx.db.session() as s:
        hashes = set(s.scalars(select(Attachment.sha256).distinct()))
        for payload in s.scalars(select(Outbox.payload).where(Outbox.state != "done")):
            hashes.update(_payload_hashes(payload))
    return hashes


def _payload_hashes(payload: str) -> set[str]:
    try:
        data = json.loads(payload)
        return {a["sha256"] for m in data.get("materials", []) for a in m.get("attachments", []) if "sha256" in a}
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("outbox payload unreadable while collecting attachment hashes; gc refuses to run")
        raise AttachmentError("有一条待同步记录无法解析，为安全起见本次没有清理任何附件文件。") from None


def claim_hash(ctx, sha256: str) -> int:
    """Record (and commit) that a page with this content is being stored; returns the claim's id."""
    with ctx.db.transaction() as s:
        claim = AttachmentClaim(sha256=sha256, claimed_at=ctx.now())
        s.add(claim)
        s.flush()
        return claim.id


def release_claim(s, claim_id: int) -> None:
    """Drop the claim in the transaction that commits the page row (the row protects the file now)."""
    s.execute(delete(AttachmentClaim).where(AttachmentClaim.id == claim_id))


def collect_garbage(ctx, *, min_age_seconds: float = DEFAULT_MIN_AGE_SECONDS, dry_run: bool = False) -> GcReport:
    store = BlobStore(ctx.config.attachments_dir)
    report = GcReport()
    keep = referenced_hashes(ctx)  # outbox payloads are parsed once; rows and claims are re-read per batch
    cutoff = time.time() - min_age_seconds
    candidates: list[tuple[str, Path]] = []
    for sha, path in list(store.iter_blobs()):
        if sha in keep:
            report.kept_referenced += 1
            continue
        try:
            if path.stat().st_mtime > cutoff:
                report.kept_young += 1
                continue
        except OSError as exc:
            report.errors.append(f"{path.name[:10]}…: {exc.strerror or exc}")
            continue
        candidates.append((sha, path))
    claim_cutoff = ctx.now() - dt.timedelta(seconds=min_age_seconds)
    for start in range(0, len(candidates), GC_BATCH):
        batch = candidates[start:start + GC_BATCH]
        with ctx.db.transaction() as s:  # BEGIN IMMEDIATE: a page being added waits for this batch
            if not dry_run:
                s.execute(delete(AttachmentClaim).where(AttachmentClaim.claimed_at < claim_cutoff))
            shas = [sha for sha, _ in batch]
            live = set(s.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(shas))))
            live |= set(s.scalars(select(AttachmentClaim.sha256).where(AttachmentClaim.sha256.in_(shas),
                                                                       AttachmentClaim.claimed_at >= claim_cutoff)))
            for sha, path in batch:
                if sha in live:
                    report.kept_referenced += 1
                    continue
                try:
                    size = path.stat().st_size
                    if path.stat().st_mtime > cutoff:
                        report.kept_young += 1  # reused meanwhile
                        continue
                    if not dry_run:
                        path.unlink()
                    report.removed_files += 1
                    report.freed_bytes += size
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    report.errors.append(f"{sha[:10]}…: {exc.strerror or exc}")
    for path in list(store.iter_temp_files()):
        try:
            stat = path.stat()
            if stat.st_mtime > cutoff:
                report.kept_young += 1
                continue
            if not dry_run:
                path.unlink()
            report.removed_temp += 1
            report.freed_bytes += stat.st_size
        except OSError as exc:
            report.errors.append(f"{path.name}: {exc.strerror or exc}")
    log.info("attachments gc: %d files, %d temp files, %d bytes%s", report.removed_files, report.removed_temp,
             report.freed_bytes, " (dry run)" if dry_run else "")
    return report


@dataclass(frozen=True)
class StorageStatus:
    used_bytes: int
    quota_bytes: int
    free_bytes: int
    warning: str | None  # shown to the clerk/IT; None when all is well
    blocked: bool  # True: new captures are refused (the disk is nearly full)


def check_free_space(ctx) -> None:
    """Refuse a new page when the disk is nearly full: a half-written DB is worse than a retry."""
    root = ctx.config.attachments_dir if ctx.config.attachments_dir.exists() else ctx.config.data_dir
    free = shutil.disk_usage(root).free
    if free < MIN_FREE_BYTES:
        raise AttachmentError(f"磁盘剩余空间只有 {free // (1024 * 1024)} MB，已暂停保存新的材料页面；"
                              "请联系信息技术人员清理磁盘。")


def storage_status(ctx) -> StorageStatus:
    """Space used by attachments against the quota, and the disk's free space."""
    with ctx.db.session() as s:
        used = s.execute(text("SELECT coalesce(sum(size), 0) FROM "
                              "(SELECT sha256, max(size) AS size FROM attachment GROUP BY sha256)")).scalar() or 0
    quota = ctx.config.storage.attachment_quota_mb * 1024 * 1024
    root = ctx.config.attachments_dir if ctx.config.attachments_dir.exists() else ctx.config.data_dir
    free = shutil.disk_usage(root).free
    warning, blocked = None, False
    if free < MIN_FREE_BYTES:
        warning, blocked = (f"磁盘剩余空间只有 {free // (1024 * 1024)} MB，已暂停保存新的材料页面；"
                            "请联系信息技术人员清理磁盘。"), True
    elif used >= quota:
        warning = (f"附件已占用 {used // (1024 * 1024)} MB，超过配额 {quota // (1024 * 1024)} MB；"
                   "请联系信息技术人员运行“attachments gc”或调整配额。")
    elif used >= quota * QUOTA_WARN_RATIO:
        warning = f"附件已占用配额的 {used * 100 // quota}%（{used // (1024 * 1024)} MB），请尽快清理或调整配额。"
    return StorageStatus(used, quota, free, warning, blocked)
