"""`onewindow attachments gc|status|verify`: attachment retention and health for IT."""
from __future__ import annotations

import argparse

from desktop.commands._common import CommandError, opened_context, opened_services, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("attachments", help="material page files: gc, status, verify")
    asub = p.add_subparsers(dest="attachments_command", metavar="ACTION", required=True)
    gc = asub.add_parser("gc", help="remove page files nobody references and temp files left by a crash")
    gc.add_argument("--min-age-minutes", type=float, default=60.0,
                    help="keep unreferenced files younger than this (an import may be running); default 60")
    gc.add_argument("--dry-run", action="store_true", help="report what would be removed, remove nothing")
    gc.set_defaults(func=_gc)
    st = asub.add_parser("status", help="space used against the quota, free disk space")
    st.set_defaults(func=_status)
    ver = asub.add_parser("verify", help="re-hash every referenced page file and list damaged or missing ones")
    ver.set_defaults(func=_verify)
    enc = asub.add_parser("encrypt", help="encrypt new page files with a key kept in the OS keyring")
    enc.set_defaults(func=_encrypt)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _gc(args: argparse.Namespace) -> int:
    from desktop.services.attachments import AttachmentError, collect_garbage

    if args.min_age_minutes < 0:
        raise CommandError("--min-age-minutes 不能为负数")
    with opened_context(args) as ctx:
        try:
            report = collect_garbage(ctx, min_age_seconds=args.min_age_minutes * 60, dry_run=args.dry_run)
        except AttachmentError as exc:
            raise CommandError(str(exc)) from exc
    verb = "可删除" if args.dry_run else "已删除"
    out(f"{verb}未引用的页面文件 {report.removed_files} 个、临时文件 {report.removed_temp} 个，"
        f"{'可' if args.dry_run else '已'}释放 {_mb(report.freed_bytes)}")
    out(f"保留：仍被引用 {report.kept_referenced} 个，较新（可能正在导入）{report.kept_young} 个")
    for error in report.errors:
        out(f"未能删除：{error}")
    return 1 if report.errors else 0


def _status(args: argparse.Namespace) -> int:
    from desktop.services.attachments import storage_status

    with opened_context(args) as ctx:
        status = storage_status(ctx)
    out(f"附件占用 {_mb(status.used_bytes)} / 配额 {_mb(status.quota_bytes)}，磁盘剩余 {_mb(status.free_bytes)}")
    if status.warning:
        out(f"警告：{status.warning}")
    return 1 if status.blocked else 0


def _verify(args: argparse.Namespace) -> int:
    from desktop.services.attachments import AttachmentError
    from desktop.services.attachments.retention import referenced_hashes

    bad = 0
    with opened_services(args) as s:
        ctx, service = s.ctx, s.attachments
        hashes = sorted(referenced_hashes(ctx))
        for sha in hashes:
            try:
                service.open_attachment_bytes(sha)
            except AttachmentError as exc:
                bad += 1
                out(f"FAIL {sha[:12]}…: {exc}")
    out(f"{len(hashes) - bad} 个页面文件完好，{bad} 个有问题")
    return 1 if bad else 0


def _encrypt(args: argparse.Namespace) -> int:
    from desktop.commands._common import config_from_args
    from desktop.services.attachments import EncryptionUnavailable
    from desktop.services.attachments.crypto import enable_encryption

    config = config_from_args(args)
    if config.security.encrypt_attachments:
        out("附件加密已开启。")
        return 0
    try:
        enable_encryption(config)
    except EncryptionUnavailable as exc:
        raise CommandError(str(exc)) from exc
    out("已开启附件加密：此后保存的页面文件将加密存放，密钥保存在系统密钥环中。已有的页面文件保持原样，仍可读取。")
    return 0
