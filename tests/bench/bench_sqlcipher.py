"""Benchmark: what SQLCipher costs — accept, search, report on an encrypted store vs the same plain store.

Run:  python -m tests.bench.bench_sqlcipher [--quick] [--applications N]

One store is seeded with the bulk demo seeder (N applications over a year, the sample catalog),
then exported into an encrypted twin under a key file (``sqlcipher_export``: the same rows, pages
and indexes). The three figures are taken in turn on both in the same run (plain, encrypted,
plain, …): an accept (the decision transaction, durable), a matter search (the intake box), and
the supervisor's monthly report. The "bare" column of the table is the plain store here, so the
ratio is the encryption's cost.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import func, select  # noqa: E402

from desktop.config import load_config  # noqa: E402
from desktop.domain.reports import ReportPeriod  # noqa: E402
from desktop.services.accounts.auth import CurrentUser  # noqa: E402
from desktop.services.catalog.search import MatterSearch  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from desktop.services.demo.people import PeopleFactory  # noqa: E402
from desktop.services.demo.seed import _clerks, _windows, seed_demo  # noqa: E402
from desktop.services.intake.service import IntakeService  # noqa: E402
from desktop.services.reports import ReportService  # noqa: E402
from desktop.store.connect import StoreFile, export_store  # noqa: E402
from desktop.store.keys import write_key_file  # noqa: E402
from desktop.store.models import Application, Matter  # noqa: E402
from tests.bench.harness import Figure, Size, Table, interleaved  # noqa: E402

QUERIES = ("户口", "hkqy", "营业执照", "gongjijin", "620100-GA", "结婚登记", "社保", "yl")


def _stores(applications: int, root: Path) -> tuple[AppContext, AppContext]:
    plain_dir, enc_dir = root / f"plain-{applications}", root / f"encrypted-{applications}"
    key_file = root / "store.key"
    plain_cfg = load_config(data_dir=plain_dir, search_default_provisioning=False,
                            overrides={"security": {"store_encryption": "off"}})
    enc_cfg = load_config(data_dir=enc_dir, search_default_provisioning=False,
                          overrides={"security": {"store_encryption": "key-file", "store_key_file": str(key_file)}})
    if not (enc_dir / "onewindow.sqlite3").exists():
        ctx = AppContext.open(plain_cfg)
        with ctx.db.session() as s:
            present = s.execute(select(func.count(Application.id))).scalar() or 0
        if present < applications:
            seed_demo(ctx, matters=74, applications=applications - present, days=365, windows=8, bulk=True)
        ctx.close()
        shutil.rmtree(enc_dir, ignore_errors=True)
        enc_dir.mkdir(parents=True)
        key = write_key_file(key_file) if not key_file.exists() else bytes.fromhex(key_file.read_text().strip())
        export_store(StoreFile(plain_cfg.db_path), StoreFile(enc_cfg.db_path, key))
        for extra in ("high-water", "settings.toml"):
            for path in plain_dir.glob(f"{extra}*"):
                shutil.copy(path, enc_dir / path.name)
    return AppContext.open(plain_cfg), AppContext.open(enc_cfg)


def _accept_maker(ctx: AppContext):
    with ctx.db.session() as s:
        code = s.execute(select(Matter.code).where(Matter.immediate.is_(False), Matter.promised_days > 0)
                         .order_by(Matter.code).limit(1)).scalar()
    clerk = _clerks(ctx, _windows(ctx, 1))[0]
    intake = IntakeService(ctx)
    people = PeopleFactory(random.Random(1), dt.date.today())
    drafts: list[str] = []

    def prepare(n: int) -> None:
        for _ in range(n):
            view = intake.start_draft(clerk, code, {})
            intake.save_draft(view.uuid, {"applicant": people.person().to_dict(), "agent": None})
            for m in view.materials:
                if m.required:
                    intake.set_material(view.uuid, m.seq, "provided")
            drafts.append(view.uuid)

    def accept() -> None:
        intake.accept(clerk, drafts.pop())

    return prepare, accept


def bench(size: Size, applications: int | None = None, root: Path | None = None) -> list[Table]:
    applications = applications or size.pick(100_000, 300)
    runs = size.pick(40, 3)
    root = root or Path(tempfile.gettempdir()) / "onewindow-bench-sqlcipher"
    root.mkdir(parents=True, exist_ok=True)
    plain, enc = _stores(applications, root)
    table = Table(f"SQLCipher cost over {applications:,} applications: encrypted store vs the same plain store "
                  f"(bare = plain), {runs} runs each, interleaved")
    try:
        (prep_plain, accept_plain), (prep_enc, accept_enc) = _accept_maker(plain), _accept_maker(enc)
        prep_plain(runs + 1)
        prep_enc(runs + 1)
        b, p = interleaved(accept_plain, accept_enc, runs)
        table.add(Figure("accept (decision transaction, durable)", p, b, "plain store"))
        search_plain, search_enc = MatterSearch(plain, window_id="W01"), MatterSearch(enc, window_id="W01")
        b, p = interleaved(lambda: [search_plain.search(q) for q in QUERIES],
                           lambda: [search_enc.search(q) for q in QUERIES], runs)
        table.add(Figure(f"matter search ({len(QUERIES)} queries)", p, b, "plain store"))
        boss = CurrentUser(id=0, username="bench", display_name="基准测试", role="supervisor")
        today = dt.date.today()
        month = ReportPeriod(today - dt.timedelta(days=30), today)
        report_plain, report_enc = ReportService(plain), ReportService(enc)
        b, p = interleaved(lambda: report_plain.build(boss, month), lambda: report_enc.build(boss, month),
                           max(3, runs // 4))
        table.add(Figure("monthly report, all windows", p, b, "plain store"))
        day = ReportPeriod.day(today)
        b, p = interleaved(lambda: report_plain.build(boss, day), lambda: report_enc.build(boss, day), runs)
        table.add(Figure("daily report, all windows", p, b, "plain store"))
        table.notes.append("key: 256-bit raw key from a key file (no passphrase KDF); SQLCipher "
                           "4 defaults otherwise (AES-256, HMAC-SHA512 per page, 4 KB pages)")
    finally:
        plain.close()
        enc.close()
    return [table]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--applications", type=int)
    args = parser.parse_args()
    for table in bench(Size(args.quick), args.applications):
        print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
