"""`onewindow report daily`: the supervisor's report as a file, for scheduled jobs.

Scheduled exports run without anyone signed in, so they act as the built-in "计划任务"
supervisor identity: masked personal data only (a full export needs an admin at the screen).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands._common import CommandError, opened_services, out
from desktop.domain.reports import ReportInputError, ReportPeriod
from desktop.services.accounts.auth import CurrentUser, PermissionDenied
from desktop.services.reports.export import FORMATS, ExportError, check_writable, export_report

SCHEDULED = CurrentUser(id=0, username="scheduled-report", display_name="计划任务", role="supervisor")


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="supervisor reports: daily or any date range, as PDF/CSV/XLSX")
    rsub = report.add_subparsers(dest="report_command", metavar="KIND", required=True)
    p = rsub.add_parser("daily", help="the daily report for a date (or --from/--to) and one or all windows")
    p.add_argument("--date", help="local date YYYY-MM-DD (default: today)")
    p.add_argument("--from", dest="date_from", help="first local date of a range, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="last local date of a range, YYYY-MM-DD (default: --from)")
    p.add_argument("--scope", choices=("hall", "window"), default="hall",
                   help="hall: every window of the hall (the hall cache plus this PC's unsynced work, with each "
                        "window's freshness); window: one window (this PC's, or --window)")
    p.add_argument("--window", help="window id such as W07 (with --scope window; default: this PC's window)")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", type=Path, required=True, help="file to write")
    p.set_defaults(func=_daily)


def _period(args: argparse.Namespace, today) -> ReportPeriod:
    if args.date and (args.date_from or args.date_to):
        raise CommandError("--date 与 --from/--to 不能同时使用")
    if args.date_to and not args.date_from:
        raise CommandError("使用 --to 时需要同时给出 --from")
    if args.date_from:
        return ReportPeriod.parse(args.date_from, args.date_to)
    return ReportPeriod.parse(args.date) if args.date else ReportPeriod.day(today)


def _daily(args: argparse.Namespace) -> int:
    try:
        check_writable(args.out)
        with opened_services(args) as s:
            period = _period(args, s.ctx.today())
            if args.window and args.scope == "hall":
                args.scope = "window"  # `--window W07` alone means that window, as it always did
            window = s.hall_report.window_for(args.scope, args.window)
            report = s.hall_report.build(SCHEDULED, period, scope=args.scope, window_id=window)
            result = export_report(s.reports, SCHEDULED, period, window, args.format, args.out, report=report)
    except (ReportInputError, ExportError, PermissionDenied) as exc:
        raise CommandError(str(exc)) from exc
    r = result.report
    out(f"已生成 {period.label()} {r.window_label} 业务报表：{result.path}（{result.size} 字节）")
    out(f"办件总数 {r.total}，" + "，".join(f"{label} {n}" for _, label, n in r.totals.items())
        + f"，已超期 {r.overdue_count}")
    if r.coverage is not None:
        today = r.generated_at_local.date()
        out(r.coverage.note)
        if r.coverage.scope == "hall":
            out("各窗口：" + "；".join(w.text(today) for w in r.coverage.windows))
            for row in r.by_window:
                out(f"  {row.key}：{row.counts.total} 件（" + "，".join(
                    f"{label} {n}" for _, label, n in row.counts.items() if n) + "）")
    return 0
