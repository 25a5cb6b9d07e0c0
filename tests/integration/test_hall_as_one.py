"""The hall works as one (issue 15, "Done when"): three data dirs — W01, W02 and a supervisor PC — on ONE
reference server process.

W01 asks for a supplement; W02 finds the case by its receipt's QR payload, records the supplement
and prints; W01 sees the change after its next pull; the supervisor's hall report for the day
equals the platform's own count, window by window. Then W01 and W02 act on one case while W02 is
offline: after sync one event wins, W02 is told in plain words, and the platform's event log holds
every event exactly once.
"""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.domain.lifecycle import Status
from desktop.domain.reports import ReportPeriod, local_today
from desktop.services.hall.report import HallReportService
from desktop.services.papers.records import PrintRecords
from desktop.store.models import Application, PrintedDocument
from tests.integration.hall_world import IMMEDIATE, citizen, hall_codes, open_window, receipt_qr

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_three_pcs_one_platform_the_hall_works_as_one(tmp_path, central):
    codes = hall_codes(central, 3)
    w1 = open_window(tmp_path, central, "W01", codes[0])
    w2 = open_window(tmp_path, central, "W02", codes[1])
    sup = open_window(tmp_path, central, "S01", codes[2], role="supervisor", username="boss", display="李主任")
    try:
        # --- a morning in the hall ------------------------------------------------------------
        supplement_case = w1.take_case(citizen(1), missing=(2,))
        number = w1.intake.request_supplement(w1.clerk, supplement_case).acceptance_no
        assert number is not None
        w1.intake.accept(w1.clerk, w1.take_case(citizen(2)))
        w1.intake.complete_immediately(w1.clerk, w1.take_case(citizen(3), matter=IMMEDIATE))
        w2.intake.accept(w2.clerk, w2.take_case(citizen(4), deferred=(3,)))
        w2.intake.reject(w2.clerk, w2.take_case(citizen(5)), "不属于本事项受理范围")
        for w in (w1, w2):
            w.sync()
        w2.sync()  # (the second run brings W02's own events back numbered)

        # --- W02 continues W01's case from the receipt's QR ----------------------------------
        found = w2.cases.find(receipt_qr(w2.ctx, number))
        assert [c.uuid for c in found.cases] == [supplement_case] and found.cases[0].window_id == "W01"
        w2.cases.open(supplement_case)
        done = w2.actions.record_supplement(w2.clerk, supplement_case)
        assert done.acceptance_no == number and done.status == Status.ACCEPTED
        records = PrintRecords(w2.ctx)
        for kind in done.papers:  # 受理通知书 and 材料接收凭证, printed at W02 under the original number
            prepared = records.prepare(supplement_case, kind)
            records.record(prepared, actor=w2.clerk, printer="W02-A4")
            assert number in pdf_text(prepared.rendered.pdf)
        with w2.ctx.db.session() as s:
            printed = s.execute(select(PrintedDocument.kind).join(Application).where(
                Application.uuid == supplement_case)).scalars().all()
        assert sorted(printed) == ["materials-receipt", "receipt"]
        w2.sync()

        # --- W01 sees it after its next pull ---------------------------------------------------
        w1.sync()
        view = w1.cases.view(supplement_case)
        assert view.status == Status.ACCEPTED and view.due_date is not None
        assert [line.window_id for line in view.history] == ["W01", "W02"]
        assert "W02 号窗口" in view.history[-1].text and "补齐材料" in view.history[-1].text

        # --- the supervisor's hall report equals the platform's own count, window by window ---
        sup.sync()
        today = local_today(sup.ctx.now())
        report = HallReportService(sup.ctx).build(sup.clerk, ReportPeriod.day(today), scope="hall")
        platform = central.admin_get(f"/admin/hall/report?date={today.isoformat()}")["windows"]
        ours = {row.key: {b: n for b, _label, n in row.counts.items() if n} for row in report.by_window}
        assert ours == platform
        assert set(ours) == {"W01", "W02"} and report.total == 5
        assert report.coverage is not None and not report.coverage.partial
        assert {w.window_id for w in report.coverage.windows} >= {"W01", "W02", "S01"}
        assert all(w.last_seen_at is not None for w in report.coverage.windows)
        clerks = {row.label for row in report.by_clerk}
        assert clerks == {"W01窗口员", "W02窗口员"}  # per-clerk over the hall, by the names the windows gave

        # --- W01 and W02 on one case, W02 offline ---------------------------------------------
        contested = w1.take_case(citizen(6), missing=(2,))
        w1.intake.request_supplement(w1.clerk, contested)
        w1.sync()
        w2.sync()
        w2.cases.open(contested)
        w2.go_offline()
        w2.actions.record_supplement(w2.clerk, contested)
        w1.actions.record_supplement(w1.clerk, contested)
        w1.sync()
        w2.go_online(central)
        told = w2.sync().hall_refusals
        assert len(told) == 1 and re.fullmatch(r"此件已于 \d\d:\d\d 在 W01 号窗口补齐材料", told[0]), told
        for w in (w1, w2, sup):
            w.sync()

        log = central.admin_get("/admin/hall/events")["items"]
        assert len(log) == len({e["event_uuid"] for e in log})  # every event exactly once
        per_case: dict[str, list[int]] = {}
        for e in log:
            if e["version"] is not None:
                per_case.setdefault(e["case_uuid"], []).append(e["version"])
        assert all(sorted(v) == list(range(1, len(v) + 1)) for v in per_case.values())
        refused = [e for e in log if e["version"] is None]
        assert [(e["case_uuid"], e["window_id"], e["refused"]["message"]) for e in refused] == [
            (contested, "W02", told[0])]
        with sup.ctx.db.session() as s:  # the supervisor's PC lists the event that lost
            from desktop.store.hall_models import CaseEvent

            listed = s.execute(select(CaseEvent.window_id, CaseEvent.refusal)
                               .where(CaseEvent.push_state == "refused")).all()
        assert listed == [("W02", told[0])]
        from desktop.services.conflicts import ConflictService

        for w in (sup, w2):  # in the supervisor's conflict list, on the supervisor's PC and at W02
            (conflict,) = ConflictService(w.ctx).list()
            assert conflict.kind == "hall_event" and told[0] in conflict.reason and conflict.case_uuid == contested
            assert [str(c) for c in conflict.choices()] == ["acknowledged"]
        with w1.ctx.db.session() as s:
            assert s.execute(select(Application.status).where(Application.uuid == contested)).scalar() == "accepted"
    finally:
        for w in (w1, w2, sup):
            w.ctx.close()
