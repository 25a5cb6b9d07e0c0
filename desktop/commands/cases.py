"""`onewindow cases find QUERY` and `onewindow cases show NUMBER`: the hall's lookups for IT and scripts.

The same lookups as the find box at the counter: a receipt's QR payload, an acceptance number,
the platform's 办件编号, or an ID number (looked up by the hall's keyed hash, never sent).
The hall cache answers first (offline too); the platform is asked when the cache has nothing
and this PC is enrolled. Personal data is printed masked. Exit status 1 when nothing is found.
"""
from __future__ import annotations

import argparse
import json

from desktop.commands._common import CommandError, opened_hall, out


def register(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help="find a case of any window of the hall; show its history")
    csub = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    f = csub.add_parser("find", help="find by receipt QR payload, acceptance number, 办件编号 or ID number")
    f.add_argument("query")
    f.add_argument("--offline", action="store_true", help="look in this PC's hall cache only")
    f.add_argument("--json", action="store_true", help="one JSON object per case (masked)")
    f.set_defaults(func=_find)
    s = csub.add_parser("show", help="a case with its materials and history (cached here in full when online)")
    s.add_argument("number", help="acceptance number, 办件编号 or a receipt's QR payload")
    s.add_argument("--offline", action="store_true", help="look in this PC's hall cache only")
    s.set_defaults(func=_show)


def _find(args: argparse.Namespace) -> int:
    from desktop.services.hall.clock import hall_time

    with opened_hall(args, offline=args.offline) as services:
        result = services.hall_cases.find(args.query)
    if not result.found:
        raise CommandError(result.message or "未找到办件。")
    for c in result.cases:
        if args.json:
            out(json.dumps({"uuid": c.uuid, "acceptance_no": c.acceptance_no, "official_no": c.official_no,
                            "matter": c.matter_name, "applicant": c.applicant, "applicant_id": c.applicant_id_masked,
                            "window": c.window_id, "status": c.status, "own": c.own, "cached": c.cached},
                           ensure_ascii=False))
            continue
        when = f"{hall_time(c.updated_at):%Y-%m-%d %H:%M}" if c.updated_at else ""
        out(f"{c.number}  {c.status_label}  {c.matter_name}  申请人 {c.applicant} {c.applicant_id_masked}  "
            f"{c.window_id} 号窗口受理{'（本机）' if c.own else ''}  更新于 {when}")
    out(f"共 {len(result.cases)} 件（{'本机大厅缓存' if result.source == 'local' else '中心平台'}）")
    return 0


def _show(args: argparse.Namespace) -> int:
    from desktop.services.hall.clock import hall_time

    with opened_hall(args, offline=args.offline) as services:
        service = services.hall_cases
        result = service.find(args.number)
        if not result.found:
            raise CommandError(result.message or "未找到办件。")
        if len(result.cases) > 1:
            raise CommandError(f"“{args.number}”对应 {len(result.cases)} 件办件，请用受理编号查看其中一件"
                               "（可先用 cases find 列出）。")
        view = service.open(result.cases[0].uuid)
    out(f"受理编号 {view.acceptance_no or '—'}   办件编号 {view.official_no or '—'}")
    out(f"事项 {view.matter_name}（{view.matter_code}）  {view.department}")
    out(f"申请人 {view.applicant_name} {view.applicant_id_masked}")
    out(f"受理窗口 {view.window_id}  {view.clerk_name}   状态 {view.status_label}   平台第 {view.version} 版")
    if view.due_date:
        out(f"承诺办结日 {view.due_date.isoformat()}" + (f"（补正暂停 {view.paused_working_days} 个工作日）"
                                                      if view.paused_working_days else ""))
    if view.handover_text:
        out(f"出件：{view.handover_text}")
    out("材料：")
    for m in view.materials:
        until = f"，须于 {m.deferred_until} 前补交" if m.deferred_until else ""
        pages = f"，{m.pages} 页" if m.pages else ""
        out(f"  {m.seq}. {m.name}（{'必需' if m.required else '非必需'}）：{m.state_label}{until}{pages}")
    out("办理记录：")
    for line in view.history:
        state = {"pending": "（待上传）", "sending": "（待上传）", "refused": "（未被采用）", "parked": "（被平台退回）"}
        out(f"  {line.text}{state.get(line.state, '')}")
        if line.refusal:
            out(f"    → {line.refusal}")
    if not view.history:
        out(f"  （本机没有该办件的事件记录；受理于 {hall_time(view.created_at):%Y-%m-%d %H:%M}）")
    return 0
