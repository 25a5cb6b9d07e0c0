"""`onewindow calendar import FILE | status`: the working-day calendar for IT.

``import`` loads an official holiday arrangement (国务院办公厅 notice, same format as the bundled
``resources/calendar/cn-public-holidays.json``), replaces the years it contains, and recomputes
the due dates of open cases counted across them (each change is a new queued version with an
event), all audited. ``status`` lists the years the app has official data for, and warns from
1 November when next year is still missing.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.commands._common import CommandError, opened_services, out


def register(sub: argparse._SubParsersAction) -> None:
    cal = sub.add_parser("calendar", help="working-day calendar: import an official arrangement, status")
    csub = cal.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    imp = csub.add_parser("import", help="load an official holiday arrangement and recompute open cases' due dates")
    imp.add_argument("file", type=Path, metavar="FILE", help="JSON in the format of cn-public-holidays.json")
    imp.add_argument("--by", metavar="USERNAME", default="", help="record the import under this account")
    imp.set_defaults(func=_import)
    st = csub.add_parser("status", help="years with official data, and the warning when next year is missing")
    st.set_defaults(func=_status)


def _import(args: argparse.Namespace) -> int:
    from desktop.services.catalog.calendar import CalendarInvalid

    try:
        document = json.loads(args.file.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CommandError(f"无法读取 {args.file}：{exc.strerror or exc}") from exc
    except ValueError as exc:
        raise CommandError(f"{args.file} 不是有效的 JSON：{exc}") from exc
    with opened_services(args) as s:
        try:
            result = s.calendar.import_document(document, actor=args.by or "it", source="import")
        except CalendarInvalid as exc:
            raise CommandError(str(exc)) from exc
    for line in result.lines():
        out(line)
    return 0


def _status(args: argparse.Namespace) -> int:
    from desktop.services.catalog.calendar import SOURCE_LABELS

    with opened_services(args) as s:
        years = s.calendar.years()
        warning = s.calendar.coverage_warning()
    for year, source in sorted(years.items()):
        out(f"{year} 年：{SOURCE_LABELS.get(source, source)}")
    if warning:
        out("警告：" + warning)
        return 1
    return 0

