"""One operation of the counter in a child process, with deterministic kill points (see killpoints.py).

    python -m tests.faults.child OP DATA_DIR [ARG]

Prints ``done <what>`` (flushed) for every unit of work the process believes it committed, so the
campaign can check that nothing it was told about is lost after the kill and the restart.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from tests.faults import killpoints


def _ctx(data_dir: Path):
    from desktop.config import load_config
    from desktop.services.context import AppContext

    return AppContext.open(load_config(data_dir=data_dir, search_default_provisioning=False))


def say(text: str) -> None:
    print(f"done {text}", flush=True)


def accept(ctx, arg: str) -> None:
    from desktop.services.accounts.auth import CurrentUser
    from desktop.services.intake.service import IntakeService

    intake = IntakeService(ctx)
    clerk = CurrentUser(1, "clerk1", "王小丽", "clerk")
    for uuid in json.loads(Path(arg).read_text()):
        decision = intake.accept(clerk, uuid)
        say(f"{uuid} {decision.acceptance_no}")


def capture(ctx, arg: str) -> None:
    from desktop.devices.capture.base import CapturedPage
    from desktop.services.attachments import AttachmentService

    service = AttachmentService(ctx)
    material_id, pages = (int(x) for x in arg.split(":"))
    for n in range(pages):
        data = b"\xff\xd8 page %d of a scanned ID card \xff\xd9" % n  # page 0 equals an old orphan file
        page = service.add_page(material_id, CapturedPage(data, "image/jpeg", 10, 10, "file"))
        say(f"{page.id} {hashlib.sha256(data).hexdigest()}")


def restore(ctx, arg: str) -> None:
    from desktop.services.maintenance.store_recovery import restore_file

    store = ctx.db.store
    ctx.close()
    restore_file(store, Path(arg))
    say("restore")


def gc(ctx, _arg: str) -> None:
    from desktop.services.attachments import collect_garbage

    report = collect_garbage(ctx, min_age_seconds=0)
    say(f"gc {report.removed_files}")


def catalog(ctx, arg: str) -> None:
    from desktop.services.catalog.service import CatalogService

    summary = CatalogService(ctx).import_file(Path(arg), source="import", actor="campaign")
    say(f"catalog {len(summary.new)}")


def sync(ctx, arg: str) -> None:
    from sync.engine import SyncEngine
    from sync.token_store import PlaintextFileTokenStore

    summary = SyncEngine(ctx, token_store=PlaintextFileTokenStore(Path(arg))).run_once(budget_seconds=5)
    say(f"sync {summary.created}")


OPS = {"accept": accept, "capture": capture, "restore": restore, "gc": gc, "catalog": catalog, "sync": sync}


def main(argv: list[str]) -> int:
    op, data_dir, arg = argv[0], Path(argv[1]), (argv[2] if len(argv) > 2 else "")
    ctx = _ctx(data_dir)  # opening is not under test here: the points count from the operation on
    killpoints.install()
    OPS[op](ctx, arg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
