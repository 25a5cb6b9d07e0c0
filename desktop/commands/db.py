"""`onewindow db upgrade|check|backup|restore|init|shell|export-plain`: database care for IT.

``restore``, ``shell``, ``export-plain`` and a ``backup`` of an unencrypted store hand over or
replace every citizen's data, so they need an admin credential (``desktop/commands/_admin_gate.py``)
and are audited with the OS user who ran them.
"""
from __future__ import annotations

import argparse
import errno
import subprocess
from pathlib import Path

from desktop.commands._admin_gate import GATE_HELP, add_gate_options, audit_cli, require_admin
from desktop.commands._common import CommandError, config_from_args, opened_context, out
from desktop.store import migrate
from desktop.store.connect import WRITE_ERRORS


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database: upgrade, check, backup, restore, shell (some need an admin credential)")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p = dbsub.add_parser("upgrade", help="back up, then apply pending migrations")
    p.set_defaults(func=_upgrade)
    p = dbsub.add_parser("check", help="integrity check plus OneWindow's own invariants and the audit anchor")
    p.set_defaults(func=_check)
    p = dbsub.add_parser("backup", help="consistent online backup to a file (admin credential if the store is plain)",
                         description=GATE_HELP)
    p.add_argument("--out", type=Path, required=True)
    add_gate_options(p)
    p.set_defaults(func=_backup)
    p = dbsub.add_parser("restore", help="replace the database with a backup (admin credential; the old file is kept)",
                         description=GATE_HELP)
    p.add_argument("file", type=Path)
    add_gate_options(p)
    p.set_defaults(func=_restore)
    p = dbsub.add_parser("init", help="start an empty store on purpose next to traces of an old one")
    p.add_argument("--fresh", action="store_true", required=True,
                   help="yes, start empty (the old files stay where they are)")
    add_gate_options(p)
    p.set_defaults(func=_init)
    p = dbsub.add_parser("export-plain", help="an UNENCRYPTED copy for a support case (admin credential, audited)",
                         description=GATE_HELP)
    p.add_argument("--out", type=Path, required=True, help="file to write (keep it safe; delete it after)")
    add_gate_options(p)
    p.set_defaults(func=_export_plain)
    p = dbsub.add_parser("shell", help="the sqlite3 shell on an unencrypted temporary copy (admin credential, audited)",
                         description=GATE_HELP)
    add_gate_options(p)
    p.set_defaults(func=_shell)


def disk_message(exc: BaseException, what: str) -> str:
    """What to do about an OS or SQLite error while writing a file, in IT's words."""
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, errno.EDQUOT) or "full" in str(exc).lower():
        return f"{what}失败：磁盘已满。请清理磁盘空间（或换一个有空间的位置）后重试；数据库没有被改动。"
    if number in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{what}失败：没有写入权限（{getattr(exc, 'strerror', exc)}）。请换一个可写的位置或检查权限。"
    return f"{what}失败：{getattr(exc, 'strerror', None) or exc}"


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
    from desktop.services.maintenance.db_check import damaged
    from desktop.services.maintenance.store_recovery import check_store, newest_sound_backup

    config = config_from_args(args)
    if not config.db_path.exists():
        raise CommandError(f"数据库 {config.db_path} 不存在")
    findings = check_store(config)
    for finding in findings:
        status = "WARN " if finding.warning else "OK   " if finding.ok else "FAIL "
        out(status + finding.name + (f": {finding.detail}" if finding.detail else ""))
    failed = [f for f in findings if not f.ok]
    out(f"{len(findings) - len(failed)} passed, {len(failed)} failed")
    if damaged(findings):
        backup = newest_sound_backup(config.backup_dir, config)
        out("数据库文件已损坏。" + (f"可用最新的完好备份恢复：onewindow db restore {backup}" if backup else
                                   "没有找到完好的备份，请联系技术支持，不要删除数据目录中的任何文件。"))
    return 1 if failed else 0


def _backup(args: argparse.Namespace) -> int:
    from desktop.services.maintenance.store_recovery import store_of

    config = config_from_args(args)
    if not config.db_path.exists():
        raise CommandError(f"数据库 {config.db_path} 不存在")
    store = store_of(config)
    if not store.encrypted:
        with opened_context(args) as ctx:
            who = require_admin(args, ctx)
            audit_cli(ctx, who, "cli.db.backup", str(args.out), {"encrypted": False})
    try:
        migrate.backup_database(store, args.out)
    except WRITE_ERRORS as exc:
        raise CommandError(disk_message(exc, f"写入备份文件 {args.out} ")) from exc
    out(f"已备份到 {args.out}" + ("（加密，与本机数据库同一密钥）" if store.encrypted else ""))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from desktop.services.maintenance.store_recovery import restore_file, store_of

    config = config_from_args(args)
    if not args.file.is_file():
        raise CommandError(f"备份文件 {args.file} 不存在")
    with opened_context(args, allow_fresh=True) as ctx:
        who = require_admin(args, ctx)
        audit_cli(ctx, who, "cli.db.restore", args.file.name)
    try:
        kept = restore_file(store_of(config), args.file)
    except WRITE_ERRORS as exc:
        raise CommandError(disk_message(exc, "恢复数据库")) from exc
    out(f"已从 {args.file} 恢复数据库")
    if kept:
        out(f"原数据库已另存为 {kept}")
    with opened_context(args) as ctx:  # the restored store records who put it there
        audit_cli(ctx, who, "cli.db.restored", args.file.name, {"replaced_kept_as": kept.name if kept else ""})
    return 0


def _init(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if config.db_path.exists() and config.db_path.stat().st_size > 0:
        raise CommandError(f"数据库 {config.db_path} 已存在，不需要初始化。")
    with opened_context(args, allow_fresh=True) as ctx:
        who = require_admin(args, ctx, first_account_ok=True)
        audit_cli(ctx, who, "cli.db.init_fresh")
    out(f"已新建空数据库 {config.db_path}；原有的文件保持原样。")
    return 0


def _export_plain(args: argparse.Namespace) -> int:
    with opened_context(args) as ctx:
        who = require_admin(args, ctx)
        try:
            migrate.backup_database(ctx.db.store, args.out, out_key=None)
        except WRITE_ERRORS as exc:
            raise CommandError(disk_message(exc, f"写入 {args.out} ")) from exc
        audit_cli(ctx, who, "cli.db.export_plain", str(args.out))
    out(f"已写出未加密副本 {args.out}。其中有完整的个人信息：用完请立即删除。")
    return 0


def _shell(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        raise CommandError("本机没有 sqlite3 命令行工具。可改用 db export-plain 导出未加密副本。")
    with opened_context(args) as ctx, tempfile.TemporaryDirectory(prefix="onewindow-support-") as tmp:
        who = require_admin(args, ctx)
        copy = Path(tmp) / "support-copy.sqlite3"
        migrate.backup_database(ctx.db.store, copy, out_key=None)
        audit_cli(ctx, who, "cli.db.shell")
        out(f"只读支持副本：{copy}（退出后删除；对它的修改不会影响数据库）")
        return subprocess.call([sqlite, str(copy)])
