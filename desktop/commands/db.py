"""`onewindow db upgrade|check|backup|restore`: database care for IT."""
from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands._common import CommandError, config_from_args, opened_context, out
from desktop.store import migrate


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database: upgrade, check, backup, restore")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p = dbsub.add_parser("upgrade", help="back up, then apply pending migrations")
    p.set_defaults(func=_upgrade)
    p = dbsub.add_parser("check", help="integrity check plus OneWindow's own invariants")
    p.set_defaults(func=_check)
    p = dbsub.add_parser("backup", help="consistent online backup to a file")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_backup)
    p = dbsub.add_parser("restore", help="replace the database with a backup (the old file is kept aside)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=_restore)


def _upgrade(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        opened = ctx.opened
        assert opened is not None
        if opened.from_revision == opened.to_revision:
            out(f"数据库已是最新版本 {opened.to_revision}")
        else:
            out(f"数据库已从 {opened.from_revision or '空库'} 升级到 {opened.to_revision}")
            if opened.backup:
                out(f"升级前备份：{opened.backup}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from desktop.services.maintenance.db_check import run_checks

    config = config_from_args(args)
    if not config.db_path.exists():
        raise CommandError(f"数据库 {config.db_path} 不存在")
    findings = run_checks(config.db_path)
    for finding in findings:
        out(("OK   " if finding.ok else "FAIL ") + finding.name + (f": {finding.detail}" if finding.detail else ""))
    failed = [f for f in findings if not f.ok]
    out(f"{len(findings) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def _backup(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if not config.db_path.exists():
        raise CommandError(f"数据库 {config.db_path} 不存在")
    try:
        migrate.backup_database(config.db_path, args.out)
    except OSError as exc:
        raise CommandError(f"无法写入备份文件 {args.out}：{exc.strerror or exc}") from exc
    out(f"已备份到 {args.out}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if not args.file.is_file():
        raise CommandError(f"备份文件 {args.file} 不存在")
    kept = migrate.restore_database(args.file, config.db_path)
    out(f"已从 {args.file} 恢复数据库")
    if kept:
        out(f"原数据库已另存为 {kept}")
    return 0
