"""`onewindow catalog import|list|show`: the matters catalog for IT."""
from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands._common import CommandError, opened_services, out
from desktop.domain.catalog_format import CERT_TYPES, FORMS, CatalogInvalid


def register(sub: argparse._SubParsersAction) -> None:
    cat = sub.add_parser("catalog", help="matters catalog: import a file, list, show one matter")
    catsub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    p = catsub.add_parser("import", help="check and import a catalog JSON file (all or nothing)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=_import)
    p = catsub.add_parser("list", help="list matters, or search them like the intake screen")
    p.add_argument("--search", default="", help="name, code, department or pinyin initials")
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(func=_list)
    p = catsub.add_parser("show", help="one matter with its materials")
    p.add_argument("code")
    p.set_defaults(func=_show)


def _import(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        try:
            summary = s.catalog.import_file(args.file, source="import", actor="cli")
        except CatalogInvalid as exc:
            lines = [f"目录文件 {args.file} 未导入（没有写入任何数据）："]
            lines += [f"  - {p}" for p in exc.problems[:30]]
            if len(exc.problems) > 30:
                lines.append(f"  …… 另有 {len(exc.problems) - 30} 处问题")
            raise CommandError("\n".join(lines)) from exc
    out(f"已导入 {args.file}：{summary.describe()}")
    for label, codes in (("新增", summary.new), ("变更", summary.changed), ("删除", summary.deleted),
                         ("恢复", summary.restored)):
        if codes:
            shown = "、".join(codes[:20]) + (f" 等 {len(codes)} 项" if len(codes) > 20 else "")
            out(f"  {label}：{shown}")
    if summary.unknown_tombstones:
        out(f"  忽略 {len(summary.unknown_tombstones)} 个本地不存在的删除编码")
    return 0


def _days(immediate: bool, days: int) -> str:
    return "即办" if immediate else f"{days} 个工作日"


def _list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        hits = s.matters.search(args.search, limit=args.limit)
    for hit in hits:
        out(f"{hit.code}  {hit.name}  [{hit.department}]  {_days(hit.immediate, hit.promised_days)}  v{hit.version}")
    out(f"共 {len(hits)} 项")
    return 0


def _show(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        matter = s.matters.get_matter(args.code)
    if matter is None:
        raise CommandError(f"没有编码为 {args.code} 的事项")
    out(f"{matter.code}  {matter.name}（第 {matter.version} 版{'，已删除' if matter.deleted else ''}）")
    out(f"实施部门：{matter.department}    事项类型：{matter.kind}")
    out(f"承诺时限：{_days(matter.immediate, matter.promised_days)}    法定时限：{matter.legal_days} 个工作日")
    out(f"收费：{matter.fee_cents / 100:.2f} 元  {matter.fee_note}")
    for m in matter.materials:
        flags = [FORMS.get(m.form, m.form), f"{m.copies} 份", "必交" if m.required else "选交"]
        if m.deferrable:
            flags.append("可容缺")
        if m.cert_type:
            flags.append(f"可用电子证照：{CERT_TYPES.get(m.cert_type, m.cert_type)}")
        out(f"  {m.seq:>2}. {m.name}（{'，'.join(flags)}）{('  ' + m.notes) if m.notes else ''}")
    return 0
