"""`onewindow print KIND REFERENCE --out FILE.pdf`: the same document the counter prints, from the CLI.

For supervisors' reprints and checks. REFERENCE is an acceptance number (受理编号), the platform's
办件编号, a notice number (BZ-/BY-/CL- + 12 hex digits, printed on supplement and rejection
notices), the application's UUID or a UUID prefix of 8+ hex digits (a draft's reference).
A KIND that does not fit the case's state is refused with the kinds that do. The first copy
issues the paper (its number from the register, its content frozen); the file counts as an
issued copy: it is recorded (outcome ``saved_pdf``) and a later copy of the same kind is marked 补打
and reproduces it exactly. ``--reissue`` issues a new paper (new number) from the case as it
stands, e.g. after a correction.

`onewindow print verify TEXT [--code CODE]` checks a paper against the record: TEXT is what its
QR code holds, or its document number (文号) with the 核验码 printed beside the QR code.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select

from desktop.commands._common import CommandError, opened_services, out
from desktop.services.accounts.auth import CurrentUser
from desktop.services.papers.content import DocumentError
from desktop.store.models import User
from printing.documents import DocumentKind
from printing.text import local_time


def register(sub: argparse._SubParsersAction) -> None:
    kinds = ", ".join(f"{k.value} ({k.title})" for k in DocumentKind)
    p = sub.add_parser("print", help="render a case's receipt or notice to a PDF file; verify a paper",
                       description=f"Render a printed document to PDF. KIND: {kinds}. "
                                   "`print verify TEXT [--code CODE]` checks a paper against the record.")
    p.add_argument("kind", metavar="KIND", choices=[k.value for k in DocumentKind] + ["verify"])
    p.add_argument("reference", metavar="REFERENCE",
                   help="acceptance number, 办件编号, document number (文号), notice number, UUID or UUID prefix; "
                        "for verify: the QR code's text or the document number")
    p.add_argument("--out", type=Path, help="PDF file to write (required unless verifying)")
    p.add_argument("--by", metavar="USERNAME", help="record the copy as issued by this account")
    p.add_argument("--reissue", action="store_true",
                   help="issue a new paper with a new number from the case as it stands (after a correction)")
    p.add_argument("--code", default="", help="verify: the 核验码 printed beside the QR code")
    p.set_defaults(func=_print)


def _actor(ctx, username: str | None) -> CurrentUser | None:
    if not username:
        return None
    with ctx.db.session() as s:
        user = s.scalars(select(User).where(User.username == username)).one_or_none()
        if user is None or not user.active:
            raise CommandError(f"账号 {username} 不存在或已停用")
        return CurrentUser(id=user.id, username=user.username, display_name=user.display_name, role=user.role)


def _verify(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        result = s.verifier.verify(args.reference, args.code)
    for line in result.lines():
        out(line)
    return 0 if result.ok else 1


def _print(args: argparse.Namespace) -> int:
    if args.kind == "verify":
        return _verify(args)
    if args.out is None:
        raise CommandError("请用 --out 指定要写入的 PDF 文件")
    with opened_services(args) as s:
        actor = _actor(s.ctx, args.by)
        records = s.prints
        try:
            prepared = records.prepare(args.reference, args.kind, actor=actor, reissue=args.reissue)
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        try:
            path = records.save_pdf(prepared, args.out)
        except OSError as exc:
            raise CommandError(f"无法写入 {args.out}：{exc.strerror or exc}") from exc
        records.record(prepared, actor=actor, printer=f"PDF: {path}", outcome="saved_pdf")
    for warning in prepared.rendered.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    note = ""
    if prepared.original is not None:
        note = f"（补打，原打印时间 {local_time(prepared.original.printed_at_local)}）"
    number = f" {prepared.issue.document_no}" if prepared.issue else ""
    out(f"已生成《{prepared.kind.title}》{number}{note}：{path}，共 {prepared.rendered.pages} 页")
    return 0
